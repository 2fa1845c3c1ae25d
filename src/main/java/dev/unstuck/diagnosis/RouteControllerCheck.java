package dev.unstuck.diagnosis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The advisory link at the end of a route chain: is the cloud-controller-manager's route controller failing, so that
 * missing VPC routes are not restored? Evidence comes from node conditions (NoRouteCreated), the controller's events
 * (on the nodes that matter and on its synthetic {@code route-controller} object), its log and the cloud's view of
 * its configuration. A node condition {@code RouteCreated} is never taken as proof that a route exists: the
 * controller returns before updating conditions when its route-table lookup fails. Not raised on Terway, whose pod
 * network has no per-node routes.
 */
final class RouteControllerCheck {

    private static final int MAX_QUOTED = BackendTracer.MAX_QUOTED;

    private final ClusterReads reads;
    private final List<String> unreported = new ArrayList<>();

    RouteControllerCheck(ClusterReads reads) {
        this.reads = reads;
    }

    /** Reads that failed while no cause was raised, so that the report can still say they were not checked. */
    List<String> unreportedProblems() {
        return List.copyOf(unreported);
    }

    /**
     * @param suspectPaths  the paths on which a VPC route is a suspect; their nodes' events are read
     * @param cloudEvidence what the cloud says about the controller's configuration
     */
    Optional<Cause> check(List<PodNetworkPath> suspectPaths, List<String> cloudEvidence) {
        List<NodeInfo> noRoute = reads.nodes().stream().filter(n -> n.condition("NetworkUnavailable")
                .filter(c -> c.isTrue() && "NoRouteCreated".equals(c.reason())).isPresent()).toList();
        if (suspectPaths.isEmpty() && noRoute.isEmpty()) {
            return Optional.empty();
        }
        if (reads.podNetwork().plugin() == PodNetwork.Plugin.TERWAY) {
            // Terway builds no per-node routes: whatever the route controller reports cannot hold a namespace.
            return Optional.empty();
        }
        List<String> evidence = new ArrayList<>();
        noRoute.stream().limit(MAX_QUOTED).forEach(n -> evidence.add("node " + n.name() + " "
                + n.condition("NetworkUnavailable").map(Condition::quote).orElseThrow()));
        if (noRoute.size() > MAX_QUOTED) {
            evidence.add("... and " + (noRoute.size() - MAX_QUOTED) + " more node(s) with NoRouteCreated");
        }

        Set<InvolvedObject> about = new LinkedHashSet<>();
        suspectPaths.forEach(p -> about.add(InvolvedObject.node(p.nodeName())));
        noRoute.stream().limit(MAX_QUOTED).forEach(n -> about.add(InvolvedObject.node(n.name())));
        about.add(InvolvedObject.anyKind(CcmSignals.ROUTE_CONTROLLER_OBJECT));
        Advisory<List<ClusterEvent>> events = reads.reader().events(about, CcmSignals.ROUTE_EVENT_REASONS);
        List<ClusterEvent> newestEvents = newest(events.value());
        newestEvents.forEach(e -> evidence.add("event " + e.reason() + " on "
                + ("Node".equals(e.objectKind()) ? "node " : "") + e.objectName()
                + " (x" + e.count() + (e.lastSeen() == null ? "" : ", last " + e.lastSeen()) + "): " + e.message()));

        Advisory<Optional<CloudControllerInfo>> ccmRead = reads.cloudController();
        Optional<CloudControllerInfo> ccm = ccmRead.value();
        List<String> logErrors = ccm.map(c -> newest(c.recentLogLines().stream().filter(CcmSignals::isRouteError)
                .map(String::strip).toList())).orElse(List.of());
        logErrors.forEach(line -> evidence.add("cloud-controller-manager log: " + line));
        evidence.addAll(cloudEvidence);
        if (evidence.isEmpty()) {
            unreported.addAll(events.problems());
            unreported.addAll(ccmRead.problems());
            return Optional.empty();
        }
        ccm.filter(c -> c.configuredVpcId() != null).ifPresent(c -> evidence.add("cloud-controller-manager "
                + (c.podName() == null ? "" : c.namespace() + "/" + c.podName() + " ")
                + "is configured with VPC " + c.configuredVpcId()
                + (c.routeTableIds().isEmpty() ? "" : " and route tables " + String.join(", ", c.routeTableIds()))
                + (c.configSource() == null ? "" : " (" + c.configSource() + ")")));
        events.problems().forEach(evidence::add);
        ccmRead.problems().forEach(evidence::add);

        // The newest failure the controller reports about its route-table lookup says what to fix.
        Optional<CcmSignals.RouteTableLookup> lookup = Stream.concat(
                        reversed(newestEvents).stream().map(ClusterEvent::message), reversed(logErrors).stream())
                .filter(m -> m != null).map(CcmSignals::lookupFailure).flatMap(Optional::stream).findFirst();
        // Only the cloud's view (e.g. the CCM manages another table) and no failure of its own: it is not failing,
        // it is set up so that it will never restore this route.
        boolean reportsFailure = !noRoute.isEmpty() || !newestEvents.isEmpty() || !logErrors.isEmpty();
        String summary = reportsFailure
                ? "advisory: the cloud-controller-manager's route controller is failing"
                + lookup.map(l -> " (" + l.explain() + ")").orElse("")
                + ", so missing VPC routes are not restored; "
                + (lookup.isPresent() ? "check its VPC configuration" : "its events and log above say why")
                : "advisory: the cloud-controller-manager is not set up to restore this route; check the VPC and"
                + " route tables in its cloud-config";
        return Optional.of(new Cause(CauseKind.ROUTE_CONTROLLER_FAILING, summary, evidence));
    }

    private static <T> List<T> newest(List<T> oldestFirst) {
        return oldestFirst.subList(Math.max(0, oldestFirst.size() - MAX_QUOTED), oldestFirst.size());
    }

    private static <T> List<T> reversed(List<T> list) {
        List<T> copy = new ArrayList<>(list);
        Collections.reverse(copy);
        return copy;
    }
}
