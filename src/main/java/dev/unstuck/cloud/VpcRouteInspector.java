package dev.unstuck.cloud;

import dev.unstuck.diagnosis.Cause;
import dev.unstuck.diagnosis.CauseKind;
import dev.unstuck.diagnosis.CloudControllerInfo;
import dev.unstuck.diagnosis.NetworkFindings;
import dev.unstuck.diagnosis.NetworkPathInspector;
import dev.unstuck.diagnosis.NodeInfo;
import dev.unstuck.diagnosis.PodNetworkPath;
import dev.unstuck.remediation.PlanStep;
import dev.unstuck.remediation.RemediationAction;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Finds, from the VPC's own route tables, why the control plane cannot reach a node's pods: the entry podCIDR ->
 * instance is missing, points elsewhere, or is not Available yet. Reads every table once (paged lists, never a call
 * per node), so the whole-cluster audit costs the same as checking one path.
 */
public final class VpcRouteInspector implements NetworkPathInspector {
    private static final int MAX_LISTED = 10;

    private final VpcApi vpc;
    private final String vpcId;
    private final List<String> routeTableIds;
    private final CloudRetry retry;

    /**
     * @param routeTableIds the tables to read; empty to read every table of the VPC (as the route controller does
     *                      when none is configured)
     */
    public VpcRouteInspector(VpcApi vpc, String vpcId, List<String> routeTableIds) {
        this(vpc, vpcId, routeTableIds, CloudRetry.defaults());
    }

    public VpcRouteInspector(VpcApi vpc, String vpcId, List<String> routeTableIds, CloudRetry retry) {
        this.vpc = Objects.requireNonNull(vpc);
        this.vpcId = Objects.requireNonNull(vpcId);
        this.routeTableIds = List.copyOf(routeTableIds);
        this.retry = Objects.requireNonNull(retry);
    }

    @Override
    public NetworkFindings inspect(dev.unstuck.diagnosis.NetworkQuery query) {
        List<PodNetworkPath> unreachable = query.unreachable();
        List<NodeInfo> nodes = query.nodes();
        Optional<CloudControllerInfo> cloudController = query.cloudController();
        try {
            if (retry.call(() -> vpc.describeVpc(vpcId)).isEmpty()) {
                return NetworkFindings.unavailable("VPC " + vpcId + ", configured for this cluster, does not exist"
                        + " for these credentials; check the cluster's vpc-id setting");
            }
            List<String> tables = tables();
            if (tables.isEmpty()) {
                return NetworkFindings.unavailable("VPC " + vpcId + " has no route table");
            }
            Map<String, List<RouteEntry>> byDestination = new HashMap<>();
            Map<String, Integer> entriesPerTable = new LinkedHashMap<>();
            for (String table : tables) {
                List<RouteEntry> entries = retry.call(() -> vpc.routeEntries(table));
                entriesPerTable.put(table, entries.size());
                for (RouteEntry e : entries) {
                    byDestination.computeIfAbsent(e.destinationCidrBlock().trim(), k -> new ArrayList<>()).add(e);
                }
            }
            String primary = tables.get(0);
            List<Cause> pathCauses = new ArrayList<>();
            List<PlanStep> plan = new ArrayList<>();
            Set<String> pathCidrs = new LinkedHashSet<>();
            for (PodNetworkPath path : distinctByNode(unreachable)) {
                pathCidrs.add(path.podCIDR());
                pathCause(path, byDestination, primary, entriesPerTable).ifPresent(pathCauses::add);
                if (path.instanceId() != null && path.podCIDR() != null
                        && byDestination.getOrDefault(path.podCIDR(), List.of()).isEmpty()) {
                    plan.add(createRoute(primary, path.podCIDR(), path.instanceId()));
                }
            }
            List<Cause> auditCauses = new ArrayList<>();
            List<PlanStep> auditPlan = new ArrayList<>();
            audit(nodes, byDestination, primary, pathCidrs, auditCauses, auditPlan);
            return new NetworkFindings(pathCauses, plan, auditCauses, auditPlan, routeControllerEvidence(cloudController),
                    null);
        } catch (CloudException e) {
            return NetworkFindings.unavailable(e.getMessage());
        }
    }

    private List<String> tables() {
        if (!routeTableIds.isEmpty()) {
            return routeTableIds;
        }
        // The VPC's main (System) table first: that is where node routes belong unless configured otherwise.
        List<RouteTable> all = new ArrayList<>(retry.call(() -> vpc.routeTables(vpcId)));
        all.sort((a, b) -> Boolean.compare(!"System".equals(a.routeTableType()), !"System".equals(b.routeTableType())));
        return all.stream().map(RouteTable::routeTableId).toList();
    }

    private static List<PodNetworkPath> distinctByNode(List<PodNetworkPath> paths) {
        Map<String, PodNetworkPath> byNode = new LinkedHashMap<>();
        paths.forEach(p -> byNode.putIfAbsent(p.nodeName(), p));
        return List.copyOf(byNode.values());
    }

