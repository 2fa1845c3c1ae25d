package dev.unstuck.workflow;

import dev.unstuck.chat.ChatMessage;
import dev.unstuck.chat.ChatRouter;
import dev.unstuck.chat.ChatUser;
import dev.unstuck.chat.Conversation;
import dev.unstuck.chat.memory.InMemoryChatPort;
import dev.unstuck.config.ApprovalRules;
import dev.unstuck.config.ClusterRegistry;
import dev.unstuck.config.ClusterTarget;
import dev.unstuck.sandbox.Sandbox;
import dev.unstuck.sandbox.Scenario;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A sandbox cluster behind the real activities, on a time-skipping test environment, with the in-memory chat:
 * everything a workflow test needs, closed in one go.
 */
final class RemediationRig implements AutoCloseable {
    static final ChatUser ALICE = new ChatUser("u-alice", "alice", List.of("dev"));
    static final ChatUser BOB = new ChatUser("u-bob", "bob", List.of("sre"));
    static final ChatUser CAROL = new ChatUser("u-carol", "carol", List.of("dev"));
    static final ChatUser DAVE = new ChatUser("u-dave", "dave", List.of("sre"));
    static final Conversation ALICE_CHAT = new Conversation(InMemoryChatPort.ADAPTER, "channel-ops",
            Map.of("thread", "t-1"));
    static final Conversation DAVE_CHAT = new Conversation(InMemoryChatPort.ADAPTER, "channel-platform", Map.of());

    final Sandbox sandbox;
    final String cluster;
    final ClusterRegistry registry = new ClusterRegistry();
    final InMemoryChatPort chat = new InMemoryChatPort();
    final TestWorkflowEnvironment env;
    final WorkflowClient client;

    RemediationRig(Scenario scenario) {
        this(scenario, Function.identity());
    }

    /** {@code wrap} lets a test put a saboteur around the verify activities (the rest stay real). */
    RemediationRig(Scenario scenario, Function<VerifyActivities, VerifyActivities> wrap) {
        sandbox = Sandbox.start(scenario);
        cluster = scenario.cluster().name();
        registry.register(cluster, ClusterTarget.of(sandbox), new ApprovalRules(List.of("sre"), true));
        env = TestWorkflowEnvironment.newInstance();
        Worker worker = env.newWorker(RemediationIds.TASK_QUEUE);
        worker.registerWorkflowImplementationTypes(RemediationWorkflowImpl.class);
        ClusterActivitiesImpl cluster = new ClusterActivitiesImpl(registry);
        VerifyActivities verify = wrap.apply(cluster);
        ChatActivitiesImpl chatActivities = new ChatActivitiesImpl(new ChatRouter(List.of(chat)));
        if (verify == cluster) {
            worker.registerActivitiesImplementations(cluster, chatActivities);
        } else {
            worker.registerActivitiesImplementations(new DiagnosisAndRepair(cluster), verify, chatActivities);
        }
        env.start();
        client = env.getWorkflowClient();
    }

    static RemediationPolicy policy() {
        return new RemediationPolicy(List.of("sre"), true, 30 * 60, 30, 20, 20);
    }

    RemediationWorkflow start(String namespace, RemediationPolicy policy) {
        String id = RemediationIds.workflowId(cluster, namespace);
        RemediationWorkflow wf = client.newWorkflowStub(RemediationWorkflow.class, WorkflowOptions.newBuilder()
                .setWorkflowId(id).setTaskQueue(RemediationIds.TASK_QUEUE).build());
        WorkflowClient.start(wf::run, new RemediationRequest(cluster, namespace, ALICE, ALICE_CHAT, policy));
        return wf;
    }

    String workflowId(String namespace) {
        return RemediationIds.workflowId(cluster, namespace);
    }

    ChatMessage awaitLive(Conversation c, String namespace, Predicate<ChatMessage> condition)
            throws InterruptedException {
        return chat.awaitLive(c, workflowId(namespace), condition, 30, TimeUnit.SECONDS)
                .filter(condition).orElseThrow(() -> new AssertionError("live message never matched; last: "
                        + chat.live(c, workflowId(namespace))));
    }

    /** Waits until the live message of {@code namespace} offers the Approve button; returns its fingerprint. */
    String awaitApprovalButtons(Conversation c, String namespace) throws InterruptedException {
        ChatMessage m = awaitLive(c, namespace, msg -> msg.buttons().stream()
                .anyMatch(b -> b.id().startsWith("approve|")));
        return m.buttons().get(0).id().substring(m.buttons().get(0).id().lastIndexOf('|') + 1);
    }

    @Override
    public void close() {
        env.close();
        registry.close();
        sandbox.close();
    }

    /** The real diagnosis and repair activities, registered apart from the (possibly wrapped) verify ones. */
    private record DiagnosisAndRepair(ClusterActivitiesImpl real) implements DiagnosisActivities, RepairActivities {
        @Override
        public dev.unstuck.diagnosis.Diagnosis diagnose(String cluster, String namespace) {
            return real.diagnose(cluster, namespace);
        }

        @Override
        public dev.unstuck.remediation.StepResult executeStep(String cluster, dev.unstuck.remediation.PlanStep step,
                                                              String runId, String stepId) {
            return real.executeStep(cluster, step, runId, stepId);
        }
    }
}
