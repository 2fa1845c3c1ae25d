package dev.unstuck.watch;

import dev.unstuck.chat.ChatField;
import dev.unstuck.chat.ChatRouter;
import dev.unstuck.chat.memory.InMemoryChatPort;
import dev.unstuck.config.ApprovalRules;
import dev.unstuck.config.ClusterRegistry;
import dev.unstuck.config.ClusterTarget;
import dev.unstuck.sandbox.Sandbox;
import dev.unstuck.sandbox.ScenarioLoader;
import dev.unstuck.workflow.ChatActivitiesImpl;
import dev.unstuck.workflow.ClusterActivitiesImpl;
import dev.unstuck.workflow.RemediationIds;
import dev.unstuck.workflow.RemediationService;
import dev.unstuck.workflow.RemediationTimeouts;
import dev.unstuck.workflow.RemediationWorkflowImpl;
import io.fabric8.kubernetes.api.model.APIService;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Detection delay, fault to card, on the healthy sandbox with the watcher workflow and its real activities on the
 * Temporal test server in real time. Not a test: run it by hand,
 * {@code java -cp target/classes:target/test-classes:$(cat target/cp.txt) dev.unstuck.watch.DetectionBenchmark
 * [rounds]}.
 *
 * <p>Each round: the cloud-controller-manager is broken and node 2's route deleted (fault 1); the APIService card is
 * posted once {@code apiservice-unavailable-after} has passed. Then a namespace is created and deleted (fault 2);
 * the card is edited to name it once {@code namespace-stuck-after} has passed. The CCM is fixed, the route comes
 * back, the card resolves, and the next round starts. The card arrives at the chat double's channel; a chat adapter
 * adds its own call on top.
 */
public final class DetectionBenchmark {
    private static final long API_THRESHOLD_S = 5;
    private static final long NAMESPACE_THRESHOLD_S = 5;

