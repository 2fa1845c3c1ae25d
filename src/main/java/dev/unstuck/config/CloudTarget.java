package dev.unstuck.config;

import dev.unstuck.cloud.aliyun.AliyunSettings;

import java.util.List;

/**
 * Where a cluster's pod routes live: the region and VPC, how to reach the VPC API, and what the cluster settings say
 * about route tables.
 *
 * @param routeTableIds       the tables the cloud-controller-manager manages ({@code route-table-ids}); empty = take
 *                            them from the CCM's cloud-config, or the VPC's single table as the CCM would
 * @param apiServerVSwitchIds the vSwitch(es) a managed control plane reaches the VPC from; dedicated clusters leave it
 *                            empty (the control-plane nodes' own vSwitches are found from their InternalIPs)
 * @param routeEntryQuota     custom entries a route table may hold on this account (200 by default; older accounts 48)
 */
public record CloudTarget(AliyunSettings settings, String vpcId, List<String> routeTableIds,
                          List<String> apiServerVSwitchIds, int routeEntryQuota) {

    public static final int DEFAULT_ROUTE_ENTRY_QUOTA = 200;

    public CloudTarget {
        routeTableIds = routeTableIds == null ? List.of() : List.copyOf(routeTableIds);
        apiServerVSwitchIds = apiServerVSwitchIds == null ? List.of() : List.copyOf(apiServerVSwitchIds);
        if (routeEntryQuota <= 0) {
            throw new IllegalArgumentException("routeEntryQuota must be positive, got " + routeEntryQuota);
        }
    }

    public CloudTarget(AliyunSettings settings, String vpcId, List<String> routeTableIds) {
        this(settings, vpcId, routeTableIds, List.of(), DEFAULT_ROUTE_ENTRY_QUOTA);
    }
}
