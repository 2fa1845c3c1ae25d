package dev.unstuck.cloud;

/**
 * The result of one route repair.
 *
 * @param routeEntryId  the entry that now carries the route (null for CONFLICT)
 * @param blockingEntry the entry that holds the destination with another next hop (only for CONFLICT)
 * @param message       one line for chat
 * @param attempts      CreateRouteEntry requests sent (0 when nothing was written)
 */
public record RepairResult(RepairOutcome outcome, String routeEntryId, RouteEntry blockingEntry, String message,
                           int attempts) {
}
