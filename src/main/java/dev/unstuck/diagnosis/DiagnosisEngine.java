package dev.unstuck.diagnosis;

import dev.unstuck.remediation.PlanStep;
import dev.unstuck.remediation.RemediationAction;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Explains why a namespace stays in Terminating, as a chain of causes from the namespace's own conditions down to
 * the infrastructure (most fundamental last), and proposes the repairs that address the root rather than the
 * symptom. Read-only: it only ever calls the {@link ClusterReader}, and each kind of cluster-wide read at most once
 * per diagnosis, so the cost does not grow with the number of nodes.
 */
public final class DiagnosisEngine {

    public static final Duration DEFAULT_STUCK_THRESHOLD = Duration.ofMinutes(5);

    /** Node event reasons the Alibaba Cloud route controller emits when it cannot create a route. */
    public static final Set<String> ROUTE_EVENT_REASONS = Set.of("CreateRouteFailed", "DescriberRouteTablesFailed");

    static final String DISCOVERY_FAILURE = "NamespaceDeletionDiscoveryFailure";
    static final String PARSING_FAILURE = "NamespaceDeletionGroupVersionParsingFailure";
    static final String CONTENT_FAILURE = "NamespaceDeletionContentFailure";
    static final String CONTENT_REMAINING = "NamespaceContentRemaining";
    static final String FINALIZERS_REMAINING = "NamespaceFinalizersRemaining";

    // Enough to show a pattern to a person without flooding a chat message.
    private static final int MAX_QUOTED = 10;

    // Route-controller failures in the CCM log; plain "route" alone would also catch its routine progress lines.
    private static final List<String> CCM_ROUTE_ERROR_MARKERS = List.of(
            "no route tables found by vpc id", "can not found routetable", "get vpc id from metadata error",
            "describeroutetables", "createroute");
    private static final List<String> ERROR_WORDS = List.of("error", "fail", "can not", "cannot", "not found");

    private final ClusterReader reader;
    private final NetworkPathInspector inspector;
    private final Duration stuckThreshold;
    private final Clock clock;

    public DiagnosisEngine(ClusterReader reader, NetworkPathInspector inspector, Duration stuckThreshold, Clock clock) {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.inspector = Objects.requireNonNull(inspector, "inspector");
        this.stuckThreshold = Objects.requireNonNull(stuckThreshold, "stuckThreshold");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (stuckThreshold.isNegative()) {
            throw new IllegalArgumentException("stuckThreshold must not be negative: " + stuckThreshold);
        }
    }

    public DiagnosisEngine(ClusterReader reader, NetworkPathInspector inspector) {
        this(reader, inspector, DEFAULT_STUCK_THRESHOLD, Clock.systemUTC());
    }

    public Diagnosis diagnose(String namespace) {
        Optional<NamespaceInfo> found = reader.namespace(namespace);
        if (found.isEmpty()) {
            return verdictOnly(namespace, NamespaceState.NOT_FOUND, "namespace " + namespace + " does not exist");
        }
        NamespaceInfo ns = found.get();
        if (ns.deletionTimestamp() == null) {
            String phase = ns.phase() == null || ns.phase().isEmpty() ? "Active" : ns.phase();
            String verdict = "Active".equals(phase)
                    ? "namespace " + namespace + " is Active: nothing to un-stick"
                    : "namespace " + namespace + " is not being deleted (phase " + phase + "): nothing to un-stick";
            return verdictOnly(namespace, NamespaceState.ACTIVE, verdict);
        }
        Duration age = Duration.between(ns.deletionTimestamp(), clock.instant());
        if (age.compareTo(stuckThreshold) < 0) {
            return verdictOnly(namespace, NamespaceState.TERMINATING,
                    "namespace " + namespace + " has been terminating for " + human(age) + ", under the "
                            + human(stuckThreshold) + " stuck threshold: the namespace controller may still be "
                            + "cleaning up");
        }
        return new Run(ns, age).diagnose();
    }

