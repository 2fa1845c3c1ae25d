package dev.unstuck.cloud;

import dev.unstuck.diagnosis.CloudControllerInfo;
import dev.unstuck.diagnosis.NetworkFindings;
import dev.unstuck.diagnosis.NetworkPathInspector;
import dev.unstuck.diagnosis.NetworkQuery;
import dev.unstuck.remediation.PlanStep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Finds, from the VPC itself, why the control plane cannot reach a node's pods: the route table that forwards the
 * control plane's traffic (the one bound to its vSwitch) lacks the entry podCIDR -> instance, routes it elsewhere,
 * or has it not Available yet. Then audits every node's route in the tables the cloud-controller-manager manages,
 * and dry-runs each proposed write.
 * <p>
 * Cost per diagnosis: one VPC lookup, the paged table and vSwitch lists, each table that matters read once
 * (ceil(entries/100) calls) and at most {@link RoutePreflight#MAX_DRY_RUNS} dry runs; never a call per node.
 */
public final class VpcRouteInspector implements NetworkPathInspector {
    private final VpcApi vpc;
    private final VpcRouteSettings settings;
    private final CloudRetry retry;

    /** @param routeTableIds the tables the CCM manages, or empty to take them from its cloud-config or the VPC */
    public VpcRouteInspector(VpcApi vpc, String vpcId, List<String> routeTableIds) {
        this(vpc, VpcRouteSettings.of(vpcId, routeTableIds), CloudRetry.defaults());
    }

    public VpcRouteInspector(VpcApi vpc, VpcRouteSettings settings) {
        this(vpc, settings, CloudRetry.defaults());
    }

    public VpcRouteInspector(VpcApi vpc, VpcRouteSettings settings, CloudRetry retry) {
        this.vpc = Objects.requireNonNull(vpc);
        this.settings = Objects.requireNonNull(settings);
        this.retry = Objects.requireNonNull(retry);
    }

    @Override
    public NetworkFindings inspect(NetworkQuery query) {
        String vpcId = settings.vpcId();
        try {
            if (retry.call(() -> vpc.describeVpc(vpcId)).isEmpty()) {
                return NetworkFindings.unavailable("VPC " + vpcId + ", configured for this cluster, does not exist"
                        + " for these credentials; check the cluster's vpc-id setting");
            }
            List<RouteTable> tables = retry.call(() -> vpc.routeTables(vpcId));
            if (tables.isEmpty()) {
                return NetworkFindings.unavailable("VPC " + vpcId + " has no route table");
            }
            Optional<List<VSwitch>> vSwitches;
            String vSwitchProblem = null;
            try {
                vSwitches = Optional.of(retry.call(() -> vpc.vSwitches(vpcId)));
            } catch (CloudException e) {
                // Without vSwitches the System table is assumed (and said so): still worth a diagnosis.
                vSwitches = Optional.empty();
                vSwitchProblem = e.getMessage();
            }
            SourceRouteTables sources = SourceRouteTables.resolve(vpcId, query.nodes(),
                    settings.apiServerVSwitchIds(), tables, vSwitches, vSwitchProblem);
            ManagedRouteTables managed = ManagedRouteTables.resolve(vpcId, settings.routeTableIds(),
                    query.cloudController(), tables);
            List<String> controllerEvidence = new ArrayList<>(vpcMismatch(query.cloudController()));
            Set<String> known = new LinkedHashSet<>();
            tables.forEach(t -> known.add(t.routeTableId()));
            List<String> audited = new ArrayList<>();
            if (query.auditNodeRoutes()) {
                (managed.ids().isEmpty() ? sources.tables().stream().map(SourceRouteTable::routeTableId).toList()
                        : managed.ids()).forEach(audited::add);
            }
            for (String id : managed.ids()) {
                if (!known.contains(id)) {
                    controllerEvidence.add("the cloud-controller-manager manages route table " + id + " ("
                            + managed.source() + "), which VPC " + vpcId + " does not have: its routes go nowhere");
                    audited.remove(id);
                }
            }

            Map<String, RouteTableView> views = new LinkedHashMap<>();
            for (SourceRouteTable s : sources.tables()) {
                read(s.routeTableId(), views);
            }
            for (String id : audited) {
                read(id, views);
            }

            PathRoutes paths = new PathRoutes(vpcId, sources, views, tables, query.nodes());
            paths.check(query.unreachable());
            RouteAudit audit = new RouteAudit();
            Set<String> pathTables = new LinkedHashSet<>();
            sources.tables().forEach(s -> pathTables.add(s.routeTableId()));
            for (String id : audited) {
                audit.audit(views.get(id), query.nodes(), paths, paths.plan(), pathTables);
            }

            if (managed.problem() != null) {
                controllerEvidence.add(managed.problem());
            }
            for (String broken : paths.brokenTables()) {
                if (!managed.ids().isEmpty() && !managed.manages(broken)) {
                    controllerEvidence.add("route table " + broken + " carries the control plane's traffic but the"
                            + " cloud-controller-manager manages only " + String.join(", ", managed.ids()) + " ("
                            + managed.source() + "): it will never restore this route");
                }
            }

            RoutePreflight preflight = new RoutePreflight(vpc, settings.routeEntryQuota(), views);
            List<PlanStep> plan = preflight.check(paths.plan());
            List<PlanStep> auditPlan = preflight.check(audit.plan());
            return new NetworkFindings(paths.causes(), plan, audit.causes(), auditPlan, controllerEvidence, null);
        } catch (CloudException e) {
            return NetworkFindings.unavailable(e.getMessage());
        }
    }

    private void read(String routeTableId, Map<String, RouteTableView> views) {
        if (!views.containsKey(routeTableId)) {
            views.put(routeTableId, new RouteTableView(routeTableId, retry.call(() -> vpc.routeEntries(routeTableId))));
        }
    }

    /** The CCM looking in another VPC than the cluster's restores no route at all. */
    private List<String> vpcMismatch(Optional<CloudControllerInfo> cloudController) {
        List<String> evidence = new ArrayList<>();
        cloudController.map(CloudControllerInfo::configuredVpcId)
                .filter(id -> !id.isBlank() && !id.equals(settings.vpcId())).ifPresent(id -> {
                    evidence.add("the cloud-controller-manager is configured with VPC " + id + " but the cluster runs"
                            + " in VPC " + settings.vpcId());
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
}
