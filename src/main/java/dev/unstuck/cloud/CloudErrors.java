package dev.unstuck.cloud;

import java.util.Set;

/**
 * The one place that decides what a VPC OpenAPI error means. Codes are matched exactly as the cloud spells them,
 * including its misspellings (InvalidInstanId, DistibuteLock), because that is what arrives on the wire.
 */
public final class CloudErrors {

    /** Raised by Unstuck itself when no credentials source yielded a key, before anything was sent. */
    public static final String NO_CREDENTIALS = "Unstuck.NoCredentials";
    /** Raised by Unstuck itself when a bounded retry or wait ran out. */
    public static final String GAVE_UP = "Unstuck.GaveUp";
    /** The cloud's answer to a {@code DryRun=true} request that would have succeeded. */
    public static final String DRY_RUN_OPERATION = "DryRunOperation";
    /** Raised by Unstuck itself when an endpoint carried out a request that asked only for a dry run. */
    public static final String DRY_RUN_IGNORED = "Unstuck.DryRunIgnored";
    /** The route table holds as many custom entries as it may. */
    public static final String QUOTA_EXCEEDED = "QuotaExceeded";

    private static final Set<String> RETRYABLE_CODES = Set.of(
            "TaskConflict", "IncorrectRouteEntryStatus", "IncorrectVpcStatus", "IncorrectStatus.RouteTableStatus",
            "OperationFailed.DistibuteLock", "OperationConflict", "LastTokenProcessing", "ServiceUnavailable",
            "SystemBusy",
            "InternalError", "UnknownError", "SignatureNonceUsed",
            "SDK.ReadTimeout", "SDK.ServerUnreachable", "SDK.ConnectTimeout", "SDK.RequestTryOrRetryFailed",
            "SDK.TimeoutException", "SDK.HttpError");

    private static final Set<String> ALREADY_DONE_CODES = Set.of(
            "InvalidCIDRBlock.Duplicate", "InvalidRouteEntry.Duplicate", "RouteConflict.AlreadyExist",
            "Duplicated.VpcNextHop");

    private static final Set<String> BAD_ACCESS_KEY_ID = Set.of("InvalidAccessKeyId.NotFound", "InvalidAccessKeyId",
            "InvalidAccessKeyId.Inactive");
    private static final Set<String> BAD_SECRET = Set.of("SignatureDoesNotMatch", "IncompleteSignature",
            "SDK.InvalidAccessKeySecret", "SDK.InvalidAccessSecret");

    private CloudErrors() {
    }

    public static CloudErrorClass classify(String code, int httpStatus, String message) {
        String c = code == null ? "" : code;
        if (ALREADY_DONE_CODES.contains(c)) {
            return CloudErrorClass.ALREADY_DONE;
        }
        if (c.startsWith("Throttling") || RETRYABLE_CODES.contains(c)) {
            return CloudErrorClass.RETRYABLE;
        }
        if (c.isEmpty() && message != null && (message.contains("Read timed out")
                || message.contains("connect timed out") || message.contains("Connection refused"))) {
            return CloudErrorClass.RETRYABLE;
        }
        if (httpStatus >= 500 || httpStatus == 429 || httpStatus == 408) {
            return CloudErrorClass.RETRYABLE;
        }
        return CloudErrorClass.PERMANENT;
    }

    /**
     * Builds the classified exception with a message a person can act on: it names the action, what is wrong in
     * Unstuck's terms, and the raw code and request id for a support ticket.
     */
    public static CloudException exception(String action, String code, int httpStatus, String message,
                                           String requestId, Throwable cause) {
        CloudErrorClass errorClass = classify(code, httpStatus, message);
        String c = code == null || code.isBlank() ? "Unknown" : code;
        String text = oneLine(action + " failed: " + explain(action, c, httpStatus, errorClass, message)
                + " [" + c + (requestId == null || requestId.isBlank() ? "" : ", request " + requestId) + "]");
        return new CloudException(errorClass, c, requestId, httpStatus, text, cause);
    }

    /** The exception for "no credentials source yielded a key". */
    public static CloudException noCredentials(String action, Throwable cause) {
        return exception(action, NO_CREDENTIALS, 0, null, null, cause);
    }

