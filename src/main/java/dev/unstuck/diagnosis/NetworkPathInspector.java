package dev.unstuck.diagnosis;

import java.util.List;
import java.util.Optional;

/**
 * The cloud side of the cause chain: given the pod-network paths the control plane cannot use, find out why the
 * cloud network does not carry them (a missing, conflicting or pending VPC route) and what would repair it; also
 * audit every node's route, because a broken route controller rarely breaks just one node.
 */
public interface NetworkPathInspector {

    NetworkFindings inspect(List<PodNetworkPath> unreachable, List<NodeInfo> nodes,
                            Optional<CloudControllerInfo> cloudController);

    /** Used when no cloud is configured: the chain then ends at POD_UNREACHABLE_FROM_CONTROL_PLANE. */
    NetworkPathInspector NONE = (unreachable, nodes, ccm) -> NetworkFindings.NONE;
}
