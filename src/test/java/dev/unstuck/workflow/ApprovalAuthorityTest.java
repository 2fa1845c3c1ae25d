package dev.unstuck.workflow;

import dev.unstuck.chat.ChatUser;
import dev.unstuck.chat.Conversation;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowStub;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.unstuck.workflow.RemediationRig.ALICE_CHAT;
import static dev.unstuck.workflow.RemediationRig.BOB;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may decide, judged by the workflow: one person is one identity across chat adapters, approvers can be named
 * as people, a button decides only in the run that drew it, and a flood of clicks is one record per window.
 */
class ApprovalAuthorityTest {
    private static final Conversation CONSOLE_CHAT = new Conversation("console", "c-1", Map.of());
    // Alice's two accounts, linked to one person; on the console she also holds the approver role.
    private static final ChatUser ALICE_IN_DISCORD = new ChatUser("discord:1200000000000001001", "alice",
            List.of("oncall"), "alice");
    private static final ChatUser ALICE_IN_CONSOLE = new ChatUser("console:alice", "alice", List.of("sre"),
            "alice");
    private static final ChatUser ERIN = new ChatUser("discord:1200000000000001005", "erin", List.of(), "erin");
    private static final ChatUser MALLORY = new ChatUser("discord:1200000000000001006", "mallory", List.of());

    @Test
    void givenAliceAskedInDiscord_whenSheApprovesInTheConsole_fourEyesSeesOnePersonAndRefuses() throws Exception {
        try (RemediationRig rig = new RemediationRig(RemediationWorkflowTest.seed())) {
            RemediationWorkflow wf = rig.start("dev", RemediationRig.policy(), ALICE_IN_DISCORD, ALICE_CHAT);
            ButtonClick approve = rig.awaitApproveButton(ALICE_CHAT, "dev");

            DecisionResult own = wf.decide(request(ALICE_IN_CONSOLE, approve));
            assertThat(own.verdict()).isEqualTo(DecisionVerdict.SELF_APPROVAL);
            assertThat(wf.phase()).isEqualTo(RemediationPhase.AWAITING_APPROVAL);
            assertThat(wf.decisions()).singleElement().satisfies(d -> {
                assertThat(d.user().id()).isEqualTo("console:alice");
                assertThat(d.verdict()).isEqualTo(DecisionVerdict.SELF_APPROVAL);
            });
            assertThat(wf.decide(request(BOB, approve)).verdict()).isEqualTo(DecisionVerdict.APPROVED);
        }
    }

    @Test
    void givenErinIsNamedAsAnApprover_sheApprovesWithoutHoldingAnyRole_andMalloryWithoutEitherIsRefused()
            throws Exception {
        try (RemediationRig rig = new RemediationRig(RemediationWorkflowTest.seed())) {
            RemediationPolicy p = RemediationRig.policy();
            RemediationPolicy byPerson = new RemediationPolicy(p.approverRoles(), true, p.approvalTimeoutSeconds(),
                    p.stepTimeoutSeconds(), p.apiServiceTimeoutSeconds(), p.namespaceTimeoutSeconds(),
                    List.of("erin"));
            RemediationWorkflow wf = rig.start("dev", byPerson);
            ButtonClick approve = rig.awaitApproveButton(ALICE_CHAT, "dev");

            DecisionResult refused = wf.decide(request(MALLORY, approve));
            assertThat(refused.verdict()).isEqualTo(DecisionVerdict.NOT_AN_APPROVER);
            assertThat(refused.message()).contains("[sre]").contains("or to be one of [erin]");
            assertThat(wf.decide(request(ERIN, approve)).verdict()).isEqualTo(DecisionVerdict.APPROVED);
        }
    }

    @Test
    void givenARejectedRunAndANewRunOfTheSameNamespace_anApproveButtonOfTheFirstRunDecidesNothing()
            throws Exception {
        try (RemediationRig rig = new RemediationRig(RemediationWorkflowTest.seed())) {
            RemediationWorkflow first = rig.start("dev", RemediationRig.policy());
            ButtonClick firstApprove = rig.awaitApproveButton(ALICE_CHAT, "dev");
            assertThat(first.decide(new DecisionRequest(BOB, Decision.REJECT, firstApprove.fingerprint(),
                    firstApprove.run())).verdict()).isEqualTo(DecisionVerdict.REJECTED);
            WorkflowStub.fromTyped(first).getResult(RemediationSummary.class);

            RemediationWorkflow second = rig.start("dev", RemediationRig.policy(), RemediationRig.ALICE,
                    RemediationRig.DAVE_CHAT);
            ButtonClick secondApprove = rig.awaitApproveButton(RemediationRig.DAVE_CHAT, "dev");
            assertThat(secondApprove.run()).isNotEqualTo(firstApprove.run());
            assertThat(secondApprove.fingerprint()).as("same plan, so only the run tells the buttons apart")
                    .isEqualTo(firstApprove.fingerprint());

            // Bob finds the first run's message and clicks its Approve: the workflow id is the same, the run is not.
            DecisionResult replayed = second.decide(request(BOB, firstApprove));
            assertThat(replayed.verdict()).isEqualTo(DecisionVerdict.EARLIER_RUN);
            assertThat(replayed.message()).contains("belongs to an earlier run");
            assertThat(second.phase()).isEqualTo(RemediationPhase.AWAITING_APPROVAL);
            assertThat(second.decisions()).singleElement()
                    .satisfies(d -> assertThat(d.verdict()).isEqualTo(DecisionVerdict.EARLIER_RUN));
            assertThat(rig.sandbox.vpc().server().requestCount("CreateRouteEntry")).isZero();

            assertThat(second.decide(request(BOB, secondApprove)).verdict()).isEqualTo(DecisionVerdict.APPROVED);
        }
    }

    @Test
    void givenMalloryFloodsApprove_theThrottledClicksAreOneRecordAndOneHistoryEvent() throws Exception {
        try (RemediationRig rig = new RemediationRig(RemediationWorkflowTest.seed())) {
            RemediationWorkflow wf = rig.start("dev", RemediationRig.policy());
            rig.awaitApproveButton(ALICE_CHAT, "dev");

            wf.clicksThrottled(new ThrottledClicks(MALLORY, Decision.APPROVE, 37, "10 clicks per 1 min"));

            assertThat(wf.decisions()).singleElement().satisfies(d -> {
                assertThat(d.user()).isEqualTo(MALLORY);
                assertThat(d.verdict()).isEqualTo(DecisionVerdict.RATE_LIMITED);
                assertThat(d.reason()).isEqualTo("37 clicks refused without being judged: over the limit of 10 clicks per 1 min");
            });
            assertThat(wf.phase()).isEqualTo(RemediationPhase.AWAITING_APPROVAL);
            long signals = rig.client.fetchHistory(rig.workflowId("dev")).getEvents().stream()
                    .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED).count();
            assertThat(signals).isEqualTo(1);
            assertThat(rig.chat.awaitLive(ALICE_CHAT, rig.workflowId("dev"), m -> m.fields().stream()
                            .anyMatch(f -> f.value().contains("mallory approve: RATE_LIMITED (37 clicks")), 30,
                    java.util.concurrent.TimeUnit.SECONDS)).as("the live message shows the flood").isPresent();
        }
    }

    private static DecisionRequest request(ChatUser user, ButtonClick click) {
        return new DecisionRequest(user, click.decision(), click.fingerprint(), click.run());
    }
}
