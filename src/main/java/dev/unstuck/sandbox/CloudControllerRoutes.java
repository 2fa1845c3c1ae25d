package dev.unstuck.sandbox;

import dev.unstuck.cloud.RouteEntry;
import dev.unstuck.sandbox.vpc.VpcApiError;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The route controller of Alibaba Cloud's cloud-controller-manager, as its source behaves. It finds its route tables
 * (the cloud-config's {@code routeTableIDs}, else the single table DescribeRouteTableList returns for its
 * {@code vpcid}); when that fails it records {@code SyncRouteFailed} against its synthetic {@code route-controller}
 * object and returns BEFORE touching node conditions, so a node keeps {@code RouteCreated} while its route is gone.
 * Otherwise it creates every missing podCIDR -> instance entry in each of its tables ({@code CreatedRoute} /
 * {@code CreateRouteFailed} on the node) and sets NetworkUnavailable accordingly. It never runs on Terway, where ACK
 * starts it with {@code --configure-cloud-routes=false}. It does not sweep conflicting entries: a drill's conflicting
 * route stays for a human to judge.
 */
final class CloudControllerRoutes {
    static final EventRecorder.Subject ROUTE_CONTROLLER = new EventRecorder.Subject("Event", "route-controller", "");

    /** The outcome of one create attempt, kept until the VPC changes so a refused write is not hammered. */
    private record Attempt(long vpcVersion, boolean created) {
    }

    private final Scenario scenario;
    private final KubernetesClient client;
    private final SandboxRoutes routes;
    private final EventRecorder events;
    private final Clock clock;
    private final AtomicLong vpcVersion = new AtomicLong();
    private final Map<String, Attempt> attempts = new HashMap<>();
    private final Map<String, Boolean> routed = new HashMap<>();
    private String lastSyncError;
    /** The configuration the controller runs with: the scenario's, until a drill restarts it with another. */
    private volatile Scenario.Ccm ccm;
    /** Where the controller's log goes (its pod's log), once a drill restarted it; null while the scenario's stands. */
    private Consumer<List<String>> log;
    private final List<String> logLines = new ArrayList<>();
    private boolean loggedInSync;

    CloudControllerRoutes(Scenario scenario, KubernetesClient client, SandboxRoutes routes, Clock clock) {
        this.scenario = scenario;
        this.ccm = scenario.ccm();
        this.client = client;
        this.routes = routes;
        this.clock = clock;
        this.events = new EventRecorder(client, clock, "route-controller");
        routes.onChange(vpcVersion::incrementAndGet);
        // The cluster starts with every node's route created before the incident (see ClusterSeed).
        scenario.nodes().stream().filter(n -> n.podCIDR() != null).forEach(n -> routed.put(n.name(), true));
    }

    /** Whether this scenario runs the route controller at all. */
    static boolean configuresRoutes(Scenario scenario) {
        return scenario.ccm() != null && scenario.cluster().network() == Scenario.Network.FLANNEL;
    }

    /** The condition a node carries from before the incident: its route was created when it joined. */
    static NodeCondition routeCreated(String since) {
        return condition(true, since);
    }

    void pass() {
        if (!configuresRoutes(scenario)) {
            return;
        }
        List<String> tables;
        Map<String, List<RouteEntry>> listed = new LinkedHashMap<>();
        try {
            tables = routeTables();
            for (String table : tables) {
                listed.put(table, routes.instanceRoutes(table).orElseThrow(() -> new SyncError("list " + table,
                        "table " + table + " get route entries error ,err describe route entry list error, err "
                                + sdkError("InvalidRouteTable.NotFound", "The specified route table does not exist."))));
            }
        } catch (SyncError e) {
            if (!e.kind.equals(lastSyncError)) {
                events.record(ROUTE_CONTROLLER, "Warning", "SyncRouteFailed", "Reconciling route error: "
                        + e.getMessage());
                lastSyncError = e.kind;
                log("E", "route_controller.go:231] route controller: alicloud: " + e.getMessage());
                loggedInSync = false;
            }
            return;
        }
        lastSyncError = null;
        if (!loggedInSync) {
            log("I", "route_controller.go:212] route controller: routes in sync with " + String.join(", ", tables));
            loggedInSync = true;
        }
        for (Scenario.Node node : scenario.nodes()) {
            if (node.podCIDR() == null) {
                continue;
            }
            boolean ok = true;
            for (String table : tables) {
                boolean present = listed.get(table).stream().anyMatch(r -> r.hasDestination(node.podCIDR())
                        && r.pointsToInstance(node.instanceId()));
                ok &= present || create(node, table);
            }
            if (!Boolean.valueOf(ok).equals(routed.get(node.name()))) {
                setNetworkCondition(node.name(), ok);
                routed.put(node.name(), ok);
            }
        }
    }