    private Optional<Cause> pathCause(PodNetworkPath path, Map<String, List<RouteEntry>> byDestination, String primary,
                                      Map<String, Integer> entriesPerTable) {
        String target = path.podCIDR() + " -> " + path.instanceId();
        String node = "node " + path.nodeName();
        if (path.podCIDR() == null || path.instanceId() == null) {
            return Optional.of(new Cause(CauseKind.VPC_ROUTE_MISSING, "cannot tell which VPC route " + node
                    + " needs: it has " + (path.podCIDR() == null ? "no podCIDR" : "no Alibaba Cloud providerID"),
                    List.of(node + " podCIDR=" + path.podCIDR() + " instance=" + path.instanceId())));
        }
        List<RouteEntry> sameDestination = byDestination.getOrDefault(path.podCIDR(), List.of());
        if (sameDestination.isEmpty()) {
            List<String> evidence = new ArrayList<>();
            entriesPerTable.forEach((table, count) -> evidence.add("route table " + table + " (VPC " + vpcId + ") holds "
                    + count + " entries, none for destination " + path.podCIDR()));
            evidence.add(node + " has podCIDR " + path.podCIDR() + " and runs on instance " + path.instanceId()
                    + "; pod " + path.podNamespace() + "/" + path.podName() + " (" + path.podIP() + ") lives there");
            byDestination.values().stream().flatMap(List::stream).limit(MAX_LISTED)
                    .forEach(e -> evidence.add("present: " + e.describe()));
            return Optional.of(new Cause(CauseKind.VPC_ROUTE_MISSING, "the VPC route " + target + " for " + node
                    + " is missing from route table " + primary + ", so host-network traffic from the control plane"
                    + " cannot reach " + path.podIP(), evidence));
        }
        Optional<RouteEntry> right = sameDestination.stream().filter(e -> e.pointsToInstance(path.instanceId())).findFirst();
        if (right.isPresent()) {
            RouteEntry e = right.get();
            if (e.status() == RouteEntryStatus.AVAILABLE) {
                return Optional.empty();
            }
            return Optional.of(new Cause(CauseKind.ROUTE_NOT_AVAILABLE, "the VPC route " + target + " exists but is "
                    + e.status().wireName() + ", not Available yet: wait for it rather than writing again",
                    List.of("entry " + e.describe() + " in " + e.routeTableId())));
        }
        List<String> evidence = new ArrayList<>();
        sameDestination.forEach(e -> evidence.add("entry " + e.describe() + " in " + e.routeTableId()
                + (e.description() == null || e.description().isBlank() ? "" : " description \"" + e.description() + "\"")));
        evidence.add(node + " runs on instance " + path.instanceId() + ", not on the entry's next hop");
        RouteEntry blocking = sameDestination.get(0);
        return Optional.of(new Cause(CauseKind.ROUTE_CONFLICT, "route table " + blocking.routeTableId() + " sends "
                + path.podCIDR() + " to " + blocking.nextHopType() + " " + blocking.nextHopId() + " instead of "
                + path.instanceId() + " (" + node + "); Unstuck does not change routes it did not create: a person"
                + " must check whether the old next hop is still in use and fix the entry", evidence));
    }

    private void audit(List<NodeInfo> nodes, Map<String, List<RouteEntry>> byDestination, String primary,
                       Set<String> pathCidrs, List<Cause> causes, List<PlanStep> auditPlan) {
        List<String> evidence = new ArrayList<>();
        int missing = 0;
        int beyondPlan = 0;
        for (NodeInfo n : nodes) {
            if (n.podCIDR() == null || n.instanceId() == null) {
                continue;
            }
            List<RouteEntry> entries = byDestination.getOrDefault(n.podCIDR(), List.of());
            boolean ok = entries.stream().anyMatch(e -> e.pointsToInstance(n.instanceId())
                    && e.status() == RouteEntryStatus.AVAILABLE);
            if (ok) {
                continue;
            }
            missing++;
            String what = entries.isEmpty() ? "no entry" : "entry " + entries.get(0).describe();
            if (evidence.size() < MAX_LISTED) {
                evidence.add("node " + n.name() + " " + n.podCIDR() + " -> " + n.instanceId() + ": " + what);
            }
            if (!pathCidrs.contains(n.podCIDR())) {
                beyondPlan++;
                if (entries.isEmpty()) {
                    auditPlan.add(createRoute(primary, n.podCIDR(), n.instanceId()));
                }
            }
        }
        if (missing > MAX_LISTED) {
            evidence.add("... and " + (missing - MAX_LISTED) + " more node(s)");
        }
        if (beyondPlan > 0) {
            causes.add(new Cause(CauseKind.NODE_ROUTES_MISSING, missing + " of " + nodes.size() + " nodes have no"
                    + " Available VPC route to their pods (" + beyondPlan + " beyond those blocking this namespace);"
                    + " a broken route controller rarely breaks just one node", evidence));
        }
    }

    private List<String> routeControllerEvidence(Optional<CloudControllerInfo> cloudController) {
        List<String> evidence = new ArrayList<>();
        cloudController.map(CloudControllerInfo::configuredVpcId).filter(id -> !id.equals(vpcId)).ifPresent(id -> {
            evidence.add("the cloud-controller-manager is configured with VPC " + id + " but the cluster runs in VPC "
                    + vpcId);
            try {
                if (retry.call(() -> vpc.describeVpc(id)).isEmpty()) {
                    evidence.add("DescribeVpcAttribute: VPC " + id + " does not exist, so the route controller"
                            + " cannot find any route table to restore routes in");
                }
            } catch (CloudException e) {
                evidence.add("DescribeVpcAttribute " + id + " failed: " + e.getMessage());
            }
        });
        return evidence;
    }

    static PlanStep createRoute(String routeTableId, String cidr, String instanceId) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("routeTableId", routeTableId);
        params.put("destinationCidrBlock", cidr);
        params.put("nextHopType", RouteEntry.NEXT_HOP_INSTANCE);
        params.put("nextHopId", instanceId);
        return new PlanStep(RemediationAction.CREATE_ROUTE_ENTRY, params);
    }
}
