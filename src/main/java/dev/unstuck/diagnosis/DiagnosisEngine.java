package dev.unstuck.diagnosis;

import dev.unstuck.remediation.PlanStep;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Explains why a namespace stays in Terminating, as a chain of causes from the namespace's own conditions down to
 * the infrastructure (most fundamental last), proposes the repairs that address the root rather than the symptom, and
 * says what those repairs will not fix. Read-only: it only ever calls the {@link ClusterReader}, and each kind of
 * cluster-wide read at most once per diagnosis, so the cost does not grow with the number of nodes.
 */
public final class DiagnosisEngine {

    public static final Duration DEFAULT_STUCK_THRESHOLD = Duration.ofMinutes(5);

    /** Event reasons the Alibaba Cloud route controller records when it cannot create or sync a route. */
    public static final Set<String> ROUTE_EVENT_REASONS = CcmSignals.ROUTE_EVENT_REASONS;

    static final String DISCOVERY_FAILURE = "NamespaceDeletionDiscoveryFailure";
    static final String PARSING_FAILURE = "NamespaceDeletionGroupVersionParsingFailure";
    static final String CONTENT_FAILURE = "NamespaceDeletionContentFailure";
    static final String CONTENT_REMAINING = "NamespaceContentRemaining";
    static final String FINALIZERS_REMAINING = "NamespaceFinalizersRemaining";

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

