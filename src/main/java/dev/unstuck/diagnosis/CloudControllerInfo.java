package dev.unstuck.diagnosis;

import java.util.List;

/**
 * The cloud-controller-manager as seen from the cluster: its pod, what its cloud-config names (null / empty when no
 * cloud-config was found) and the tail of its log.
 *
 * @param configuredVpcId the {@code Global.vpcid} of {@code kube-system/cloud-config}
 * @param routeTableIds   the {@code Global.routeTableIDs} (comma-separated there); empty when unset, in which case the
 *                        CCM looks the VPC's single route table up itself
 */
public record CloudControllerInfo(String namespace, String podName, String configuredVpcId, String configSource,
                                  List<String> routeTableIds, List<String> recentLogLines) {
    public CloudControllerInfo {
        routeTableIds = routeTableIds == null ? List.of() : List.copyOf(routeTableIds);
        recentLogLines = List.copyOf(recentLogLines);
    }

    public CloudControllerInfo(String namespace, String podName, String configuredVpcId, String configSource,
                               List<String> recentLogLines) {
        this(namespace, podName, configuredVpcId, configSource, List.of(), recentLogLines);
    }
}
