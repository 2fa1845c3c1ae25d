package dev.unstuck.diagnosis;

import java.util.List;
import java.util.Optional;

/**
 * What the engine asks the cloud side about.
 *
 * @param unreachable     paths on which a VPC route is a suspect: a Flannel (route-mode) cluster, a backend pod whose
 *                        IP lies inside its node's podCIDR, a node backed by an ECS instance, and a discovery-check
 *                        failure that proves the network never reached the pod. The engine never sends Terway or
 *                        virtual-node paths here.
 * @param nodes           every node; control-plane nodes' InternalIPs tell the inspector which vSwitches (and so
 *                        which route tables) the API server's traffic leaves from. None marked control-plane means a
 *                        managed cluster: the inspector then uses the control plane vSwitch from the cluster settings.
 * @param cloudController the CCM as seen from the cluster (its configured VPC and route tables), if found
 * @param auditNodeRoutes false on a pod network without per-node routes (Terway): no NODE_ROUTES_MISSING audit
 */
public record NetworkQuery(List<PodNetworkPath> unreachable, List<NodeInfo> nodes,
                           Optional<CloudControllerInfo> cloudController, boolean auditNodeRoutes) {
    public NetworkQuery {
        unreachable = List.copyOf(unreachable);
        nodes = List.copyOf(nodes);
    }
}
