package dev.unstuck.workflow;

import dev.unstuck.chat.ChatUser;
import dev.unstuck.chat.Conversation;
import dev.unstuck.chat.memory.InMemoryChatPort;
import dev.unstuck.cloud.RouteEntry;
import dev.unstuck.cloud.VpcApi;
import dev.unstuck.cloud.aliyun.AliyunSettings;
import dev.unstuck.cloud.aliyun.AliyunVpcApi;
import dev.unstuck.config.ApprovalRules;
import dev.unstuck.config.ClusterRegistry;
import dev.unstuck.config.ClusterTarget;
import dev.unstuck.kube.KubeClients;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sandbox, a standalone Temporal test server and the worker each run in their own JVM, as in production; the
 * worker is killed with SIGKILL at the two moments that matter and a new worker process finishes the run.
 */
class WorkerCrashTest {
    private static final ChatUser ALICE = new ChatUser("u-alice", "alice", List.of("dev"));
    private static final ChatUser BOB = new ChatUser("u-bob", "bob", List.of("sre"));
    private static final Conversation OPS = new Conversation(InMemoryChatPort.ADAPTER, "ops", Map.of());
    private static final String ROUTE = "172.16.1.0/24";

    @TempDir
    Path dir;

    private final List<ChildJvm> children = new ArrayList<>();
    private WorkflowServiceStubs stubs;
    private RemediationService service;
    private ClusterRegistry registry;
    private VpcApi vpc;
    private int temporalPort;
    private int workers;

    @BeforeEach
    void startSandboxAndTemporal() throws Exception {
        // Temporal first, connected before anything else opens a port: the sandbox binds free ports too, and could
        // otherwise be handed the one picked for Temporal before Temporal has bound it.
        temporalPort = freePort();
        ChildJvm temporal = child("temporal", "io.temporal.testserver.TestServer", String.valueOf(temporalPort));
        stubs = WorkflowServiceStubs.newConnectedServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                .setTarget("127.0.0.1:" + temporalPort).build(), Duration.ofSeconds(30));
        ChildJvm sandbox = child("sandbox", "dev.unstuck.UnstuckApplication", "sandbox", "--scenario",
                "seed-incident", "--dir", dir.resolve("sandbox").toString());
        sandbox.awaitLine("Stop with Ctrl-C", 60);

