package dev.unstuck.diagnosis;

import java.util.List;
import java.util.Optional;

/**
 * A node with what the pod network needs: its pod CIDR and the cloud instance behind it
 * (parsed from spec.providerID, null when the node has none or it is not an Alibaba Cloud id).
 *
 * @param virtual a virtual-kubelet node (ACK labels them {@code type=virtual-kubelet}): its pods are ECI instances
 *                with VPC addresses of their own, and no ECS instance stands behind the node for a route to point at
 */
public record NodeInfo(String name, String internalIP, String podCIDR, String providerID, String region,
                       String instanceId, boolean controlPlane, List<Condition> conditions, boolean virtual) {
    public NodeInfo {
        conditions = List.copyOf(conditions);
    }

    public NodeInfo(String name, String internalIP, String podCIDR, String providerID, String region,
                    String instanceId, boolean controlPlane, List<Condition> conditions) {
        this(name, internalIP, podCIDR, providerID, region, instanceId, controlPlane, conditions, false);
    }

    public Optional<Condition> condition(String type) {
        return conditions.stream().filter(c -> type.equals(c.type())).findFirst();
    }

    /** An ECS instance id ("i-..."): the only next hop a node route can have. */
    public boolean hasEcsInstance() {
        return instanceId != null && instanceId.startsWith("i-");
    }
}
