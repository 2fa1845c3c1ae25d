package dev.unstuck.workflow;

import dev.unstuck.chat.ChatMessage;
import dev.unstuck.chat.ChatPort;
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
import dev.unstuck.sandbox.Scenario;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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

    /** Runs in the step activity just before the real step: a test's way to change the world at that moment. */
    volatile Runnable beforeStep = () -> { };
    /** Runs in the step activity just after the real step, with its result: a way to lose that result. */
    volatile java.util.function.Consumer<StepResult> afterStep = r -> { };
    /** Runs in the step activity when the real step throws, with what it threw. */
    volatile java.util.function.Consumer<RuntimeException> stepThrew = e -> { };
    /** Runs in the APIService verify activity just before the real wait. */
    volatile Runnable beforeVerify = () -> { };

    RemediationRig(Scenario scenario) {
        this(scenario, List.of(), null);
    }

    /**
     * @param morePorts   chat adapters every worker serves, beside the in-memory one
     * @param discordPort the adapter the Discord chat queue's worker serves (as on the replica holding the
     *                    gateway); null for no such worker
     */
    RemediationRig(Scenario scenario, List<ChatPort> morePorts, ChatPort discordPort) {
        sandbox = Sandbox.start(scenario);
        cluster = scenario.cluster().name();
        registry.register(cluster, ClusterTarget.of(sandbox), new ApprovalRules(List.of("sre"), true));
        env = TestWorkflowEnvironment.newInstance();
        Worker worker = env.newWorker(RemediationIds.TASK_QUEUE);
        worker.registerWorkflowImplementationTypes(RemediationWorkflowImpl.class);
        List<ChatPort> ports = new ArrayList<>(List.of(chat));
        ports.addAll(morePorts);
        worker.registerActivitiesImplementations(new Hooked(new ClusterActivitiesImpl(registry)),
                new ChatActivitiesImpl(new ChatRouter(ports)),
                new ChainActivitiesImpl(new ClusterChains(registry, sandbox)),
                new ReportActivitiesImpl(env.getWorkflowClient(), new ChatRouter(ports)));
        if (discordPort != null) {
            env.newWorker(ChatActivities.DISCORD_TASK_QUEUE).registerActivitiesImplementations(
                    new ChatActivitiesImpl(new ChatRouter(List.of(discordPort))));
        }
        env.start();
        client = env.getWorkflowClient();
    }

    static RemediationPolicy policy() {
        return new RemediationPolicy(List.of("sre"), true, 30 * 60, 30, 20, 20);
    }

    RemediationWorkflow start(String namespace, RemediationPolicy policy) {
        return start(namespace, policy, ALICE, ALICE_CHAT);
    }

    RemediationWorkflow start(String namespace, RemediationPolicy policy, ChatUser requester, Conversation where) {
        String id = RemediationIds.workflowId(cluster, namespace);
        RemediationWorkflow wf = client.newWorkflowStub(RemediationWorkflow.class, WorkflowOptions.newBuilder()
                .setWorkflowId(id).setTaskQueue(RemediationIds.TASK_QUEUE).build());
        WorkflowClient.start(wf::run, new RemediationRequest(cluster, namespace, requester, where, policy));
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
        return awaitApproveButton(c, namespace).fingerprint();
    }

    /** Waits until the live message of {@code namespace} offers the Approve button; returns it as read back. */
    ButtonClick awaitApproveButton(Conversation c, String namespace) throws InterruptedException {
        ChatMessage m = awaitLive(c, namespace, msg -> approve(msg) != null);
        return approve(m);
    }

    /** The Approve button of a message while it can still be clicked, read back; else null. */
    static ButtonClick approve(ChatMessage m) {
        return m.buttons().stream().filter(b -> !b.disabled()).map(b -> RemediationIds.parseButton(b.id()).orElse(null))
                .filter(b -> b != null && b.action() == ButtonClick.Action.APPROVE).findFirst().orElse(null);
    }

    @Override
    public void close() {
        env.close();
        registry.close();
        sandbox.close();
    }

    /** The real cluster activities with the test's hooks in front. */
    private final class Hooked implements DiagnosisActivities, RepairActivities, VerifyActivities {
        private final ClusterActivitiesImpl real;

        Hooked(ClusterActivitiesImpl real) {
            this.real = real;
        }

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
            beforeStep.run();
            StepResult r;
            try {
                r = real.executeStep(cluster, step, runId, stepId);
            } catch (RuntimeException e) {
                stepThrew.accept(e);
                throw e;
            }
            afterStep.accept(r);
            return r;
        }

        @Override
        public ApiServiceCheck awaitApiServicesAvailable(String cluster, List<String> apiServices, long timeout) {
            beforeVerify.run();
            return real.awaitApiServicesAvailable(cluster, apiServices, timeout);
        }

        @Override
        public boolean awaitNamespaceGone(String cluster, String namespace, long timeoutSeconds) {
            return real.awaitNamespaceGone(cluster, namespace, timeoutSeconds);
        }
    }
}
