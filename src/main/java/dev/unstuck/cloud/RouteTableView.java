package dev.unstuck.cloud;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The entries of one route table as read once per diagnosis, looked up by destination. */
final class RouteTableView {
    private final String routeTableId;
    private final List<RouteEntry> entries;
    private final Map<String, List<RouteEntry>> byDestination = new HashMap<>();

    RouteTableView(String routeTableId, List<RouteEntry> entries) {
        this.routeTableId = routeTableId;
        this.entries = List.copyOf(entries);
        for (RouteEntry e : this.entries) {
            if (e.destinationCidrBlock() != null) {
                byDestination.computeIfAbsent(e.destinationCidrBlock().trim(), k -> new ArrayList<>()).add(e);
            }
        }
    }

    String id() {
        return routeTableId;
    }

    int entryCount() {
        return entries.size();
    }

    /** What counts against the route entry quota. */
    int customEntries() {
        return (int) entries.stream().filter(RouteEntry::isCustom).count();
    }

    List<RouteEntry> forDestination(String cidr) {
        return cidr == null ? List.of() : byDestination.getOrDefault(cidr.trim(), List.of());
    }

    RouteFinding check(NodeRoute route) {
        List<RouteEntry> same = forDestination(route.podCIDR());
        if (same.isEmpty()) {
            return new RouteFinding(route, routeTableId, RouteFinding.State.MISSING, null);
        }
        Optional<RouteEntry> ours = same.stream().filter(e -> e.pointsToInstance(route.instanceId())).findFirst();
        if (ours.isEmpty()) {
            return new RouteFinding(route, routeTableId, RouteFinding.State.CONFLICT, same.get(0));
        }
        RouteFinding.State state = ours.get().status() == RouteEntryStatus.AVAILABLE
                ? RouteFinding.State.CARRIED : RouteFinding.State.NOT_AVAILABLE;
        return new RouteFinding(route, routeTableId, state, ours.get());
    }
}