    private static Diagnosis verdictOnly(String namespace, NamespaceState state, String verdict) {
        return new Diagnosis(namespace, state, verdict, List.of(), List.of(), List.of());
    }

    static String human(Duration d) {
        if (d.isNegative()) {
            d = Duration.ZERO;
        }
        return d.toMinutes() >= 1 ? d.toMinutes() + " min" : d.toSeconds() + " s";
    }

    /** One diagnosis: holds what was read so that nothing is read twice. */
    private final class Run {
        private final NamespaceInfo ns;
        private final Duration age;

        private List<ApiServiceStatus> apiServices;
        private List<NodeInfo> nodes;
        private Map<String, NodeInfo> nodesByName;
        private DiscoveryResult discovery;
        private Optional<CloudControllerInfo> cloudController;
        private final Map<String, List<PodInfo>> podsByNamespace = new HashMap<>();

        private final List<Cause> apiServiceCauses = new ArrayList<>();
        private final List<Cause> backendMissing = new ArrayList<>();
        private final List<Cause> unreachable = new ArrayList<>();
        private final List<PodNetworkPath> paths = new ArrayList<>();
        private final List<PlanStep> plan = new ArrayList<>();

        Run(NamespaceInfo ns, Duration age) {
            this.ns = ns;
            this.age = age;
        }

        Diagnosis diagnose() {
            List<Cause> causes = new ArrayList<>();
            trueCondition(PARSING_FAILURE).ifPresent(c -> causes.add(new Cause(CauseKind.GROUP_VERSION_PARSING_FAILED,
                    "the namespace controller cannot parse some group/versions, so it cannot delete their content",
                    List.of(quoteNamespaceCondition(c)))));
            trueCondition(CONTENT_FAILURE).ifPresent(c -> causes.add(new Cause(CauseKind.CONTENT_DELETION_FAILED,
                    "the namespace controller failed to delete some resource types",
                    List.of(quoteNamespaceCondition(c)))));
            contentRemaining().ifPresent(causes::add);
            trueCondition(DISCOVERY_FAILURE).ifPresent(c -> causes.add(discoveryFailure(c)));

            causes.addAll(apiServiceCauses);
            causes.addAll(backendMissing);
            causes.addAll(unreachable);

            List<PlanStep> auditPlan = new ArrayList<>();
            List<Cause> auditCauses = new ArrayList<>();
            List<String> cloudEvidence = new ArrayList<>();
            if (!paths.isEmpty()) {
                NetworkFindings findings = inspector.inspect(new NetworkQuery(List.copyOf(paths), nodes(), cloudController(), true));
                if (findings.problem() != null) {
                    // Keep the chain honest: it ends at the pods because the cloud could not be asked, not because
                    // the routes were found fine.
                    int last = causes.size() - 1;
                    Cause tail = causes.get(last);
                    List<String> evidence = new ArrayList<>(tail.evidence());
                    evidence.add("VPC routes not checked: " + findings.problem());
                    causes.set(last, new Cause(tail.kind(), tail.summary(), evidence));
                }
                causes.addAll(findings.pathCauses());
                plan.addAll(findings.plan());
                auditCauses.addAll(findings.auditCauses());
                auditPlan.addAll(findings.auditPlan());
                cloudEvidence.addAll(findings.routeControllerEvidence());
            }
            causes.addAll(auditCauses);
            routeControllerFailing(cloudEvidence).ifPresent(causes::add);

            String verdict = "namespace " + ns.name() + " has been terminating for " + human(age) + ": stuck"
                    + (causes.isEmpty() ? ", but none of its conditions reports a failure" : "");
            return new Diagnosis(ns.name(), NamespaceState.STUCK, verdict, causes, plan, auditPlan);
        }

        private Optional<Condition> trueCondition(String type) {
            return ns.condition(type).filter(Condition::isTrue);
        }

