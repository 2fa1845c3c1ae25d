package dev.unstuck.cloud;

/**
 * A CreateRouteEntry call. {@code clientToken} makes the call idempotent: the cloud answers a repeated token with the
 * entry the first call created instead of creating a second one.
 */
public record CreateRouteEntryRequest(String routeTableId, String destinationCidrBlock, String nextHopType,
                                      String nextHopId, String clientToken, String description) {
}
