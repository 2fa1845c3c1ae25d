package dev.unstuck.sandbox;

import dev.unstuck.cloud.RouteEntry;
import dev.unstuck.cloud.RouteEntryStatus;
import dev.unstuck.sandbox.vpc.VpcApiError;
import dev.unstuck.sandbox.vpc.VpcModel;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The scenario's VPC as route tables, shared by the VPC API a client calls and the controllers the cluster runs: a
 * route written by either is seen by both. Without an API in front it serves a cluster-only sandbox.
 */
public final class ScenarioRoutes implements SandboxRoutes, AutoCloseable {
    private final VpcModel model;
    private final boolean owned;

    private ScenarioRoutes(VpcModel model, boolean owned) {
        this.model = Objects.requireNonNull(model);
        this.owned = owned;
    }

    /** The scenario's VPC with no API in front of it; closing it stops its timers. */
    public static ScenarioRoutes of(Scenario scenario) {
        VpcModel model = new VpcModel(Clock.systemUTC());
        model.setPending(scenario.faults().vpc().pending());
        seed(model, scenario);
        return new ScenarioRoutes(model, true);
    }

    /** Routes read from a model someone else seeded and closes (the VPC API's). */
    static ScenarioRoutes over(VpcModel model) {
        return new ScenarioRoutes(model, false);
    }

    /** Puts the scenario's VPC into {@code model}: vSwitches, tables with their bindings and entries, instances. */
    static void seed(VpcModel model, Scenario scenario) {
        String vpcId = scenario.cluster().vpcId();
        Scenario.Vpc vpc = scenario.vpc();
        model.addVpc(vpcId, vpc.cidr());
        model.setRouteEntryQuota(vpc.quota());
        scenario.nodes().forEach(n -> model.addInstance(n.instanceId()));
        for (Scenario.VSwitch v : vpc.vSwitches()) {
            model.addVSwitch(vpcId, v.id(), v.cidr(), v.zone());
        }
        // A real node always sits in a vSwitch: a scenario that names none gets one /24 per subnet of its nodes,
        // bound to no custom table (the model gives every table the System entry for its CIDR).
        List<String> implicit = vpc.hasTopology() ? List.of() : implicitVSwitchCidrs(scenario);
        String suffix = vpcId.substring("vpc-".length());
        for (int i = 0; i < implicit.size(); i++) {
            model.addVSwitch(vpcId, "vsw-" + suffix + (i == 0 ? "" : "-" + (i + 1)), implicit.get(i),
                    scenario.cluster().region() + "-h");
        }
        for (Scenario.RouteTable table : vpc.routeTables()) {
            model.addRouteTable(vpcId, table.id(), table.type());
            table.vSwitches().forEach(v -> model.bindVSwitch(table.id(), v));
            for (Scenario.Route r : table.entries()) {
                model.addInstance(r.nextHop());
                model.addRouteEntry(table.id(), r.destination(), r.nextHop(), RouteEntryStatus.parse(r.status()));
            }
        }
        if (vpc.routeTables().isEmpty()) {
            model.addRouteTable(vpcId, "vtb-" + vpcId.substring("vpc-".length()));
        }
    }

    private static List<String> implicitVSwitchCidrs(Scenario scenario) {
        java.util.Set<String> cidrs = new java.util.LinkedHashSet<>();
        for (Scenario.Node n : scenario.nodes()) {
            String ip = n.internalIP();
            cidrs.add(ip.substring(0, ip.lastIndexOf('.')) + ".0/24");
        }
        return List.copyOf(cidrs);
    }

    @Override
    public boolean carries(String routeTableId, String destinationCidr, String instanceId) {
        return model.hasRouteTable(routeTableId) && model.entryViews(routeTableId).stream()
                .anyMatch(e -> available(e, destinationCidr, instanceId));
    }

    @Override
    public boolean carriesAnywhere(String destinationCidr, String instanceId) {
        return model.routeTableViews().stream().anyMatch(t -> carries(t.id(), destinationCidr, instanceId));
    }

    @Override
    public List<String> routeTableIds(String vpcId) {
        return model.routeTableViews().stream().filter(t -> t.vpcId().equals(vpcId)).map(VpcModel.TableView::id)
                .toList();
    }

    @Override
    public Optional<List<RouteEntry>> instanceRoutes(String routeTableId) {
        if (!model.hasRouteTable(routeTableId)) {
            return Optional.empty();
        }
        return Optional.of(model.entries(routeTableId).stream().filter(e -> "Custom".equals(e.type()))
                .filter(e -> RouteEntry.NEXT_HOP_INSTANCE.equals(e.nextHopType()))
                .filter(e -> !"0.0.0.0/0".equals(e.destinationCidrBlock())).toList());
    }

    @Override
    public Optional<VpcApiError> createRoute(String routeTableId, String destinationCidr, String instanceId) {
        try {
            model.createRouteEntry(new VpcModel.CreateRequest(routeTableId, destinationCidr,
                    RouteEntry.NEXT_HOP_INSTANCE, instanceId, null, null, null, false));
            return Optional.empty();
        } catch (VpcApiError e) {
            return Optional.of(e);
        }
    }

    @Override
    public void onChange(Runnable listener) {
        model.onChange(listener);
    }

    @Override
    public void close() {
        if (owned) {
            model.close();
        }
    }

    private static boolean available(VpcModel.EntryView e, String destinationCidr, String instanceId) {
        return e.status() == RouteEntryStatus.AVAILABLE && RouteEntry.NEXT_HOP_INSTANCE.equals(e.nextHopType())
                && e.cidr().equals(destinationCidr) && instanceId.equals(e.nextHopId());
    }
}