        private String quoteNamespaceCondition(Condition c) {
            return "namespace " + ns.name() + " " + c.quote();
        }

        // ---- content -------------------------------------------------------------------------------------------

        private Optional<Cause> contentRemaining() {
            Optional<Condition> content = trueCondition(CONTENT_REMAINING);
            Optional<Condition> finalizers = trueCondition(FINALIZERS_REMAINING);
            if (content.isEmpty() && finalizers.isEmpty()) {
                return Optional.empty();
            }
            List<String> evidence = new ArrayList<>();
            content.ifPresent(c -> evidence.add(quoteNamespaceCondition(c)));
            finalizers.ifPresent(c -> evidence.add(quoteNamespaceCondition(c)));

            DiscoveryResult types = discovery();
            ListedObjects listed = reader.listObjects(ns.name(), types.namespacedTypes());
            listed.objects().forEach(o -> evidence.add("remaining: " + o.describe()
                    + (o.deleting() ? " (deletion requested)" : "")));
            new TreeMap<>(types.failedGroupVersions()).forEach((gv, error) ->
                    evidence.add("skipped " + gv + ": discovery failed: " + error));
            new TreeMap<>(listed.failedTypes()).forEach((type, error) ->
                    evidence.add("could not list " + type + ": " + error));

            long held = listed.objects().stream().filter(o -> !o.finalizers().isEmpty()).count();
            String summary = listed.objects().isEmpty()
                    ? "the namespace controller reports remaining content, but none was found in the types that "
                    + "could be listed"
                    : listed.objects().size() + " object(s) remain in namespace " + ns.name()
                    + (held > 0 ? ", " + held + " held by finalizers" : "");
            return Optional.of(new Cause(CauseKind.CONTENT_REMAINING, summary, evidence));
        }

        // ---- discovery and APIServices -------------------------------------------------------------------------

        private Cause discoveryFailure(Condition condition) {
            List<String> evidence = new ArrayList<>();
            evidence.add(quoteNamespaceCondition(condition));
            List<String> failing = DiscoveryFailureMessage.failingGroupVersions(condition.message());
            if (failing.isEmpty()) {
                // The wording is a Go error string; when it names no group, ask discovery directly.
                failing = discovery().failedGroupVersions().keySet().stream().sorted().toList();
                if (!failing.isEmpty()) {
                    evidence.add("the message names no group/version; discovery now fails for: "
                            + String.join(", ", failing));
                }
            }
            failing.forEach(gv -> evidence.add("failing group/version: " + gv));

            Map<String, ApiServiceStatus> seen = new LinkedHashMap<>();
            for (String gv : failing) {
                Optional<ApiServiceStatus> match = apiServiceFor(gv);
                if (match.isEmpty()) {
                    evidence.add("no APIService serves " + gv + " (looked for " + expectedApiServiceName(gv) + ")");
                } else if (match.get().isAvailable()) {
                    evidence.add("APIService " + match.get().name() + " is now " + match.get().available().quote()
                            + ": the namespace controller should succeed on its next retry");
                } else {
                    seen.putIfAbsent(match.get().name(), match.get());
                }
            }
            seen.values().forEach(this::unavailable);

            String summary = failing.isEmpty()
                    ? "API discovery fails, so the namespace controller cannot prove the namespace is empty"
                    : "API discovery fails for " + String.join(", ", failing)
                    + ", so the namespace controller cannot prove the namespace is empty";
            return new Cause(CauseKind.DISCOVERY_FAILURE, summary, evidence);
        }

        private Optional<ApiServiceStatus> apiServiceFor(String groupVersion) {
            String expected = expectedApiServiceName(groupVersion);
            List<ApiServiceStatus> all = apiServices();
            return all.stream().filter(a -> expected.equals(a.name())).findFirst()
                    .or(() -> all.stream().filter(a -> groupVersion.equals(a.groupVersion())).findFirst());
        }

