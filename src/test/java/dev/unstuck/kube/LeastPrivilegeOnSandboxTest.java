package dev.unstuck.kube;

import dev.unstuck.chat.ChatRouter;
import dev.unstuck.chat.ChatUser;
import dev.unstuck.chat.Conversation;
import dev.unstuck.chat.memory.InMemoryChatPort;
import dev.unstuck.config.ApprovalRules;
import dev.unstuck.config.ClusterConnection;
import dev.unstuck.config.ClusterRegistry;
import dev.unstuck.config.ClusterTarget;
import dev.unstuck.diagnosis.Diagnosis;
import dev.unstuck.diagnosis.NamespaceState;
import dev.unstuck.diagnosis.NodeRouteAudit;
import dev.unstuck.ha.LeaderDuty;
import dev.unstuck.ha.LeaseElection;
import dev.unstuck.ha.LeaseSettings;
import dev.unstuck.kube.rbac.KubeRequestLog;
import dev.unstuck.kube.rbac.RbacGrant;
import dev.unstuck.kube.rbac.RbacPolicy;
import dev.unstuck.remediation.PlanStep;
import dev.unstuck.remediation.StepResult;
import dev.unstuck.remediation.StepStatus;
import dev.unstuck.sandbox.ClientRequest;
import dev.unstuck.sandbox.Sandbox;
import dev.unstuck.sandbox.Scenario;
import dev.unstuck.sandbox.ScenarioLoader;
import dev.unstuck.workflow.ChatActivitiesImpl;
import dev.unstuck.workflow.ClusterActivitiesImpl;
import dev.unstuck.workflow.Decision;
import dev.unstuck.workflow.DecisionRequest;
import dev.unstuck.workflow.RemediationIds;
import dev.unstuck.workflow.RemediationPhase;
import dev.unstuck.workflow.RemediationService;
import dev.unstuck.workflow.RemediationSummary;
import dev.unstuck.workflow.RemediationTimeouts;
import dev.unstuck.workflow.RemediationWorkflowImpl;
import dev.unstuck.watch.ClusterObservers;
import dev.unstuck.watch.ClusterSnapshot;
import dev.unstuck.watch.NamespaceSeen;
import dev.unstuck.workflow.StartResult;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Least privilege, proven: the sandbox API enforces deploy/rbac.yaml on every request Unstuck's own clients send
 * (403 for anything the rules do not allow, as a real API server would) while the diagnosis of every built-in
 * scenario, both kinds of repair with their watches, and a whole remediation workflow run. A request the rules do not
 * allow fails the test unless the diagnosis reports it as a type it may not list; rules no request needed are logged.
 */
class LeastPrivilegeOnSandboxTest {
    private static final Logger log = LoggerFactory.getLogger(LeastPrivilegeOnSandboxTest.class);
    private static final RbacPolicy SHIPPED = RbacPolicy.shipped();
    private static final Set<RbacGrant> USED = ConcurrentHashMap.newKeySet();
    private static final String OPTIONAL = "forbidden by RBAC (apply deploy/optional/namespace-content.yaml)";

    @AfterAll
    static void reportRulesNoRequestUsed() {
        List<String> unused = SHIPPED.unused(USED);
        log.info("RBAC rules shipped in deploy/rbac.yaml that no request of these tests used ({}): {}", unused.size(),
                unused.isEmpty() ? "none" : String.join("; ", unused));
    }

