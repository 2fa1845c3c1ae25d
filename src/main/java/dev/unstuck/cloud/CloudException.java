package dev.unstuck.cloud;

/**
 * A failed cloud call, already classified. {@link #getMessage()} is one line meant for a person in chat;
 * the raw code and request id are kept for the cloud provider's support.
 */
public class CloudException extends RuntimeException {
    private final CloudErrorClass errorClass;
    private final String code;
    private final String requestId;
    private final int httpStatus;

    public CloudException(CloudErrorClass errorClass, String code, String requestId, int httpStatus, String message,
                          Throwable cause) {
        super(message, cause);
        this.errorClass = errorClass;
        this.code = code;
        this.requestId = requestId;
        this.httpStatus = httpStatus;
    }

    public CloudErrorClass errorClass() {
        return errorClass;
    }

    public String code() {
        return code;
    }

    /** Null when the request never reached the cloud. */
    public String requestId() {
        return requestId;
    }

    /** 0 when no HTTP answer was received. */
    public int httpStatus() {
        return httpStatus;
    }

    public boolean isRetryable() {
        return errorClass == CloudErrorClass.RETRYABLE;
    }
}
