package dev.unstuck.cloud;

/**
 * Told about every VPC OpenAPI call once it has an answer, so call rates and error codes can be watched without the
 * cloud code knowing who watches.
 */
@FunctionalInterface
public interface CloudCallListener {

    /** The code of a call that succeeded. */
    String OK = "OK";

    CloudCallListener NONE = (action, code) -> {
    };

    /**
     * @param action the OpenAPI action, e.g. {@code CreateRouteEntry}
     * @param code   {@link #OK}, or the error code the call failed with (e.g. {@code Throttling.User})
     */
    void called(String action, String code);
}