    private DetectionBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        RecordingAlertChannel channel = new RecordingAlertChannel("discord");
        try (Sandbox sandbox = Sandbox.start(ScenarioLoader.loadBuiltIn("healthy"));
             ClusterRegistry registry = new ClusterRegistry().register("dev-cluster", ClusterTarget.of(sandbox),
                     new ApprovalRules(List.of("sre"), true));
             ClusterObservers observers = new ClusterObservers(registry);
             KubernetesClient k = sandbox.cluster().newClient();
             TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
                     .setUseTimeskipping(false).build())) {
            WorkflowClient client = env.getWorkflowClient();
            RemediationService remediations = new RemediationService(client, registry, new RemediationTimeouts(
                    Duration.ofMinutes(30), Duration.ofMinutes(2), Duration.ofMinutes(10), Duration.ofMinutes(10)));
            Worker worker = env.newWorker(RemediationIds.TASK_QUEUE);
            worker.registerWorkflowImplementationTypes(ClusterWatchWorkflowImpl.class, RemediationWorkflowImpl.class);
            worker.registerActivitiesImplementations(new ClusterActivitiesImpl(registry),
                    new ChatActivitiesImpl(new ChatRouter(List.of(new InMemoryChatPort()))),
                    new WatchActivitiesImpl(registry, observers, remediations, List.of(channel)));
            env.start();
            // Flap window 0: every round's fault is a new incident with a new card, as on a quiet cluster.
            WatchPolicy policy = new WatchPolicy(NAMESPACE_THRESHOLD_S, API_THRESHOLD_S, 3600, true, 1000, 0, 60,
                    List.of(new AlertTarget("discord", "1200000000000000101")), List.of("sre"), List.of());
            client.newUntypedWorkflowStub("ClusterWatch", WorkflowOptions.newBuilder()
                            .setWorkflowId(AlertIds.watcherId("dev-cluster")).setTaskQueue(RemediationIds.TASK_QUEUE)
                            .build())
                    .signalWithStart("configure", new Object[]{policy},
                            new Object[]{new WatchRequest("dev-cluster", policy, null)});
            Thread.sleep(3000);

            List<Long> apiDelays = new ArrayList<>();
            List<Long> namespaceDelays = new ArrayList<>();
            List<Long> apiLate = new ArrayList<>();
            List<Long> namespaceLate = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                int before = channel.shown().size();
                sandbox.breakCloudController();
                long fault = System.currentTimeMillis();
                sandbox.deleteRouteEntry("vtb-hz001", "172.16.1.0/24");
                long card = awaitShown(channel, before, c -> c.post() && c.card().title().startsWith("APIService"));
                apiDelays.add(card - fault);
                // Due: the condition's own transition time (whole seconds, as Kubernetes writes it) + the threshold.
                apiLate.add(card - (since(k) + API_THRESHOLD_S * 1000));

                String ns = "drill-" + round;
                k.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
                        .create();
                int mid = channel.shown().size();
                long deleted = System.currentTimeMillis();
                k.namespaces().withName(ns).delete();
                long named = awaitShown(channel, mid, c -> !c.post() && field(c, "Stuck namespaces").contains(ns));
                namespaceDelays.add(named - deleted);
                namespaceLate.add(named - (java.time.Instant.parse(k.namespaces().withName(ns).get().getMetadata()
                        .getDeletionTimestamp()).toEpochMilli() + NAMESPACE_THRESHOLD_S * 1000));

                sandbox.fixCloudController();
                await(() -> available(k) && k.namespaces().withName(ns).get() == null, Duration.ofSeconds(60));
                int after = channel.shown().size();
                awaitShown(channel, after - 1, c -> c.card().title().startsWith("Resolved"));
                System.out.printf("round %d: APIService card %d ms after the fault, namespace named %d ms after its"
                        + " deletion%n", round, card - fault, named - deleted);
            }
            report("fault (route deleted) -> APIService card posted", apiDelays, API_THRESHOLD_S);
            report("  of which after the threshold was due", apiLate, 0);
            report("namespace deleted -> card names it", namespaceDelays, NAMESPACE_THRESHOLD_S);
            report("  of which after the threshold was due", namespaceLate, 0);
        }
    }

    private static long awaitShown(RecordingAlertChannel channel, int from,
                                   java.util.function.Predicate<RecordingAlertChannel.Shown> which)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            List<RecordingAlertChannel.Shown> shown = channel.shown();
            for (int i = Math.max(0, from); i < shown.size(); i++) {
                if (which.test(shown.get(i))) {
                    return shown.get(i).atMillis();
                }
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("no such card within 2 min");
    }

    private static void await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the sandbox did not recover within " + timeout);
            }
            Thread.sleep(50);
        }
    }

    private static long since(KubernetesClient k) {
        APIService a = k.resources(APIService.class).withName("v1beta1.metrics.k8s.io").get();
        return a.getStatus().getConditions().stream().filter(c -> "Available".equals(c.getType()))
                .map(c -> java.time.Instant.parse(c.getLastTransitionTime()).toEpochMilli()).findFirst().orElse(0L);
    }

    private static boolean available(KubernetesClient k) {
        APIService a = k.resources(APIService.class).withName("v1beta1.metrics.k8s.io").get();
        return a.getStatus().getConditions().stream()
                .anyMatch(c -> "Available".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static String field(RecordingAlertChannel.Shown s, String name) {
        return s.card().fields().stream().filter(f -> f.name().equals(name)).map(ChatField::value).findFirst()
                .orElse("");
    }

    private static void report(String what, List<Long> delays, long thresholdSeconds) {
        List<Long> sorted = delays.stream().sorted().toList();
        long median = sorted.get(sorted.size() / 2);
        long p90 = sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.9) - 1));
        System.out.printf("%s (threshold %d s): median %d ms, p90 %d ms, min %d ms, max %d ms; all: %s%n", what,
                thresholdSeconds, median, p90, sorted.get(0), sorted.get(sorted.size() - 1), delays);
    }
}
