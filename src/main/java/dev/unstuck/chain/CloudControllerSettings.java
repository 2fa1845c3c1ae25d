package dev.unstuck.chain;

import java.util.List;

/**
 * What the cloud-controller-manager's route controller is told to use, beside what the cluster really runs in:
 * the follow-up of an incident names the key to fix so that routes heal by themselves next time.
 *
 * @param configuredVpcId its {@code Global.vpcid}, null when no cloud-config was found
 * @param clusterVpcId    the VPC the cluster runs in as Unstuck is configured, null without a cloud
 * @param configSource    where the setting was read, e.g. "ConfigMap kube-system/cloud-config key cloud-config.conf"
 */
public record CloudControllerSettings(String configuredVpcId, String clusterVpcId, List<String> routeTableIds,
                                      String configSource) {
    public CloudControllerSettings {
        routeTableIds = routeTableIds == null ? List.of() : List.copyOf(routeTableIds);
    }

    /** Both ids are known and differ: the route controller looks for route tables in a VPC that is not the cluster's. */
    public boolean wrongVpc() {
        return configuredVpcId != null && clusterVpcId != null && !configuredVpcId.equals(clusterVpcId);
    }
}
