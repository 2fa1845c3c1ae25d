package dev.unstuck.sandbox.vpc;

/**
 * An error the VPC OpenAPI answers with: HTTP status, error code and message, worded as Alibaba Cloud's API reference
 * lists them for CreateRouteEntry and friends, so that whatever reads them in the sandbox reads what the cloud says.
 */
public final class VpcApiError extends RuntimeException {
    private final int status;
    private final String code;

    public VpcApiError(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    static VpcApiError dryRunPassed() {
        return new VpcApiError(400, "DryRunOperation", "Request validation has been passed with DryRun flag set.");
    }

    static VpcApiError quotaExceeded() {
        return new VpcApiError(400, "QuotaExceeded", "Route entry quota exceeded in this route table.");
    }

    static VpcApiError cidrDuplicate() {
        return new VpcApiError(400, "InvalidCIDRBlock.Duplicate", "Specified CIDR block is already exists.");
    }

    static VpcApiError routeEntryDuplicate() {
        return new VpcApiError(400, "RouteConflict.AlreadyExist",
                "A route entry with the same destination and next hop already exists.");
    }

    static VpcApiError taskConflict() {
        return new VpcApiError(400, "TaskConflict", "The operation is too frequent, please try again later.");
    }

    static VpcApiError routeTableNotFound() {
        return new VpcApiError(404, "InvalidRouteTableId.NotFound", "Specified route table does not exist.");
    }

    static VpcApiError instanceNotFound() {
        return new VpcApiError(404, "InvalidInstanId.NotFound", "Specified instance does not exist.");
    }

    static VpcApiError cidrMalformed() {
        return new VpcApiError(400, "InvalidCidrBlock.Malformed", "Specified CIDR block is not valid.");
    }

    /** The destination lies in a vSwitch of the VPC or in 100.64.0.0/10, which custom entries may not cover. */
    static VpcApiError cidrNotAllowed() {
        return new VpcApiError(400, "InvalidCidrBlock", "Specified CIDR block is not valid.");
    }

    static VpcApiError missing(String parameter) {
        return new VpcApiError(400, "Missing" + parameter, parameter + " is mandatory for this action.");
    }

    static VpcApiError illegal(String parameter) {
        return new VpcApiError(400, "IllegalParam." + parameter, "The specified " + parameter + " is invalid.");
    }

    static VpcApiError malformed(String parameter) {
        return new VpcApiError(400, "Invalid" + parameter + ".Malformed", "Specified " + parameter + " is not valid.");
    }

    /** An error a scenario or test injects by code, with the status and message the real API pairs with it. */
    static VpcApiError injected(String code) {
        return new VpcApiError(statusFor(code), code, messageFor(code));
    }

    private static int statusFor(String code) {
        if (code.startsWith("Forbidden")) {
            return 403;
        }
        if (code.endsWith(".NotFound")) {
            return 404;
        }
        if (code.equals("ServiceUnavailable")) {
            return 503;
        }
        if (code.equals("InternalError") || code.equals("UnknownError")) {
            return 500;
        }
        return 400;
    }

    private static String messageFor(String code) {
        return switch (code) {
            case "Forbidden.RAM" -> "User not authorized to operate on the specified resource, or this API "
                    + "doesn't support RAM.";
            case "QuotaExceeded" -> quotaExceeded().getMessage();
            case "TaskConflict" -> taskConflict().getMessage();
            case "InternalError" -> "The request processing has failed due to some unknown error.";
            case "ServiceUnavailable" -> "The request has failed due to a temporary failure of the server.";
            default -> code.startsWith("Throttling") ? "Request was denied due to user flow control."
                    : "The request failed: " + code + ".";
        };
    }
}
