package dev.unstuck.diagnosis;

/**
 * The cloud side of the cause chain: given the pod-network paths the control plane cannot use, find out why the
 * cloud network does not carry them (a missing, conflicting or pending VPC route in the route table the traffic is
 * forwarded by) and what would repair it; also audit every node's route, because a broken route controller rarely
 * breaks just one node.
 */
public interface NetworkPathInspector {

    NetworkFindings inspect(NetworkQuery query);

    /** Used when no cloud is configured: the chain then ends at POD_UNREACHABLE_FROM_CONTROL_PLANE. */
    NetworkPathInspector NONE = query -> NetworkFindings.NONE;
}