    static List<String> builtInScenarios() {
        return ScenarioLoader.BUILT_IN;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builtInScenarios")
    @DisplayName("given a built-in scenario, diagnosing each of its namespaces stays within the shipped rules; what "
            + "they do not let it list is reported as such")
    void diagnosisOfEveryBuiltInScenario(String name) {
        Scenario scenario = ScenarioLoader.loadBuiltIn(name);
        KubeRequestLog requests = new KubeRequestLog(SHIPPED);
        Map<String, Diagnosis> diagnoses = new HashMap<>();
        try (Sandbox sandbox = Sandbox.start(scenario)) {
            sandbox.cluster().authorizeClients(requests);
            try (ClusterConnection cluster = ClusterConnection.open(ClusterTarget.of(sandbox))) {
                for (Scenario.Namespace ns : scenario.namespaces()) {
                    diagnoses.put(ns.name(), cluster.engine().diagnose(ns.name()));
                }
                diagnoses.put("does-not-exist", cluster.engine().diagnose("does-not-exist"));
            }
        }
        USED.addAll(requests.used());

        assertThat(requests.requests()).isNotEmpty();
        for (ClientRequest refused : refusedRequests(requests)) {
            // The only thing the shipped rules withhold on purpose: listing types beyond them, named by the
            // namespace controller as what remains. The diagnosis must say so and go on.
            assertThat(refused.verb()).as(refused.describe()).isEqualTo("list");
            String type = refused.group().isEmpty() ? refused.resource() : refused.resource() + "." + refused.group();
            Diagnosis d = diagnoses.get(refused.namespace());
            assertThat(d).as("a refused request outside any diagnosed namespace: " + refused.describe()).isNotNull();
            assertThat(d.causes()).flatExtracting(c -> c.evidence())
                    .contains("cannot list " + type + ": " + OPTIONAL);
        }
        assertThat(diagnoses.get("does-not-exist").state()).isEqualTo(NamespaceState.NOT_FOUND);
    }

    private static List<ClientRequest> refusedRequests(KubeRequestLog requests) {
        return requests.requests().stream().filter(r -> SHIPPED.allowing(r).isEmpty()).toList();
    }

    @Test
    @DisplayName("given the stuck Widget, the diagnosis counts it from the namespace condition and says the shipped "
            + "rules do not let it list widgets.example.com")
    void stuckFinalizerWithoutTheOptionalRole() {
        KubeRequestLog requests = new KubeRequestLog(SHIPPED);
        Diagnosis d;
        try (Sandbox sandbox = Sandbox.start(ScenarioLoader.loadBuiltIn("stuck-finalizer"))) {
            sandbox.cluster().authorizeClients(requests);
            try (ClusterConnection cluster = ClusterConnection.open(ClusterTarget.of(sandbox))) {
                d = cluster.engine().diagnose("legacy");
            }
        }
        USED.addAll(requests.used());

        assertThat(requests.refused()).containsExactly("list widgets.example.com in legacy");
        assertThat(d.causes()).singleElement().satisfies(c -> {
            assertThat(c.summary()).isEqualTo("1 object(s) remain in namespace legacy according to the namespace "
                    + "controller; the types holding them could not be listed");
            assertThat(c.evidence()).contains("cannot list widgets.example.com: " + OPTIONAL);
        });
        assertThat(d.unresolved()).singleElement().satisfies(u -> assertThat(u.summary()).isEqualTo("legacy still "
                + "waits on finalizer example.com/cleanup in 1 resource instance(s) on objects Unstuck could not "
                + "list: no step removes it; a person must decide"));
        assertThat(requests.requests()).noneMatch(r -> "secrets".equals(r.resource()))
                .noneMatch(r -> "configmaps".equals(r.resource()) && !"cloud-config".equals(r.name()));
    }

    @Test
    @DisplayName("given the seed incident and the uninstalled extension, both repairs and the watches that verify them "
            + "stay within the shipped rules")
    void repairsAndTheirWatches() throws Exception {
        KubeRequestLog requests = new KubeRequestLog(SHIPPED);
        try (Sandbox sandbox = Sandbox.start(ScenarioLoader.loadBuiltIn("seed-incident"))) {
            sandbox.cluster().authorizeClients(requests);
            try (ClusterConnection cluster = ClusterConnection.open(ClusterTarget.of(sandbox))) {
                Diagnosis d = cluster.engine().diagnose("dev");
                StepResult r = cluster.executor().execute(d.plan().get(0), "unstuck/dev-cluster/dev", "run-1",
                        "step-1");
                assertThat(r.status()).isEqualTo(StepStatus.CREATED);
                ClusterWatches watches = new ClusterWatches(cluster.client());
                assertThat(watches.awaitApiServicesAvailable(d.verifyApiServices(), Duration.ofSeconds(30),
                        ClusterWatches.Tick.NONE).allAvailable()).isTrue();
                assertThat(watches.awaitNamespaceGone("dev", Duration.ofSeconds(30), ClusterWatches.Tick.NONE))
                        .isTrue();
            }
        }
        try (Sandbox sandbox = Sandbox.start(ScenarioLoader.loadBuiltIn("uninstalled-extension"))) {
            sandbox.cluster().authorizeClients(requests);
            try (ClusterConnection cluster = ClusterConnection.open(ClusterTarget.of(sandbox))) {
                Diagnosis d = cluster.engine().diagnose("staging");
                List<StepResult> results = new ArrayList<>();
                for (PlanStep step : d.plan()) {
                    results.add(cluster.executor().execute(step, "unstuck/dev-cluster/staging", "run-1", "step-1"));
                }
                assertThat(results).extracting(StepResult::status).containsExactly(StepStatus.DELETED);
                assertThat(new ClusterWatches(cluster.client()).awaitNamespaceGone("staging", Duration.ofSeconds(30),
                        ClusterWatches.Tick.NONE)).isTrue();
            }
        }
        USED.addAll(requests.used());

        assertThat(requests.refused()).isEmpty();
        assertThat(requests.requests()).extracting(ClientRequest::verb).contains("delete", "watch");
    }

    @Test
    @DisplayName("given the seed incident, the watcher's informers, the cluster-wide route audit and the gateway Lease "
            + "stay within the shipped rules")
    void watcherAuditAndGatewayLease() throws Exception {
        KubeRequestLog requests = new KubeRequestLog(SHIPPED);
        try (Sandbox sandbox = Sandbox.start(ScenarioLoader.loadBuiltIn("seed-incident"));
             ClusterRegistry registry = new ClusterRegistry()) {
            sandbox.cluster().authorizeClients(requests);
            registry.register("dev-cluster", ClusterTarget.of(sandbox), new ApprovalRules(List.of("sre"), true));
            try (ClusterObservers observers = new ClusterObservers(registry)) {
                ClusterSnapshot seen = observers.look("dev-cluster", null, Duration.ofSeconds(5),
                        Duration.ofSeconds(1), () -> { });
                assertThat(seen.terminating()).extracting(NamespaceSeen::name).contains("dev");
                // A second look waits on the informers' watches until its time is up.
                observers.look("dev-cluster", seen.fingerprint(), Duration.ofMillis(500), Duration.ofMillis(250),
                        () -> { });
            }
            NodeRouteAudit audit = registry.connection("dev-cluster").engine().auditNodeRoutes();
            assertThat(audit.problem()).isNull();
            assertThat(audit.missing()).isNotEmpty();

            AtomicBoolean held = new AtomicBoolean();
            try (LeaseElection election = LeaseElection.on(sandbox.cluster().clientConfig(), new LeaseSettings("unstuck",
                    "unstuck-discord-gateway", "unstuck-a", Duration.ofSeconds(3), Duration.ofSeconds(2),
                    Duration.ofMillis(300)))) {
                election.start(new LeaderDuty() {
                    @Override
                    public void take() {
                        held.set(true);
                    }

                    @Override
                    public void giveUp() {
                        held.set(false);
                    }
                });
                await().atMost(Duration.ofSeconds(30)).until(held::get);
            }
        }
        USED.addAll(requests.used());

        assertThat(requests.refused()).isEmpty();
        assertThat(requests.requests()).extracting(ClientRequest::describe)
                .contains("watch namespaces", "watch apiservices.apiregistration.k8s.io", "watch nodes",
                        "create leases.coordination.k8s.io in unstuck");
    }

    @Test
    @DisplayName("given the seed incident, a whole remediation (diagnose, approve, repair, verify by watching) runs "
            + "its activities within the shipped rules")
    void remediationWorkflowActivities() {
        KubeRequestLog requests = new KubeRequestLog(SHIPPED);
        ChatUser alice = new ChatUser("u-alice", "alice", List.of("dev"));
        ChatUser bob = new ChatUser("u-bob", "bob", List.of("sre"));
        Conversation ops = new Conversation(InMemoryChatPort.ADAPTER, "ops", Map.of());
        try (Sandbox sandbox = Sandbox.start(ScenarioLoader.loadBuiltIn("seed-incident"));
             ClusterRegistry registry = new ClusterRegistry()) {
            sandbox.cluster().authorizeClients(requests);
            registry.register("dev-cluster", ClusterTarget.of(sandbox), new ApprovalRules(List.of("sre"), true));
            TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
            try {
                Worker worker = env.newWorker(RemediationIds.TASK_QUEUE);
                worker.registerWorkflowImplementationTypes(RemediationWorkflowImpl.class);
                worker.registerActivitiesImplementations(new ClusterActivitiesImpl(registry),
                        new ChatActivitiesImpl(new ChatRouter(List.of(new InMemoryChatPort()))));
                env.start();
                RemediationService service = new RemediationService(env.getWorkflowClient(), registry,
                        new RemediationTimeouts(Duration.ofMinutes(30), Duration.ofMinutes(2), Duration.ofMinutes(2),
                                Duration.ofMinutes(2)));
                StartResult run = service.startOrJoin("dev-cluster", "dev", alice, ops);
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                        .until(() -> service.status(run.workflowId()).phase() == RemediationPhase.AWAITING_APPROVAL);
                service.decide(run.workflowId(), new DecisionRequest(bob, Decision.APPROVE,
                        service.status(run.workflowId()).planFingerprint()));
                RemediationSummary summary = service.awaitSummary(run.workflowId());

                assertThat(summary.outcome()).isEqualTo(RemediationPhase.DONE);
            } finally {
                env.close();
            }
        }
        USED.addAll(requests.used());

        assertThat(requests.refused()).isEmpty();
        assertThat(requests.requests()).extracting(ClientRequest::describe)
                .contains("get namespaces dev", "list apiservices.apiregistration.k8s.io");
    }
}
