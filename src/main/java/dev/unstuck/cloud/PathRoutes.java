package dev.unstuck.cloud;

import dev.unstuck.diagnosis.Cause;
import dev.unstuck.diagnosis.CauseKind;
import dev.unstuck.diagnosis.NodeInfo;
import dev.unstuck.diagnosis.PodNetworkPath;
import dev.unstuck.remediation.PlanStep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Judges the routes on the paths the control plane cannot use: API server -> pod on node N is broken iff a table
 * that forwards the control plane's traffic lacks an Available entry podCIDR(N) -> instance(N). An entry in any other
 * table never hides that. Proposes a write only where the destination is missing altogether.
 */
final class PathRoutes {
    private final String vpcId;
    private final SourceRouteTables sources;
    private final Map<String, RouteTableView> views;
    private final Map<String, RouteTable> vpcTables;
    private final Map<String, Set<String>> instancesByPodCidr = new LinkedHashMap<>();
    private final Map<String, String> nodeByInstance = new LinkedHashMap<>();

    private final List<Cause> causes = new ArrayList<>();
    private final List<PlanStep> plan = new ArrayList<>();
    private final Set<String> brokenTables = new LinkedHashSet<>();
    private final Set<String> pathNodes = new LinkedHashSet<>();

    PathRoutes(String vpcId, SourceRouteTables sources, Map<String, RouteTableView> views,
               List<RouteTable> vpcTables, List<NodeInfo> nodes) {
        this.vpcId = vpcId;
        this.sources = sources;
        this.views = views;
        this.vpcTables = new LinkedHashMap<>();
        vpcTables.forEach(t -> this.vpcTables.put(t.routeTableId(), t));
        for (NodeInfo n : nodes) {
            if (n.podCIDR() != null && n.instanceId() != null) {
                instancesByPodCidr.computeIfAbsent(n.podCIDR().trim(), k -> new LinkedHashSet<>()).add(n.instanceId());
                nodeByInstance.putIfAbsent(n.instanceId(), n.name());
            }
        }
    }

    List<Cause> causes() {
        return causes;
    }

    List<PlanStep> plan() {
        return plan;
    }

    /** Source tables where a path route is missing or not Available yet. */
    Set<String> brokenTables() {
        return brokenTables;
    }

    /** Nodes on the unreachable paths: the audit counts the others as "beyond those blocking this namespace". */
    Set<String> pathNodes() {
        return pathNodes;
    }

    void check(List<PodNetworkPath> unreachable) {
        Map<String, PodNetworkPath> byNode = new LinkedHashMap<>();
        unreachable.forEach(p -> byNode.putIfAbsent(p.nodeName(), p));
        byNode.values().forEach(this::check);
    }

    private void check(PodNetworkPath path) {
        pathNodes.add(path.nodeName());
        String node = "node " + path.nodeName();
        if (path.podCIDR() == null || path.instanceId() == null) {
            causes.add(new Cause(CauseKind.VPC_ROUTE_MISSING, "cannot tell which VPC route " + node
                    + " needs: it has " + (path.podCIDR() == null ? "no podCIDR" : "no Alibaba Cloud providerID"),
                    List.of(node + " podCIDR=" + path.podCIDR() + " instance=" + path.instanceId())));
            return;
        }
        NodeRoute route = new NodeRoute(path.nodeName(), path.podCIDR().trim(), path.instanceId());
        if (claimedByOthers(route)) {
            causes.add(sharedPodCidr(route));
            return;
        }
        for (SourceRouteTable source : sources.tables()) {
            RouteFinding finding = views.get(source.routeTableId()).check(route);
            switch (finding.state()) {
                case CARRIED -> { }
                case MISSING -> {
                    brokenTables.add(source.routeTableId());
                    causes.add(missing(finding, source, path));
                    plan.add(route.createIn(source.routeTableId()));
                }
                case NOT_AVAILABLE -> {
                    brokenTables.add(source.routeTableId());
                    causes.add(notAvailable(finding, source));
                }
                case CONFLICT -> causes.add(conflict(finding, source));
            }
        }
    }

    /** Two nodes with one podCIDR: the CCM deletes an entry for it to either instance, so none may be written. */
    boolean claimedByOthers(NodeRoute route) {
        return instancesByPodCidr.getOrDefault(route.podCIDR(), Set.of()).stream()
                .anyMatch(i -> !i.equals(route.instanceId()));
    }