    private static String explain(String action, String code, int httpStatus, CloudErrorClass errorClass,
                                  String message) {
        if (code.equals("Forbidden.RAM") || code.startsWith("Forbidden") || code.startsWith("NoPermission")) {
            return "the RAM identity lacks permission vpc:" + action
                    + "; grant it in a RAM policy to the user or role Unstuck runs as";
        }
        if (code.equals(DRY_RUN_IGNORED)) {
            return "the endpoint ignored DryRun=true and carried the request out" + detail(message);
        }
        if (code.equals(NO_CREDENTIALS)) {
            return "no Alibaba Cloud credentials found; set ALIBABA_CLOUD_ACCESS_KEY_ID and "
                    + "ALIBABA_CLOUD_ACCESS_KEY_SECRET, or for RRSA ALIBABA_CLOUD_ROLE_ARN, "
                    + "ALIBABA_CLOUD_OIDC_PROVIDER_ARN and ALIBABA_CLOUD_OIDC_TOKEN_FILE";
        }
        if (BAD_ACCESS_KEY_ID.contains(code)) {
            return "the AccessKey ID is unknown or disabled; check ALIBABA_CLOUD_ACCESS_KEY_ID";
        }
        if (BAD_SECRET.contains(code)) {
            return "the AccessKey secret does not match the AccessKey ID; check ALIBABA_CLOUD_ACCESS_KEY_SECRET";
        }
        if (code.startsWith("InvalidSecurityToken")) {
            return "the STS security token is invalid or expired; refresh the temporary credentials";
        }
        if (code.startsWith("InvalidTimeStamp")) {
            return "the cloud rejected the request time; check that this machine's clock is correct";
        }
        if (code.startsWith("Throttling")) {
            return "the VPC OpenAPI is throttling requests; retrying later helps";
        }
        if (code.equals("TaskConflict") || code.equals("OperationConflict")) {
            return "another route change in this VPC is still in progress; retrying later helps";
        }
        if (code.equals("IncorrectRouteEntryStatus")) {
            return "another entry of the route table is still Pending or Modifying; retrying later helps";
        }
        if (code.equals("IncorrectInstanceStatus")) {
            return "the next-hop ECS instance is not in a state that can carry a route (stopped, expired or being"
                    + " released?); check the node's instance";
        }
        if (code.startsWith("Incorrect") || code.equals("OperationFailed.DistibuteLock") || code.equals("SystemBusy")
                || code.equals("LastTokenProcessing")) {
            return "the VPC or route table is busy; retrying later helps";
        }
        if (code.equals("InvalidInstanId.NotFound") || code.equals("InvalidNextHopId.NotFound")) {
            return "the next-hop ECS instance does not exist (was the node's instance released?)";
        }
        if (code.equals("InvalidRouteTableId.NotFound") || code.equals("InvalidRouteTable.NotFound")) {
            return "the route table does not exist (check the VPC configured for the cluster)";
        }
        if (code.equals("InvalidVpcId.NotFound") || code.equals("InvalidVpcID.NotFound")) {
            return "the VPC does not exist in this region";
        }
        if (code.startsWith("QuotaExceeded")) {
            return "the route table has reached its quota of custom route entries; raise the quota or remove "
                    + "unused entries";
        }
        if (code.startsWith("InvalidCidrBlock") || code.startsWith("InvalidCIDRBlock")
                || code.startsWith("InvalidDestinationCidrBlock")) {
            return "the destination CIDR block is not valid" + detail(message);
        }
        if (errorClass == CloudErrorClass.ALREADY_DONE) {
            return "an entry for this destination already exists";
        }
        if (code.startsWith("SDK.") && errorClass == CloudErrorClass.RETRYABLE) {
            return "the VPC OpenAPI endpoint could not be reached in time" + detail(message);
        }
        if (httpStatus >= 500) {
            return "the VPC OpenAPI had an internal error; retrying later helps";
        }
        return "the cloud rejected the request" + detail(message);
    }

    private static String detail(String message) {
        return message == null || message.isBlank() ? "" : " (" + message.trim() + ")";
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }
}
