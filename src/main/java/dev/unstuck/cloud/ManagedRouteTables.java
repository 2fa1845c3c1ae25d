package dev.unstuck.cloud;

import dev.unstuck.diagnosis.CloudControllerInfo;

import java.util.List;
import java.util.Optional;

/**
 * The route tables the cloud-controller-manager writes node routes into, decided as it decides them: the tables it
 * is configured with, else the VPC's single table. With several tables and none configured it writes nowhere and
 * logs {@code multiple route tables found by vpc id[...]}.
 *
 * @param ids     the tables, empty when the CCM manages none
 * @param source  where the list comes from, for messages ("routeTableIDs", "route-table-ids", ...)
 * @param problem why the CCM manages no table, or null
 */
record ManagedRouteTables(List<String> ids, String source, String problem) {
    ManagedRouteTables {
        ids = List.copyOf(ids);
    }

    boolean manages(String routeTableId) {
        return ids.contains(routeTableId);
    }

    static ManagedRouteTables resolve(String vpcId, List<String> clusterSetting,
                                      Optional<CloudControllerInfo> cloudController, List<RouteTable> vpcTables) {
        if (!clusterSetting.isEmpty()) {
            return new ManagedRouteTables(clusterSetting, "route-table-ids", null);
        }
        List<String> cloudConfig = cloudController.map(CloudControllerInfo::routeTableIds).orElse(List.of());
        if (!cloudConfig.isEmpty()) {
            return new ManagedRouteTables(cloudConfig, "routeTableIDs", null);
        }
        String ccmVpc = cloudController.map(CloudControllerInfo::configuredVpcId).orElse(null);
        if (ccmVpc != null && !ccmVpc.isBlank() && !ccmVpc.equals(vpcId)) {
            // It looks its table up in the VPC it is configured with, not in this one.
            return new ManagedRouteTables(List.of(), "none", null);
        }
        if (vpcTables.size() == 1) {
            return new ManagedRouteTables(List.of(vpcTables.get(0).routeTableId()), "the VPC's only route table",
                    null);
        }
        return new ManagedRouteTables(List.of(), "none", "VPC " + vpcId + " has " + vpcTables.size() + " route tables"
                + " and neither the cluster setting route-table-ids nor the cloud-config's routeTableIDs names one:"
                + " the cloud-controller-manager fails with \"multiple route tables found by vpc id[" + vpcId
                + "], length(tables)=" + vpcTables.size() + "\" and restores no route");
    }
}