    private Cause sharedPodCidr(NodeRoute route) {
        List<String> evidence = new ArrayList<>();
        instancesByPodCidr.get(route.podCIDR()).forEach(i -> evidence.add("node " + nodeByInstance.get(i)
                + " has podCIDR " + route.podCIDR() + " on instance " + i));
        return new Cause(CauseKind.ROUTE_CONFLICT, "podCIDR " + route.podCIDR() + " of node " + route.nodeName()
                + " is also another node's podCIDR: the cloud-controller-manager deletes an entry for it that points"
                + " at the other instance, so Unstuck writes none; a person must find the stale node", evidence);
    }

    private Cause missing(RouteFinding finding, SourceRouteTable source, PodNetworkPath path) {
        NodeRoute route = finding.route();
        RouteTableView table = views.get(source.routeTableId());
        List<String> evidence = new ArrayList<>(source.reasons());
        evidence.add("route table " + table.id() + " (VPC " + vpcId + ") holds " + table.entryCount()
                + " entries, none for destination " + route.podCIDR());
        evidence.add("node " + route.nodeName() + " has podCIDR " + route.podCIDR() + " and runs on instance "
                + route.instanceId() + "; pod " + path.podNamespace() + "/" + path.podName() + " (" + path.podIP()
                + ") lives there");
        elsewhere(route, source.routeTableId(), evidence);
        sources.assumptions().stream().filter(a -> !evidence.contains(a)).forEach(evidence::add);
        return new Cause(CauseKind.VPC_ROUTE_MISSING, "the VPC route " + route.describe() + " for node "
                + route.nodeName() + " is missing from route table " + table.id() + ", which forwards the control"
                + " plane's traffic (" + source.reason() + "), so the control plane cannot reach " + path.podIP(),
                evidence);
    }

    /** Entries for the destination in other tables: they route only traffic from the vSwitches bound to them. */
    private void elsewhere(NodeRoute route, String sourceTable, List<String> evidence) {
        views.values().stream().filter(v -> !v.id().equals(sourceTable)).forEach(v ->
                v.forDestination(route.podCIDR()).forEach(e -> {
                    RouteTable t = vpcTables.get(v.id());
                    List<String> bound = t == null ? List.of() : t.vSwitchIds();
                    evidence.add("route table " + v.id() + " holds " + e.describe() + ", but it forwards only"
                            + " traffic leaving " + (bound.isEmpty() ? "the vSwitches bound to it"
                            : "vSwitch " + String.join(", ", bound)) + ", not the control plane's");
                }));
    }

    private Cause notAvailable(RouteFinding finding, SourceRouteTable source) {
        RouteEntry e = finding.entry();
        String what = e.status() == RouteEntryStatus.DELETING
                ? "is Deleting: someone is removing it; find out who before anything writes it again"
                : "is " + e.status().wireName() + ", not Available yet: wait for it rather than writing again";
        List<String> evidence = new ArrayList<>();
        evidence.add("entry " + e.describe() + " in " + finding.routeTableId());
        evidence.addAll(source.reasons());
        return new Cause(CauseKind.ROUTE_NOT_AVAILABLE, "the VPC route " + finding.route().describe() + " in route"
                + " table " + finding.routeTableId() + " " + what, evidence);
    }

    private Cause conflict(RouteFinding finding, SourceRouteTable source) {
        NodeRoute route = finding.route();
        RouteEntry blocking = finding.entry();
        List<String> evidence = new ArrayList<>();
        views.get(finding.routeTableId()).forDestination(route.podCIDR()).forEach(e -> evidence.add("entry "
                + e.describe() + " in " + e.routeTableId() + (e.description() == null || e.description().isBlank()
                ? "" : " description \"" + e.description() + "\"")));
        evidence.add("node " + route.nodeName() + " runs on instance " + route.instanceId()
                + ", not on the entry's next hop");
        evidence.addAll(source.reasons());
        return new Cause(CauseKind.ROUTE_CONFLICT, "route table " + finding.routeTableId() + " sends "
                + route.podCIDR() + " to " + blocking.nextHopType() + " " + blocking.nextHopId() + " instead of "
                + route.instanceId() + " (node " + route.nodeName() + "); Unstuck does not change routes it did not"
                + " create: a person must check whether the old next hop is still in use and fix the entry",
                evidence);
    }
}
