package dev.unstuck.diagnosis;

/** The cluster's API server could not be reached or answered with an unexpected error. */
public class ClusterUnreachableException extends RuntimeException {
    private final String serverUrl;

    public ClusterUnreachableException(String serverUrl, String message, Throwable cause) {
        super(message, cause);
        this.serverUrl = serverUrl;
    }

    public String serverUrl() {
        return serverUrl;
    }
}
