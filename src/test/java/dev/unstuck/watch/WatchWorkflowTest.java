package dev.unstuck.watch;

import dev.unstuck.chat.ChatButton;
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
import dev.unstuck.workflow.ChatActivitiesImpl;
import dev.unstuck.workflow.ClusterActivitiesImpl;
import dev.unstuck.workflow.Decision;
import dev.unstuck.workflow.DecisionRequest;
import dev.unstuck.workflow.DecisionVerdict;
import dev.unstuck.workflow.RemediationIds;
import dev.unstuck.workflow.RemediationPhase;
import dev.unstuck.workflow.RemediationService;
import dev.unstuck.workflow.RemediationSummary;
import dev.unstuck.workflow.RemediationTimeouts;
import dev.unstuck.workflow.RemediationWorkflowImpl;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The watcher workflow on the Temporal test server with its real activities against the seed-incident sandbox:
 * it continues as new every few looks and carries its cards' message ids along, judges mutes in its history,
 * replays deterministically, and a routes card's repair plan is a remediation like any other.
 */
class WatchWorkflowTest {
    private static final String CLUSTER = "dev-cluster";
    private static final AlertTarget ONCALL = new AlertTarget("discord", "1200000000000000101");
    private static final ChatUser ALICE = new ChatUser("console:alice", "alice", List.of("oncall"));
    private static final ChatUser BOB = new ChatUser("console:bob", "bob", List.of("sre"));

    private Sandbox sandbox;
    private ClusterRegistry registry;
    private ClusterObservers observers;
    private TestWorkflowEnvironment env;
    private WorkflowClient client;
    private RemediationService remediations;
    private final RecordingAlertChannel discord = new RecordingAlertChannel("discord");
    private final InMemoryChatPort chat = new InMemoryChatPort();

