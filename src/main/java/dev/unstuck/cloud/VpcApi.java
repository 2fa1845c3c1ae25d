package dev.unstuck.cloud;

import java.util.List;
import java.util.Optional;

/**
 * The VPC OpenAPI calls Unstuck makes. Deliberately has no delete or modify operation: Unstuck only ever adds the
 * route a node is missing and leaves everything else for a person to judge.
 * Failures surface as {@link CloudException}.
 */
public interface VpcApi {

    /** Empty when the VPC does not exist. */
    Optional<VpcAttributes> describeVpc(String vpcId);

    /** Every route table of the VPC with the vSwitches bound to it, all pages. */
    List<RouteTable> routeTables(String vpcId);

    /** Every vSwitch of the VPC with its CIDR block, all pages. */
    List<VSwitch> vSwitches(String vpcId);

    /** Every entry of the table, all pages. */
    List<RouteEntry> routeEntries(String routeTableId);

    /**
     * The entries of the table whose destination is {@code destinationCidrBlock}. Implementations may let the cloud
     * filter, which keeps the cost of a check constant however large the table grows; callers still compare
     * destinations themselves.
     */
    default List<RouteEntry> routeEntries(String routeTableId, String destinationCidrBlock) {
        return routeEntries(routeTableId).stream().filter(e -> e.hasDestination(destinationCidrBlock)).toList();
    }

    /** Returns the RouteEntryId; the entry starts Pending. */
    String createRouteEntry(CreateRouteEntryRequest request);

    /**
     * Asks the cloud to check the create without carrying it out ({@code DryRun=true}). Returns when the cloud
     * answered that it would succeed ({@code DryRunOperation}); throws the error the write would fail with.
     */
    void dryRunCreateRouteEntry(CreateRouteEntryRequest request);

    /** OpenAPI requests sent so far, retries included. */
    long callCount();
}
