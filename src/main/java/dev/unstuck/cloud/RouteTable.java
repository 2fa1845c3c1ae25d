package dev.unstuck.cloud;

import java.util.List;

/**
 * A route table of a VPC. {@code routeTableType} is "System" for the VPC's main table, "Custom" otherwise.
 * {@code vSwitchIds} are the vSwitches bound to it: traffic leaving one of them is forwarded by this table. A vSwitch
 * bound to no custom table uses the System table.
 */
public record RouteTable(String routeTableId, String vpcId, String routeTableType, String status,
                         List<String> vSwitchIds) {
    public static final String SYSTEM = "System";

    public RouteTable {
        vSwitchIds = vSwitchIds == null ? List.of() : List.copyOf(vSwitchIds);
    }

    public boolean isSystem() {
        return SYSTEM.equalsIgnoreCase(routeTableType);
    }

    public boolean boundTo(String vSwitchId) {
        return vSwitchIds.contains(vSwitchId);
    }
}
