package dev.unstuck.report;

import dev.unstuck.chat.ChatMessage;
import dev.unstuck.chat.ChatRouter;
import dev.unstuck.chat.ChatUser;
import dev.unstuck.chat.Conversation;
import dev.unstuck.chat.memory.InMemoryChatPort;
import dev.unstuck.config.ApprovalRules;
import dev.unstuck.config.ClusterRegistry;
import dev.unstuck.config.ClusterTarget;
import dev.unstuck.sandbox.Sandbox;
import dev.unstuck.sandbox.ScenarioLoader;
import dev.unstuck.workflow.ButtonClick;
import dev.unstuck.workflow.ChainActivitiesImpl;
import dev.unstuck.workflow.ChatActivitiesImpl;
import dev.unstuck.workflow.ClusterActivitiesImpl;
import dev.unstuck.workflow.ClusterChains;
import dev.unstuck.workflow.RemediationIds;
import dev.unstuck.workflow.RemediationService;
import dev.unstuck.workflow.RemediationSummary;
import dev.unstuck.workflow.RemediationTimeouts;
import dev.unstuck.workflow.RemediationWorkflowImpl;
import dev.unstuck.workflow.StartResult;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Temporal test server on a real port (what the CLI and a self-hosted deployment talk to), a worker with the real
 * activities against the seed-incident sandbox, and the in-memory chat: the seed story run through it, so its
 * history is a real one.
 */
final class SeedIncidentOnTemporal implements AutoCloseable {
    static final ChatUser ALICE = new ChatUser("u-alice", "alice", List.of("oncall"));
    static final ChatUser BOB = new ChatUser("u-bob", "bob", List.of("sre"));
    static final Conversation OPS = new Conversation(InMemoryChatPort.ADAPTER, "ops", Map.of());

    final int port;
    final Sandbox sandbox = Sandbox.start(ScenarioLoader.loadBuiltIn("seed-incident"));
    final ClusterRegistry registry = new ClusterRegistry();
    final InMemoryChatPort chat = new InMemoryChatPort();
    private final TestServer.PortBoundTestServer server;
    final WorkflowServiceStubs stubs;
    final WorkflowClient client;
    private final WorkerFactory workers;
    final RemediationService service;

    SeedIncidentOnTemporal() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        server = TestServer.createPortBoundServer(port, false);
        stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                .setTarget("127.0.0.1:" + port).build());
        client = WorkflowClient.newInstance(stubs);
        registry.register("dev-cluster", ClusterTarget.of(sandbox), new ApprovalRules(List.of("sre"), true));
        workers = WorkerFactory.newInstance(client);
        Worker worker = workers.newWorker(RemediationIds.TASK_QUEUE);
        worker.registerWorkflowImplementationTypes(RemediationWorkflowImpl.class);
        worker.registerActivitiesImplementations(new ClusterActivitiesImpl(registry),
                new ChatActivitiesImpl(new ChatRouter(List.of(chat))),
                new ChainActivitiesImpl(new ClusterChains(registry, sandbox)),
                new ReportActivitiesImpl(client, new ChatRouter(List.of(chat))));
        workers.start();
        service = new RemediationService(client, registry, RemediationTimeouts.defaults());
    }

    String target() {
        return "127.0.0.1:" + port;
    }

    /** Alice asks about dev, Bob approves, the run ends; returns its summary. */
    RemediationSummary seedStory() throws InterruptedException {
        StartResult started = service.startOrJoin("dev-cluster", "dev", ALICE, OPS);
        ChatMessage card = chat.awaitLive(OPS, started.workflowId(), m -> approve(m) != null, 60, TimeUnit.SECONDS)
                .filter(m -> approve(m) != null).orElseThrow(() -> new AssertionError("no approval card"));
        service.decide(approve(card), BOB);
        return service.awaitSummary(started.workflowId());
    }

    private static ButtonClick approve(ChatMessage m) {
        return m.buttons().stream().filter(b -> !b.disabled()).map(b -> RemediationIds.parseButton(b.id())
                .orElse(null)).filter(b -> b != null && b.action() == ButtonClick.Action.APPROVE).findFirst()
                .orElse(null);
    }

    @Override
    public void close() {
        workers.shutdownNow();
        stubs.shutdownNow();
        server.close();
        registry.close();
        sandbox.close();
    }
}