        private static String expectedApiServiceName(String groupVersion) {
            int slash = groupVersion.indexOf('/');
            return slash < 0 ? groupVersion : groupVersion.substring(slash + 1) + "." + groupVersion.substring(0, slash);
        }

        private void unavailable(ApiServiceStatus api) {
            List<String> evidence = new ArrayList<>();
            Condition available = api.available();
            evidence.add("APIService " + api.name() + " "
                    + (available == null ? "has no Available condition yet" : available.quote()));
            if (api.isLocal()) {
                evidence.add("APIService " + api.name() + " is local: the kube-apiserver serves "
                        + api.groupVersion() + " itself");
                apiServiceCauses.add(new Cause(CauseKind.APISERVICE_UNAVAILABLE,
                        "APIService " + api.name() + " is not Available", evidence));
                return;
            }
            ServiceRef svc = api.service();
            evidence.add("APIService " + api.name() + " proxies " + api.groupVersion() + " to service " + svc
                    + (svc.port() == null ? "" : " port " + svc.port()));
            backend(api, svc, evidence);
            apiServiceCauses.add(new Cause(CauseKind.APISERVICE_UNAVAILABLE,
                    "APIService " + api.name() + " is not Available, so discovery of " + api.groupVersion()
                            + " fails", evidence));
        }

        /**
         * Follows the APIService to its Service, endpoints and pods. Notes that qualify the APIService itself
         * (a stale condition, an extension answering with errors) go to {@code evidence}.
         */
        private void backend(ApiServiceStatus api, ServiceRef svc, List<String> evidence) {
            Condition available = api.available();
            String reason = available == null ? null : available.reason();
            String message = available == null || available.message() == null ? "" : available.message();
            if (!reader.serviceExists(svc.namespace(), svc.name())) {
                backendMissing.add(new Cause(CauseKind.APISERVICE_BACKEND_MISSING,
                        "service " + svc + " behind APIService " + api.name() + " does not exist: the extension "
                                + "looks uninstalled while its APIService stayed registered",
                        List.of("service " + svc + " not found" + ("ServiceNotFound".equals(reason)
                                ? "; the aggregator agrees: " + available.quote() : ""))));
                Map<String, String> params = new LinkedHashMap<>();
                params.put("apiService", api.name());
                plan.add(new PlanStep(RemediationAction.DELETE_APISERVICE, params));
                return;
            }
            ServiceEndpoints endpoints = reader.endpoints(svc.namespace(), svc.name());
            if (!endpoints.found()) {
                backendMissing.add(new Cause(CauseKind.APISERVICE_BACKEND_MISSING,
                        "service " + svc + " behind APIService " + api.name() + " has no endpoints",
                        agreeing(available, "EndpointsNotFound",
                                "no EndpointSlice or Endpoints object exists for service " + svc)));
                return;
            }
            List<EndpointAddress> ready = endpoints.ready();
            if (ready.isEmpty()) {
                List<String> ev = new ArrayList<>();
                ev.addAll(agreeing(available, "MissingEndpoints",
                        "service " + svc + " has " + endpoints.addresses().size() + " address(es), none ready"));
                endpoints.addresses().stream().limit(MAX_QUOTED).forEach(a -> ev.add("not ready: " + a.ip()
                        + (a.podName() == null ? "" : " pod " + a.podName())
                        + (a.nodeName() == null ? "" : " on node " + a.nodeName())));
                backendMissing.add(new Cause(CauseKind.APISERVICE_BACKEND_MISSING,
                        "service " + svc + " behind APIService " + api.name() + " has no ready endpoints", ev));
                return;
            }
            if ("FailedDiscoveryCheck".equals(reason)) {
                if (message.contains("bad status from")) {
                    // An HTTP status came back, so the network path works; the extension itself is failing.
                    evidence.add("the backend answered with an error status: the network path works, the "
                            + "extension itself is failing");
                    return;
                }
                podsUnreachable(api, svc, ready, message);
            } else if (reason != null) {
                evidence.add("service " + svc + " now has " + ready.size() + " ready address(es) ("
                        + ready.stream().map(EndpointAddress::ip).collect(Collectors.joining(", "))
                        + "): the " + reason + " condition may be stale and clear on the aggregator's next check");
            }
        }