    @BeforeEach
    void start() {
        sandbox = Sandbox.start(ScenarioLoader.loadBuiltIn("seed-incident"));
        registry = new ClusterRegistry().register(CLUSTER, ClusterTarget.of(sandbox),
                new ApprovalRules(List.of("sre"), true));
        observers = new ClusterObservers(registry);
        env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder().setUseTimeskipping(false)
                .build());
        client = env.getWorkflowClient();
        remediations = new RemediationService(client, registry, new RemediationTimeouts(Duration.ofMinutes(30),
                Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofMinutes(2)));
        Worker worker = env.newWorker(RemediationIds.TASK_QUEUE);
        worker.registerWorkflowImplementationTypes(ClusterWatchWorkflowImpl.class, RemediationWorkflowImpl.class,
                RouteAuditTickWorkflowImpl.class);
        worker.registerActivitiesImplementations(new ClusterActivitiesImpl(registry),
                new ChatActivitiesImpl(new ChatRouter(List.of(chat))),
                new WatchActivitiesImpl(registry, observers, remediations, List.of(discord)));
        env.start();
    }

    @AfterEach
    void stop() {
        env.close();
        observers.close();
        registry.close();
        sandbox.close();
    }

    @Test
    void theWatcherContinuesAsNewEveryThreeLooks_keepsItsTwoCards_judgesMutes_andReplays() throws Exception {
        WorkflowExecution first = startWatcher(3);
        await().atMost(Duration.ofSeconds(30)).until(() -> discord.posts() == 2);
        assertThat(discord.titled("APIService v1beta1.metrics.k8s.io is unavailable on dev-cluster")).isNotNull();
        assertThat(discord.titled("1 node has no VPC route on dev-cluster")).isNotNull();

        ClusterWatchWorkflow watcher = client.newWorkflowStub(ClusterWatchWorkflow.class,
                AlertIds.watcherId(CLUSTER));
        assertThat(watcher.mute(new MuteRequest(ALICE, 3600)).verdict()).isEqualTo(MuteVerdict.NOT_AN_APPROVER);
        MuteResult muted = watcher.mute(new MuteRequest(BOB, 3600));
        assertThat(muted.verdict()).isEqualTo(MuteVerdict.MUTED);
        assertThat(watcher.muted().by()).isEqualTo("bob");

        // Several runs later: the mute and the cards came along, and nothing was posted again.
        await().atMost(Duration.ofSeconds(60)).until(() -> continuedAsNew(first) && runsAfter(first) >= 2);
        assertThat(watcher.muted().untilMillis()).isEqualTo(muted.untilMillis());
        assertThat(watcher.alerts()).hasSize(2);
        assertThat(watcher.epoch()).isEqualTo(AlertIds.parseAlert(watcher.alerts().get(0).id()).orElseThrow().epoch());
        assertThat(discord.posts()).as("each card posted once across the runs").isEqualTo(2);

        WorkflowExecutionHistory history = client.fetchHistory(AlertIds.watcherId(CLUSTER), first.getRunId());
        WorkflowReplayer.replayWorkflowExecution(history, ClusterWatchWorkflowImpl.class);
        record(history, "watch/seed-incident-cards.json");
    }

    @Test
    void theRoutesCardsRepairPlan_isApprovedByBob_andBothCardsResolveByIt() throws IOException {
        startWatcher(0);
        await().atMost(Duration.ofSeconds(30)).until(() -> discord.posts() == 2);
        ChatMessage routes = discord.titled("1 node has no VPC route on dev-cluster");
        ChatButton plan = routes.buttons().get(0);
        assertThat(plan.label()).isEqualTo("Open repair plan");

        Conversation ops = new Conversation(InMemoryChatPort.ADAPTER, "ops", Map.of());
        AlertClickResult opened = new AlertService(client, remediations, registry).click(plan.id(), ALICE,
                id -> ops);
        assertThat(opened.verdict()).isEqualTo(AlertVerdict.STARTED);
        String workflowId = opened.workflowId();
        assertThat(workflowId).isEqualTo("unstuck/dev-cluster/~node-routes");
        await().atMost(Duration.ofSeconds(30)).until(() -> remediations.status(workflowId).phase()
                == RemediationPhase.AWAITING_APPROVAL);
        String fingerprint = remediations.status(workflowId).planFingerprint();
        assertThat(remediations.decide(workflowId, new DecisionRequest(ALICE, Decision.APPROVE, fingerprint))
                .verdict()).isEqualTo(DecisionVerdict.NOT_AN_APPROVER);
        assertThat(remediations.decide(workflowId, new DecisionRequest(BOB, Decision.APPROVE, fingerprint))
                .verdict()).isEqualTo(DecisionVerdict.APPROVED);
        RemediationSummary summary = remediations.awaitSummary(workflowId);
        assertThat(summary.outcome()).isEqualTo(RemediationPhase.DONE);
        assertThat(summary.message()).startsWith("created route entry rte-").contains("172.16.1.0/24 -> i-node2")
                .contains("The audit finds no node route missing now");
        assertThat(sandbox.vpc().server().entries("vtb-hz001").stream().filter(e -> e.hasDestination("172.16.1.0/24")))
                .hasSize(1);

        await().atMost(Duration.ofSeconds(60)).until(() -> discord.titled("Resolved: 1 node") != null
                && discord.titled("Resolved: APIService") != null);
        assertThat(text(discord.titled("Resolved: APIService"))).contains("by remediation"
                + " unstuck/dev-cluster/~node-routes (approved by bob)");
        assertThat(discord.posts()).isEqualTo(2);
        record(client.fetchHistory(workflowId), "node-routes.json");
    }

    @Test
    void theEmbeddedTestServerServesNoSchedules_soTheAuditRunsOnTheWatchersOwnTimer() {
        WatchStarter starter = new WatchStarter(client, registry, new WatchProperties(true, Duration.ofMinutes(10),
                Duration.ofMinutes(5), Duration.ofHours(1), 10, Duration.ofMinutes(30), Duration.ofSeconds(1),
                Map.of()));
        assertThat(starter.scheduleAudit(CLUSTER)).isFalse();
        assertThat(starter.policy(CLUSTER).approverRoles()).containsExactly("sre");
    }

    @Test
    void everyRecordedWatcherHistoryReplays() throws Exception {
        List<Path> files;
        try (var s = Files.list(Path.of("workflows/histories/watch"))) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        for (Path f : files) {
            WorkflowReplayer.replayWorkflowExecution(WorkflowExecutionHistory.fromJson(Files.readString(f)),
                    ClusterWatchWorkflowImpl.class);
        }
    }

    private WorkflowExecution startWatcher(int roundsPerRun) {
        WatchPolicy policy = new WatchPolicy(600, 300, 3600, true, 10, 1800, 1, List.of(ONCALL), List.of("sre"),
                List.of(), roundsPerRun);
        return client.newUntypedWorkflowStub("ClusterWatch", WorkflowOptions.newBuilder()
                        .setWorkflowId(AlertIds.watcherId(CLUSTER)).setTaskQueue(RemediationIds.TASK_QUEUE).build())
                .signalWithStart("configure", new Object[]{policy}, new Object[]{new WatchRequest(CLUSTER, policy,
                        null)});
    }

    private boolean continuedAsNew(WorkflowExecution run) {
        var events = client.fetchHistory(run.getWorkflowId(), run.getRunId()).getEvents();
        return events.get(events.size() - 1).getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW;
    }

    /** How many runs followed {@code run} in its chain. */
    private int runsAfter(WorkflowExecution run) {
        int n = 0;
        String runId = run.getRunId();
        while (true) {
            var events = client.fetchHistory(run.getWorkflowId(), runId).getEvents();
            var last = events.get(events.size() - 1);
            if (last.getEventType() != EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW) {
                return n;
            }
            runId = last.getWorkflowExecutionContinuedAsNewEventAttributes().getNewExecutionRunId();
            n++;
        }
    }

    private static String text(ChatMessage m) {
        StringBuilder sb = new StringBuilder(m.title()).append('\n').append(m.summary());
        m.fields().forEach(f -> sb.append('\n').append(f.name()).append(": ").append(f.value()));
        return sb.toString();
    }

    /** With -Dunstuck.record-histories=DIR, the history is written there for workflows/histories. */
    private static void record(WorkflowExecutionHistory history, String file) throws IOException {
        String dir = System.getProperty("unstuck.record-histories");
        if (dir != null) {
            Path target = Path.of(dir, file);
            Files.createDirectories(target.getParent());
            Files.writeString(target, history.toJson(true));
        }
    }
}