    /**
     * The controller restarted with another {@code Global.vpcid} (a drill that breaks or fixes its cloud-config): its
     * log starts over, as a new pod's does, and it re-reads its tables on the next pass.
     */
    void restart(Scenario.Ccm config, Consumer<List<String>> podLog) {
        this.ccm = config;
        this.log = podLog;
        this.lastSyncError = null;
        this.loggedInSync = false;
        this.attempts.clear();
        logLines.clear();
        log("I", "route_controller.go:212] route controller: reconciling routes for "
                + scenario.nodes().stream().filter(n -> n.podCIDR() != null).count() + " nodes");
    }

    Scenario.Ccm config() {
        return ccm;
    }

    /** One klog line ("E1125 07:12:03.298170       1 file.go:231] message"), kept to the last 50 as a log tail. */
    private void log(String severity, String message) {
        if (log == null) {
            return;
        }
        java.time.ZonedDateTime t = clock.instant().atZone(java.time.ZoneOffset.UTC);
        logLines.add(String.format(Locale.ROOT, "%s%02d%02d %02d:%02d:%02d.%06d       1 %s", severity,
                t.getMonthValue(), t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond(),
                t.getNano() / 1000, message));
        while (logLines.size() > 50) {
            logLines.remove(0);
        }
        log.accept(List.copyOf(logLines));
    }

    /** getRouteTables as the controller implements it, with its error strings verbatim. */
    private List<String> routeTables() {
        Scenario.Ccm ccm = this.ccm;
        if (!ccm.routeTableIds().isEmpty()) {
            return ccm.routeTableIds();
        }
        List<String> tables = routes.routeTableIds(ccm.configuredVpcId());
        if (tables.size() > 1) {
            throw new SyncError("multiple", "multiple route tables found by vpc id[" + ccm.configuredVpcId()
                    + "], length(tables)=" + tables.size());
        }
        if (tables.isEmpty()) {
            throw new SyncError("none", "no route tables found by vpc id[" + ccm.configuredVpcId() + "]");
        }
        return tables;
    }

    private boolean create(Scenario.Node node, String table) {
        String key = node.name() + "|" + table;
        Attempt last = attempts.get(key);
        long version = vpcVersion.get();
        if (last != null && last.vpcVersion() == version) {
            return last.created();
        }
        Optional<VpcApiError> refused = routes.createRoute(table, node.podCIDR(), node.instanceId());
        EventRecorder.Subject subject = new EventRecorder.Subject("Node", node.name(), node.name());
        if (refused.isEmpty()) {
            events.record(subject, "Normal", "CreatedRoute", "Created route for " + table + " with " + node.name()
                    + " -> " + node.podCIDR() + " successfully");
        } else {
            events.record(subject, "Warning", "CreateRouteFailed", "Error creating route entry in " + table + ": "
                    + refused.get().getMessage());
        }
        // Our own write bumps the version; remember the attempt against the VPC as it now is.
        attempts.put(key, new Attempt(vpcVersion.get(), refused.isEmpty()));
        return refused.isEmpty();
    }

    private void setNetworkCondition(String nodeName, boolean routeCreated) {
        String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        client.nodes().withName(nodeName).edit(n -> replaceCondition(n, condition(routeCreated, now)));
    }

    private static NodeCondition condition(boolean routeCreated, String since) {
        return new NodeConditionBuilder().withType("NetworkUnavailable").withStatus(routeCreated ? "False" : "True")
                .withReason(routeCreated ? "RouteCreated" : "NoRouteCreated")
                .withMessage(routeCreated ? "RouteController created a route" : "RouteController failed to create a route")
                .withLastHeartbeatTime(since).withLastTransitionTime(since).build();
    }

    private static Node replaceCondition(Node node, NodeCondition desired) {
        if (node.getStatus() == null) {
            node.setStatus(new NodeStatus());
        }
        List<NodeCondition> conditions = node.getStatus().getConditions() == null ? new ArrayList<>()
                : new ArrayList<>(node.getStatus().getConditions());
        conditions.removeIf(c -> desired.getType().equals(c.getType()));
        conditions.add(desired);
        node.getStatus().setConditions(conditions);
        return node;
    }

    /** How the Go SDK the controller uses prints a server error. */
    private static String sdkError(String code, String message) {
        return "SDK.ServerError\nErrorCode: " + code + "\nRecommend: https://api.aliyun.com/troubleshoot?q=" + code
                + "&product=Vpc\nRequestId: " + UUID.randomUUID().toString().toUpperCase(Locale.ROOT)
                + "\nMessage: " + message + "\nRespHeaders: map[Content-Type:[application/json;charset=utf-8]]";
    }

    /** A failed table lookup or listing; {@code kind} tells repeats of the same failure apart from new ones. */
    private static final class SyncError extends RuntimeException {
        final String kind;

        SyncError(String kind, String message) {
            super(message, null, false, false);
            this.kind = kind;
        }
    }
}
