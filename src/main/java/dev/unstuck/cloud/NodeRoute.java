package dev.unstuck.cloud;

import dev.unstuck.remediation.PlanStep;
import dev.unstuck.remediation.RemediationAction;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one route a Flannel node needs in a VPC route table: its podCIDR to its ECS instance. It is also the only entry
 * Unstuck ever proposes inside the cluster CIDR: the cloud-controller-manager deletes any entry there that lies
 * strictly inside a node's podCIDR or holds a podCIDR with another instance, and adopts exactly this one.
 */
record NodeRoute(String nodeName, String podCIDR, String instanceId) {

    /** "172.16.1.0/24 -> i-node2" */
    String describe() {
        return podCIDR + " -> " + instanceId;
    }

    /** The CREATE_ROUTE_ENTRY step that writes this route into {@code routeTableId}. */
    PlanStep createIn(String routeTableId) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("routeTableId", routeTableId);
        params.put("destinationCidrBlock", podCIDR);
        params.put("nextHopType", RouteEntry.NEXT_HOP_INSTANCE);
        params.put("nextHopId", instanceId);
        return new PlanStep(RemediationAction.CREATE_ROUTE_ENTRY, params);
    }
}
