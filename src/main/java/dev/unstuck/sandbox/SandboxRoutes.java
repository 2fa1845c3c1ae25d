package dev.unstuck.sandbox;

import dev.unstuck.cloud.RouteEntry;
import dev.unstuck.sandbox.vpc.VpcApiError;

import java.util.List;
import java.util.Optional;

/**
 * The VPC as the simulated cluster meets it: the routes that carry the control plane's traffic to pods, and the
 * route tables the cloud-controller-manager reads and writes through the VPC API.
 */
public interface SandboxRoutes {

    /** Whether the table holds an Available entry sending {@code destinationCidr} to ECS instance {@code instanceId}. */
    boolean carries(String routeTableId, String destinationCidr, String instanceId);

    /** Whether any table does: scenarios without vSwitches let one table serve every source. */
    boolean carriesAnywhere(String destinationCidr, String instanceId);

    /** What DescribeRouteTableList(VpcId) lists: empty for a VPC that does not exist. */
    List<String> routeTableIds(String vpcId);

    /**
     * The table's Custom entries with one Instance next hop, in any status, as the route controller lists them; empty
     * when the table does not exist.
     */
    Optional<List<RouteEntry>> instanceRoutes(String routeTableId);

    /** Creates an entry as the cloud-controller-manager does, with its own identity; the VPC's error if refused. */
    Optional<VpcApiError> createRoute(String routeTableId, String destinationCidr, String instanceId);

    /** Called whenever the routes change, so the simulation reacts at once instead of at its next tick. */
    void onChange(Runnable listener);
}
