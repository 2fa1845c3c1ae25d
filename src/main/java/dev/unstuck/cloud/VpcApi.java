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

    /** Every route table of the VPC, all pages. */
    List<RouteTable> routeTables(String vpcId);

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

    /** OpenAPI requests sent so far, retries included. */
    long callCount();
}
