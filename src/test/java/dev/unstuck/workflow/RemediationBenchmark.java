package dev.unstuck.workflow;

import dev.unstuck.chat.ChatRouter;
import dev.unstuck.chat.ChatUser;
import dev.unstuck.chat.Conversation;
import dev.unstuck.chat.memory.InMemoryChatPort;
import dev.unstuck.report.ReportActivitiesImpl;
import dev.unstuck.config.ApprovalRules;
import dev.unstuck.config.ClusterRegistry;
import dev.unstuck.config.ClusterTarget;
import dev.unstuck.diagnosis.Diagnosis;
import dev.unstuck.remediation.PlanStep;
import dev.unstuck.remediation.StepResult;
import dev.unstuck.sandbox.Sandbox;
import dev.unstuck.sandbox.ScenarioLoader;
import io.fabric8.kubernetes.api.model.APIService;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * 100 remediations at once on one worker, embedded Temporal in real time (as {@code java -jar unstuck.jar} runs),
 * against a sandbox with 100 deleting namespaces that share the seed incident. Not a test: run it by hand,
 * {@code java -cp target/classes:target/test-classes:$(cat target/test-classpath.txt)
 * dev.unstuck.workflow.RemediationBenchmark [count]}.
 *
 * <p>All steps are held at a gate until every run has been approved and has re-checked its plan: the first route
 * written would otherwise end every other namespace's incident before its workflow got there, and those runs
 * would not go the full path.
 */
public final class RemediationBenchmark {
    private static final ChatUser ALICE = new ChatUser("u-alice", "alice", List.of("dev"));
    private static final ChatUser BOB = new ChatUser("u-bob", "bob", List.of("sre"));

    private RemediationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        String seed;
        try (InputStream in = RemediationBenchmark.class.getResourceAsStream("/scenarios/seed-incident.yaml")) {
            seed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        StringBuilder namespaces = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            namespaces.append(String.format("  - {name: team-%03d, deleting: true, deletingForMinutes: 180}%n", i));
        }
        String yaml = seed.replace("  - {name: dev, deleting: true, deletingForMinutes: 180}\n", namespaces);

        try (Sandbox sandbox = Sandbox.start(ScenarioLoader.parse(yaml, "benchmark"));
             ClusterRegistry registry = new ClusterRegistry();
             KubernetesClient watcher = sandbox.cluster().newClient()) {
            registry.register("dev-cluster", ClusterTarget.of(sandbox), new ApprovalRules(List.of("sre"), true));
            AtomicLong apiServiceAvailableAt = new AtomicLong();
            Map<String, Long> namespaceGoneAt = new ConcurrentHashMap<>();
            watcher.resources(APIService.class).inform(new Handler<>(a -> {
                // Only the APIService of the incident: the built-in local ones are Available from the start.
                boolean ok = "v1beta1.metrics.k8s.io".equals(a.getMetadata().getName()) && a.getStatus() != null && a.getStatus().getConditions() != null && a.getStatus()
                        .getConditions().stream().anyMatch(c -> "Available".equals(c.getType())
                                && "True".equals(c.getStatus()));
                if (ok) {
                    apiServiceAvailableAt.compareAndSet(0, System.currentTimeMillis());
                }
            }, a -> { }));
            watcher.namespaces().inform(new Handler<Namespace>(ns -> { },
                    ns -> namespaceGoneAt.putIfAbsent(ns.getMetadata().getName(), System.currentTimeMillis())));

            CountDownLatch everyoneAtTheStep = new CountDownLatch(n);
            InMemoryChatPort chat = new InMemoryChatPort();
            TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
                    .setUseTimeskipping(false).build());
            Worker worker = env.newWorker(RemediationIds.TASK_QUEUE);
            worker.registerWorkflowImplementationTypes(RemediationWorkflowImpl.class);
            worker.registerActivitiesImplementations(new Gated(new ClusterActivitiesImpl(registry),
                    everyoneAtTheStep), new ChatActivitiesImpl(new ChatRouter(List.of(chat))),
                    new ChainActivitiesImpl(new ClusterChains(registry, sandbox)),
                    new ReportActivitiesImpl(env.getWorkflowClient(), new ChatRouter(List.of(chat))));
            env.start();
            WorkflowClient client = env.getWorkflowClient();
            RemediationService service = new RemediationService(client, registry, RemediationTimeouts.defaults());