    /**
     * Every node's route in the tables the cloud-controller-manager manages, with the writes that would restore the
     * missing ones (each dry-run checked). Read-only, like a diagnosis.
     */
    public NodeRouteAudit auditNodeRoutes() {
        ClusterReads reads = new ClusterReads(reader);
        List<NodeInfo> nodes = reads.nodes();
        if (!reads.podNetwork().hasNodeRoutes()) {
            return new NodeRouteAudit(false, List.of(), List.of(), List.of(), List.of(), null);
        }
        NetworkFindings findings = inspector.inspect(new NetworkQuery(List.of(), nodes,
                reads.cloudController().value(), true));
        Map<String, String> nodeByInstance = new LinkedHashMap<>();
        nodes.forEach(n -> {
            if (n.instanceId() != null) {
                nodeByInstance.putIfAbsent(n.instanceId(), n.name());
            }
        });
        List<NodeRouteAudit.MissingNodeRoute> missing = findings.auditPlan().stream()
                .map(s -> new NodeRouteAudit.MissingNodeRoute(s.parameter("routeTableId"),
                        nodeByInstance.get(s.parameter("nextHopId")), s.parameter("destinationCidrBlock"),
                        s.parameter("nextHopId")))
                .toList();
        return new NodeRouteAudit(true, findings.auditCauses(), findings.auditPlan(), missing,
                findings.routeControllerEvidence(), findings.problem());
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

    /** A log line or event message that reports a route-controller failure. */
    static boolean isRouteError(String line) {
        return CcmSignals.isRouteError(line);
    }

    /** One diagnosis of one stuck namespace. */
    private final class Run {
        private final NamespaceInfo ns;
        private final Duration age;
        private final ClusterReads reads = new ClusterReads(reader);
        private final List<ApiServiceChain> chains = new ArrayList<>();

        Run(NamespaceInfo ns, Duration age) {
            this.ns = ns;
            this.age = age;
        }

        Diagnosis diagnose() {
            List<Cause> causes = new ArrayList<>();
            List<Cause> conditionCauses = new ArrayList<>();
            trueCondition(PARSING_FAILURE).ifPresent(c -> conditionCauses.add(new Cause(
                    CauseKind.GROUP_VERSION_PARSING_FAILED, "the namespace controller cannot parse some "
                    + "group/versions, so it cannot delete their content", List.of(quoteNamespaceCondition(c)))));
            trueCondition(CONTENT_FAILURE).ifPresent(c -> conditionCauses.add(new Cause(
                    CauseKind.CONTENT_DELETION_FAILED, "the namespace controller failed to delete some resource types",
                    List.of(quoteNamespaceCondition(c)))));
            causes.addAll(conditionCauses);
            Optional<RemainingContent> content = RemainingContent.read(ns, reads);
            content.map(RemainingContent::cause).ifPresent(causes::add);
            trueCondition(DISCOVERY_FAILURE).ifPresent(c -> causes.add(discoveryFailure(c)));

            List<PlanStep> plan = new ArrayList<>();
            chains.forEach(chain -> chain.delete().ifPresent(plan::add));
            List<PodNetworkPath> paths = chains.stream().flatMap(c -> c.suspectPaths().stream()).toList();
            List<PlanStep> auditPlan = new ArrayList<>();
            List<Cause> pathCauses = new ArrayList<>();
            List<Cause> auditCauses = new ArrayList<>();
            List<String> cloudEvidence = new ArrayList<>();
            if (!paths.isEmpty()) {
                NetworkFindings findings = inspector.inspect(new NetworkQuery(paths, reads.nodes(),
                        reads.cloudController().value(), reads.podNetwork().hasNodeRoutes()));
                if (findings.problem() != null) {
                    // Keep the chain honest: it ends at the pods because the cloud could not be asked, not because
                    // the routes were found fine.
                    List<String> note = List.of("VPC routes not checked: " + findings.problem());
                    chains.replaceAll(c -> c.suspectPaths().isEmpty() ? c : c.withUnreachableEvidence(note));
                }
                pathCauses.addAll(findings.pathCauses());
                plan.addAll(findings.plan());
                auditCauses.addAll(findings.auditCauses());
                auditPlan.addAll(findings.auditPlan());
                cloudEvidence.addAll(findings.routeControllerEvidence());
            }
            RouteControllerCheck routeController = new RouteControllerCheck(reads);
            Optional<Cause> routeControllerFailing = routeController.check(paths, cloudEvidence);
            if (!routeController.unreportedProblems().isEmpty()) {
                List<String> unread = routeController.unreportedProblems();
                chains.replaceAll(c -> c.suspectPaths().isEmpty() ? c : c.withUnreachableEvidence(unread));
            }
            chains.forEach(chain -> causes.add(chain.unavailable()));
            chains.stream().map(ApiServiceChain::backend).filter(Objects::nonNull).forEach(causes::add);
            chains.stream().map(ApiServiceChain::unreachable).filter(Objects::nonNull).forEach(causes::add);
            chains.stream().map(ApiServiceChain::notRouteBased).filter(Objects::nonNull).forEach(causes::add);
            causes.addAll(pathCauses);
            causes.addAll(auditCauses);
            routeControllerFailing.ifPresent(causes::add);

            UnresolvedCauses rules = new UnresolvedCauses(ns.name(), plan);
            List<Cause> unresolved = rules.of(conditionCauses, content, chains, pathCauses);
            String verdict = "namespace " + ns.name() + " has been terminating for " + human(age) + ": stuck"
                    + (causes.isEmpty() ? ", but none of its conditions reports a failure" : "");
            return new Diagnosis(ns.name(), NamespaceState.STUCK, verdict, causes, plan, auditPlan, unresolved,
                    rules.verifyApiServices(chains));
        }

        private Optional<Condition> trueCondition(String type) {
            return ns.condition(type).filter(Condition::isTrue);
        }

        private String quoteNamespaceCondition(Condition c) {
            return "namespace " + ns.name() + " " + c.quote();
        }

        private Cause discoveryFailure(Condition condition) {
            List<String> evidence = new ArrayList<>();
            evidence.add(quoteNamespaceCondition(condition));
            List<String> failing = DiscoveryFailureMessage.failingGroupVersions(condition.message());
            if (failing.isEmpty()) {
                // The wording is a Go error string; when it names no group, ask discovery directly.
                failing = reads.discovery().failedGroupVersions().keySet().stream().sorted().toList();
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
            BackendTracer tracer = new BackendTracer(reads);
            seen.values().forEach(api -> chains.add(tracer.trace(api)));

            String summary = failing.isEmpty()
                    ? "API discovery fails, so the namespace controller cannot prove the namespace is empty"
                    : "API discovery fails for " + String.join(", ", failing)
                    + ", so the namespace controller cannot prove the namespace is empty";
            return new Cause(CauseKind.DISCOVERY_FAILURE, summary, evidence);
        }

        private Optional<ApiServiceStatus> apiServiceFor(String groupVersion) {
            String expected = expectedApiServiceName(groupVersion);
            List<ApiServiceStatus> all = reads.apiServices();
            return all.stream().filter(a -> expected.equals(a.name())).findFirst()
                    .or(() -> all.stream().filter(a -> groupVersion.equals(a.groupVersion())).findFirst());
        }

        private static String expectedApiServiceName(String groupVersion) {
            int slash = groupVersion.indexOf('/');
            return slash < 0 ? groupVersion : groupVersion.substring(slash + 1) + "." + groupVersion.substring(0, slash);
        }
    }
}