        private static List<String> agreeing(Condition available, String reason, String finding) {
            return available != null && reason.equals(available.reason())
                    ? List.of(finding, "the aggregator agrees: " + available.quote())
                    : List.of(finding);
        }

        private void podsUnreachable(ApiServiceStatus api, ServiceRef svc, List<EndpointAddress> ready,
                                     String message) {
            List<PodInfo> pods = pods(svc.namespace());
            Map<String, PodInfo> byName = index(pods, PodInfo::name);
            Map<String, PodInfo> byIp = index(pods, PodInfo::ip);
            List<String> evidence = new ArrayList<>();
            evidence.add("APIService " + api.name() + " Available=False (FailedDiscoveryCheck): " + message);
            List<String> ips = new ArrayList<>();
            for (EndpointAddress address : ready) {
                PodInfo pod = address.podName() != null && byName.containsKey(address.podName())
                        ? byName.get(address.podName()) : byIp.get(address.ip());
                if (pod != null && !pod.ready()) {
                    evidence.add("endpoint " + address.ip() + " is ready but pod " + pod.namespace() + "/"
                            + pod.name() + " is not Ready");
                    continue;
                }
                String podName = pod != null ? pod.name() : address.podName();
                String nodeName = pod != null && pod.nodeName() != null ? pod.nodeName() : address.nodeName();
                NodeInfo node = nodeName == null ? null : nodesByName().get(nodeName);
                ips.add(address.ip());
                evidence.add(describeBackend(svc.namespace(), podName, address.ip(), nodeName, node));
                if (pod != null && pod.hostNetwork()) {
                    evidence.add("pod " + podName + " uses the host network: no pod route is involved");
                } else if (node != null && node.controlPlane()) {
                    evidence.add("node " + nodeName + " is a control-plane node: the API server reaches it "
                            + "without a VPC route");
                } else if (node != null) {
                    paths.add(new PodNetworkPath(api.name(), svc.namespace(), podName, address.ip(), nodeName,
                            node.podCIDR(), node.region(), node.instanceId()));
                }
            }
            if (ips.isEmpty()) {
                return;
            }
            unreachable.add(new Cause(CauseKind.POD_UNREACHABLE_FROM_CONTROL_PLANE,
                    "the control plane cannot reach the Ready backend pod(s) " + String.join(", ", ips)
                            + " of APIService " + api.name(), evidence));
        }

        private String describeBackend(String podNamespace, String podName, String ip, String nodeName,
                                       NodeInfo node) {
            StringBuilder sb = new StringBuilder("backend pod ")
                    .append(podName == null ? "(unnamed)" : podNamespace + "/" + podName)
                    .append(" IP ").append(ip)
                    .append(" on node ").append(nodeName == null ? "(unknown)" : nodeName);
            if (nodeName != null && node == null) {
                return sb.append(" (node not found)").toString();
            }
            if (node != null) {
                sb.append(" (podCIDR ").append(node.podCIDR() == null ? "none" : node.podCIDR());
                if (node.instanceId() != null) {
                    sb.append(", instance ").append(node.instanceId()).append(" in ").append(node.region());
                } else {
                    sb.append(", providerID ").append(node.providerID() == null ? "none" : node.providerID());
                }
                if (node.internalIP() != null) {
                    sb.append(", node IP ").append(node.internalIP());
                }
                sb.append(')');
            }
            return sb.toString();
        }

        // ---- route controller ----------------------------------------------------------------------------------