            long t0 = System.currentTimeMillis();
            List<String> ids = IntStream.rangeClosed(1, n).parallel().mapToObj(i -> service.startOrJoin(
                    "dev-cluster", String.format("team-%03d", i), ALICE,
                    new Conversation(InMemoryChatPort.ADAPTER, "c-" + i, Map.of())).workflowId()).toList();
            Map<String, Long> askedAt = new ConcurrentHashMap<>();
            List<String> prints = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Conversation c = new Conversation(InMemoryChatPort.ADAPTER, "c-" + (i + 1), Map.of());
                var m = chat.awaitLive(c, ids.get(i), msg -> msg.buttons().size() == 3, 5, TimeUnit.MINUTES)
                        .orElseThrow();
                askedAt.put(ids.get(i), System.currentTimeMillis());
                prints.add(RemediationRig.approve(m).fingerprint());
            }
            long allAsking = System.currentTimeMillis();
            IntStream.range(0, n).parallel().forEach(i -> service.decide(ids.get(i),
                    new DecisionRequest(BOB, Decision.APPROVE, prints.get(i))));
            long approved = System.currentTimeMillis();
            List<RemediationSummary> summaries = ids.parallelStream().map(service::awaitSummary).toList();
            long t1 = System.currentTimeMillis();

            long done = summaries.stream().filter(s -> s.outcome() == RemediationPhase.DONE).count();
            List<Long> notice = new ArrayList<>();
            List<Long> ask = new ArrayList<>();
            List<Long> finish = new ArrayList<>();
            for (RemediationSummary s : summaries) {
                PhaseTiming verify = s.timings().stream()
                        .filter(t -> t.phase() == RemediationPhase.VERIFYING_APISERVICE).findFirst().orElseThrow();
                // Runs whose verification began after the transition measure from their own start instead: the
                // time before that was spent in the step (the route entry's own wait for Available), not noticing.
                notice.add(verify.endedAtMillis() - Math.max(apiServiceAvailableAt.get(), verify.startedAtMillis()));
                long started = s.timings().get(0).startedAtMillis();
                ask.add(askedAt.get(s.workflowId()) - started);
                long completed = s.timings().get(s.timings().size() - 1).startedAtMillis();
                finish.add(completed - namespaceGoneAt.getOrDefault(s.namespace(), completed));
            }
            System.out.printf("workflows: %d, DONE: %d, route entries for 172.16.1.0/24: %d, CreateRouteEntry calls: %d%n",
                    n, done, sandbox.vpc().server().entries("vtb-hz001").stream()
                            .filter(e -> e.destinationCidrBlock().equals("172.16.1.0/24")).count(),
                    sandbox.vpc().server().requestCount("CreateRouteEntry"));
            System.out.printf("total: %d ms (start of all -> all asking %d ms, approvals %d ms, approved -> all done %d ms)%n",
                    t1 - t0, allAsking - t0, approved - allAsking, t1 - approved);
            System.out.println("per workflow, start -> approval buttons shown (diagnose + render + chat): " + stats(ask));
            System.out.println("per workflow, namespace gone in sandbox -> workflow finished (notice + summary): "
                    + stats(finish));
            System.out.println("APIService Available in sandbox (or verification start, if later) -> workflow noticed: "
                    + stats(notice));
            env.close();
        }
        System.exit(0);
    }

    private static String stats(List<Long> values) {
        List<Long> v = values.stream().sorted().toList();
        return String.format("median %d ms, p95 %d ms, max %d ms", v.get(v.size() / 2),
                v.get((int) Math.min(v.size() - 1, Math.ceil(v.size() * 0.95) - 1)), v.get(v.size() - 1));
    }

    private record Handler<T>(java.util.function.Consumer<T> onUpsert, java.util.function.Consumer<T> onGone)
            implements ResourceEventHandler<T> {
        @Override
        public void onAdd(T obj) {
            onUpsert.accept(obj);
        }

        @Override
        public void onUpdate(T oldObj, T newObj) {
            onUpsert.accept(newObj);
        }

        @Override
        public void onDelete(T obj, boolean deletedFinalStateUnknown) {
            onGone.accept(obj);
        }
    }

    /** The real activities; steps wait until every run has reached its step (see the class comment). */
    private record Gated(ClusterActivitiesImpl real, CountDownLatch gate)
            implements DiagnosisActivities, RepairActivities, VerifyActivities {
        @Override
        public Diagnosis diagnose(String cluster, String namespace) {
            return real.diagnose(cluster, namespace);
        }

        @Override
        public Diagnosis auditNodeRoutes(String cluster) {
            return real.auditNodeRoutes(cluster);
        }

        @Override
        public StepResult executeStep(String cluster, PlanStep step, String runId, String stepId) {
            gate.countDown();
            try {
                if (!gate.await(5, TimeUnit.MINUTES)) {
                    throw new IllegalStateException("not every run reached its step");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return real.executeStep(cluster, step, runId, stepId);
        }

        @Override
        public ApiServiceCheck awaitApiServicesAvailable(String cluster, List<String> names, long timeoutSeconds) {
            return real.awaitApiServicesAvailable(cluster, names, timeoutSeconds);
        }

        @Override
        public boolean awaitNamespaceGone(String cluster, String namespace, long timeoutSeconds) {
            return real.awaitNamespaceGone(cluster, namespace, timeoutSeconds);
        }
    }
}
