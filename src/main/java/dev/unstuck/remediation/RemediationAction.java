package dev.unstuck.remediation;

/** Stable names of the repairs Unstuck knows how to carry out. */
public enum RemediationAction {
    /** Remove an APIService whose backing Service no longer exists (the extension was uninstalled). */
    DELETE_APISERVICE,
    /** Restore the VPC route entry podCIDR -> instance that the control plane needs to reach a node's pods. */
    CREATE_ROUTE_ENTRY
}
