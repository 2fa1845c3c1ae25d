package dev.unstuck.cloud;

import java.util.List;
import java.util.Objects;

/**
 * What the cluster's settings say about its VPC routes.
 *
 * @param vpcId               the VPC the cluster runs in
 * @param routeTableIds       the tables the cloud-controller-manager manages ({@code route-table-ids}); empty = the
 *                            CCM's cloud-config {@code routeTableIDs}, else the VPC's single table, as the CCM does
 * @param apiServerVSwitchIds where a managed control plane reaches the VPC from ({@code api-server-vswitch-ids});
 *                            dedicated clusters leave it empty and their control-plane nodes' InternalIPs tell
 * @param routeEntryQuota     custom entries a route table may hold on this account
 */
public record VpcRouteSettings(String vpcId, List<String> routeTableIds, List<String> apiServerVSwitchIds,
                               int routeEntryQuota) {
    public static final int DEFAULT_ROUTE_ENTRY_QUOTA = 200;

    public VpcRouteSettings {
        Objects.requireNonNull(vpcId, "vpcId");
        routeTableIds = routeTableIds == null ? List.of() : List.copyOf(routeTableIds);
        apiServerVSwitchIds = apiServerVSwitchIds == null ? List.of() : List.copyOf(apiServerVSwitchIds);
        if (routeEntryQuota <= 0) {
            throw new IllegalArgumentException("routeEntryQuota must be positive, got " + routeEntryQuota);
        }
    }

    public static VpcRouteSettings of(String vpcId, List<String> routeTableIds) {
        return new VpcRouteSettings(vpcId, routeTableIds, List.of(), DEFAULT_ROUTE_ENTRY_QUOTA);
    }
}
