package dev.unstuck.cloud;

/**
 * What one route table holds for one node's route.
 *
 * @param entry the entry for the destination (null when MISSING)
 */
record RouteFinding(NodeRoute route, String routeTableId, State state, RouteEntry entry) {

    enum State {
        /** An Available (or Created) entry to the node's instance. */
        CARRIED,
        /** The node's entry exists but is Pending, Creating, Modifying or Deleting. */
        NOT_AVAILABLE,
        /** The destination is routed to another next hop. */
        CONFLICT,
        /** No entry for the destination at all: the only case Unstuck may write. */
        MISSING
    }
}