        WorkflowClient client = WorkflowClient.newInstance(stubs, WorkflowClientOptions.newBuilder()
                .setNamespace("default").build());
        registry = new ClusterRegistry().register("dev-cluster", new ClusterTarget("dev-cluster",
                KubeClients.fromKubeconfig(dir.resolve("sandbox/kubeconfig"), null), null),
                new ApprovalRules(List.of("sre"), true));
        service = new RemediationService(client, registry, new RemediationTimeouts(Duration.ofMinutes(30),
                Duration.ofSeconds(10), Duration.ofMinutes(2), Duration.ofMinutes(2)));
        vpc = new AliyunVpcApi(cloudSettings());
        assertThat(temporal).isNotNull();
    }

    @AfterEach
    void stopEverything() throws Exception {
        for (ChildJvm c : children) {
            c.close();
        }
        if (stubs != null) {
            stubs.shutdownNow();
        }
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void givenTheWorkerDiesWhileWaitingForApproval_aNewWorkerTakesBobsApprovalAndFinishesTheRepair()
            throws Exception {
        ChildJvm first = worker();
        StartResult run = service.startOrJoin("dev-cluster", "dev", ALICE, OPS);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> service.status(run.workflowId()).phase() == RemediationPhase.AWAITING_APPROVAL);
        first.kill();

        worker();
        String fingerprint = service.status(run.workflowId()).planFingerprint();
        assertThat(service.decide(run.workflowId(), new DecisionRequest(BOB, Decision.APPROVE, fingerprint))
                .verdict()).isEqualTo(DecisionVerdict.APPROVED);
        RemediationSummary summary = service.awaitSummary(run.workflowId());

        assertThat(summary.outcome()).isEqualTo(RemediationPhase.DONE);
        assertExactlyOneNewRouteAndDevGone();
        recordHistory(run.workflowId(), "crash-resumed.json");
    }

    @Test
    void givenTheWorkerDiesAfterCreateRouteEntryBeforeVerifying_aNewWorkerFinishesWithoutASecondEntry()
            throws Exception {
        ChildJvm first = worker();
        StartResult run = service.startOrJoin("dev-cluster", "dev", ALICE, OPS);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> service.status(run.workflowId()).phase() == RemediationPhase.AWAITING_APPROVAL);
        String fingerprint = service.status(run.workflowId()).planFingerprint();
        service.decide(run.workflowId(), new DecisionRequest(BOB, Decision.APPROVE, fingerprint));
        // The entry is in the route table: CreateRouteEntry went through, its verification has not finished.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> !vpc.routeEntries("vtb-hz001", ROUTE).isEmpty());
        first.kill();

        worker();
        RemediationSummary summary = service.awaitSummary(run.workflowId());

        assertThat(summary.outcome()).isEqualTo(RemediationPhase.DONE);
        assertExactlyOneNewRouteAndDevGone();
        // The killed worker's attempt timed out and a second attempt on the new worker completed it.
        assertThat(service.history(run.workflowId())).anyMatch(e -> e.summary().contains("(attempt 2)"));
    }

    private void assertExactlyOneNewRouteAndDevGone() {
        List<RouteEntry> entries = vpc.routeEntries("vtb-hz001", ROUTE);
        assertThat(entries).singleElement().satisfies(e -> assertThat(e.nextHopId()).isEqualTo("i-node2"));
        assertThat(vpc.routeEntries("vtb-hz001")).hasSize(3);
        try (KubernetesClient k = new KubernetesClientBuilder()
                .withConfig(KubeClients.fromKubeconfig(dir.resolve("sandbox/kubeconfig"), null)).build()) {
            assertThat(k.namespaces().withName("dev").get()).isNull();
        }
    }

    private ChildJvm worker() throws Exception {
        Path files = dir.resolve("sandbox");
        ChildJvm w = child("worker-" + ++workers, "dev.unstuck.UnstuckApplication",
                "--spring.temporal.connection.target=127.0.0.1:" + temporalPort,
                "--unstuck.temporal.clear-sticky-queues=true",
                "--unstuck.clusters.dev-cluster.kubeconfig=" + files.resolve("kubeconfig"),
                "--unstuck.clusters.dev-cluster.cloud-properties=" + files.resolve("cloud.properties"),
                "--unstuck.clusters.dev-cluster.approver-roles=sre",
                // A worker serves no console: beside a real cluster it would need a sign-in.
                "--unstuck.console.enabled=false",
                "--logging.level.dev.unstuck=INFO");
        w.awaitLine("Started UnstuckApplication", 90);
        return w;
    }

    private ChildJvm child(String name, String main, String... args) throws IOException {
        ChildJvm c = ChildJvm.start(name, dir.resolve("logs"), main, args);
        children.add(c);
        return c;
    }

    private AliyunSettings cloudSettings() throws IOException {
        Properties p = new Properties();
        try (var r = Files.newBufferedReader(dir.resolve("sandbox/cloud.properties"))) {
            p.load(r);
        }
        return AliyunSettings.defaultChain(p.getProperty("region")).withEndpoint(p.getProperty("endpoint"))
                .withAccessKey(p.getProperty("accessKeyId"), p.getProperty("accessKeySecret"));
    }

    private void recordHistory(String workflowId, String file) throws IOException {
        String target = System.getProperty("unstuck.record-histories");
        if (target != null) {
            Files.createDirectories(Path.of(target));
            Files.writeString(Path.of(target, file), service.client().fetchHistory(workflowId).toJson(true));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
