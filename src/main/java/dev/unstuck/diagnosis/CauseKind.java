package dev.unstuck.diagnosis;

/** Stable names of causes; chat, JSON output and recorded histories depend on them, so never rename one. */
public enum CauseKind {
    DISCOVERY_FAILURE,
    GROUP_VERSION_PARSING_FAILED,
    CONTENT_DELETION_FAILED,
    CONTENT_REMAINING,
    APISERVICE_UNAVAILABLE,
    APISERVICE_BACKEND_MISSING,
    /** The backend pod answered (refused, TLS error, bad status): the network works, a route is not the cause. */
    APISERVICE_BACKEND_FAILING,
    POD_UNREACHABLE_FROM_CONTROL_PLANE,
    /** Terway, virtual/ECI nodes, or pod IPs outside the node's podCIDR: VPC route entries are not on the path. */
    POD_NETWORK_NOT_ROUTE_BASED,
    VPC_ROUTE_MISSING,
    ROUTE_CONFLICT,
    ROUTE_NOT_AVAILABLE,
    NODE_ROUTES_MISSING,
    ROUTE_CONTROLLER_FAILING
}