        private Optional<Cause> routeControllerFailing(List<String> cloudEvidence) {
            List<NodeInfo> noRoute = nodes().stream().filter(n -> n.condition("NetworkUnavailable")
                    .filter(c -> c.isTrue() && "NoRouteCreated".equals(c.reason())).isPresent()).toList();
            if (unreachable.isEmpty() && noRoute.isEmpty()) {
                return Optional.empty();
            }
            List<String> evidence = new ArrayList<>();
            noRoute.stream().limit(MAX_QUOTED).forEach(n -> evidence.add("node " + n.name() + " "
                    + n.condition("NetworkUnavailable").map(Condition::quote).orElseThrow()));
            if (noRoute.size() > MAX_QUOTED) {
                evidence.add("... and " + (noRoute.size() - MAX_QUOTED) + " more node(s) with NoRouteCreated");
            }
            List<ClusterEvent> events = reader.nodeEvents(ROUTE_EVENT_REASONS);
            newest(events).forEach(e -> evidence.add("event " + e.reason() + " on node " + e.objectName()
                    + " (x" + e.count() + (e.lastSeen() == null ? "" : ", last " + e.lastSeen()) + "): "
                    + e.message()));
            Optional<CloudControllerInfo> ccm = cloudController();
            ccm.ifPresent(c -> newest(c.recentLogLines().stream().filter(DiagnosisEngine::isRouteError).toList())
                    .forEach(line -> evidence.add("cloud-controller-manager log: " + line.strip())));
            evidence.addAll(cloudEvidence);
            if (evidence.isEmpty()) {
                return Optional.empty();
            }
            ccm.filter(c -> c.configuredVpcId() != null).ifPresent(c -> evidence.add("cloud-controller-manager "
                    + (c.podName() == null ? "" : c.namespace() + "/" + c.podName() + " ")
                    + "is configured with VPC " + c.configuredVpcId()
                    + (c.configSource() == null ? "" : " (" + c.configSource() + ")")));
            return Optional.of(new Cause(CauseKind.ROUTE_CONTROLLER_FAILING,
                    "advisory: the cloud-controller-manager's route controller is failing, so missing VPC routes "
                            + "are not restored; check its VPC configuration", evidence));
        }

        // ---- memoized reads ------------------------------------------------------------------------------------

        private List<ApiServiceStatus> apiServices() {
            if (apiServices == null) {
                apiServices = reader.apiServices();
            }
            return apiServices;
        }

        private List<NodeInfo> nodes() {
            if (nodes == null) {
                nodes = reader.nodes();
            }
            return nodes;
        }

        private Map<String, NodeInfo> nodesByName() {
            if (nodesByName == null) {
                nodesByName = index(nodes(), NodeInfo::name);
            }
            return nodesByName;
        }

        private List<PodInfo> pods(String namespace) {
            return podsByNamespace.computeIfAbsent(namespace, reader::pods);
        }

        private DiscoveryResult discovery() {
            if (discovery == null) {
                discovery = reader.discoverNamespacedTypes();
            }
            return discovery;
        }

        private Optional<CloudControllerInfo> cloudController() {
            if (cloudController == null) {
                cloudController = reader.cloudController();
            }
            return cloudController;
        }
    }

    static boolean isRouteError(String line) {
        String l = line.toLowerCase(Locale.ROOT);
        if (CCM_ROUTE_ERROR_MARKERS.stream().anyMatch(l::contains)) {
            return true;
        }
        return l.contains("route") && ERROR_WORDS.stream().anyMatch(l::contains);
    }

    private static <T> List<T> newest(List<T> oldestFirst) {
        return oldestFirst.subList(Math.max(0, oldestFirst.size() - MAX_QUOTED), oldestFirst.size());
    }

    private static <T> Map<String, T> index(List<T> items, Function<T, String> key) {
        Map<String, T> map = new HashMap<>();
        for (T item : items) {
            String k = key.apply(item);
            if (k != null) {
                map.putIfAbsent(k, item);
            }
        }
        return map;
    }
}
