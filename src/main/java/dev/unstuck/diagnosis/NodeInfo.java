package dev.unstuck.diagnosis;

import java.util.List;
import java.util.Optional;

/**
 * A node with what the pod network needs: its pod CIDR and the cloud instance behind it
 * (parsed from spec.providerID, null when the node has none or it is not an Alibaba Cloud id).
 */
public record NodeInfo(String name, String internalIP, String podCIDR, String providerID, String region,
                       String instanceId, boolean controlPlane, List<Condition> conditions) {
    public NodeInfo {
        conditions = List.copyOf(conditions);
    }

    public Optional<Condition> condition(String type) {
        return conditions.stream().filter(c -> type.equals(c.type())).findFirst();
    }
}
