package dev.unstuck.diagnosis;

/** Stable names of causes; chat, JSON output and recorded histories depend on them, so never rename one. */
public enum CauseKind {
    DISCOVERY_FAILURE,
    GROUP_VERSION_PARSING_FAILED,
    CONTENT_DELETION_FAILED,
    CONTENT_REMAINING,
    APISERVICE_UNAVAILABLE,
    APISERVICE_BACKEND_MISSING,
    POD_UNREACHABLE_FROM_CONTROL_PLANE,
    VPC_ROUTE_MISSING,
    ROUTE_CONFLICT,
    ROUTE_NOT_AVAILABLE,
    NODE_ROUTES_MISSING,
    ROUTE_CONTROLLER_FAILING
}
