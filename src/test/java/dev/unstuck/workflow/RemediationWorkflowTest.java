package dev.unstuck.workflow;

import dev.unstuck.cloud.RouteEntry;
import dev.unstuck.chat.ChatMessage;
import dev.unstuck.chat.PhaseMark;
import dev.unstuck.sandbox.ScenarioLoader;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.unstuck.workflow.RemediationRig.ALICE;
import static dev.unstuck.workflow.RemediationRig.ALICE_CHAT;
import static dev.unstuck.workflow.RemediationRig.BOB;
import static org.assertj.core.api.Assertions.assertThat;

class RemediationWorkflowTest {

    @Test
    void givenTheSeedScenario_whenBobApproves_theRouteExistsOnceAndNamespaceDevIsGone() throws Exception {
        try (RemediationRig rig = new RemediationRig(ScenarioLoader.loadBuiltIn("seed-incident"))) {
            RemediationWorkflow wf = rig.start("dev", RemediationRig.policy());
            String fingerprint = rig.awaitApprovalButtons(ALICE_CHAT, "dev");

            DecisionResult result = wf.decide(new DecisionRequest(BOB, Decision.APPROVE, fingerprint));
            assertThat(result.verdict()).isEqualTo(DecisionVerdict.APPROVED);

            RemediationSummary summary = io.temporal.client.WorkflowStub.fromTyped(wf)
                    .getResult(RemediationSummary.class);
            assertThat(summary.outcome()).isEqualTo(RemediationPhase.DONE);
            assertThat(summary.approvedBy()).isEqualTo("bob");
            List<RouteEntry> routes = rig.sandbox.vpc().server().entries("vtb-hz001").stream()
                    .filter(e -> e.destinationCidrBlock().equals("172.16.1.0/24")).toList();
            assertThat(routes).hasSize(1);
            assertThat(routes.get(0).nextHopId()).isEqualTo("i-node2");
            assertThat(rig.sandbox.vpc().server().requestCount("CreateRouteEntry")).isEqualTo(1);
            assertThat(summary.changes()).singleElement().asString()
                    .startsWith("created route entry " + routes.get(0).routeEntryId());
            try (var k = rig.sandbox.cluster().newClient()) {
                assertThat(k.namespaces().withName("dev").get()).isNull();
            }
            ChatMessage live = rig.chat.live(ALICE_CHAT, rig.workflowId("dev")).orElseThrow();
            assertThat(live.checklist()).extracting(l -> l.mark()).containsOnly(PhaseMark.DONE);
            assertThat(rig.chat.posts(ALICE_CHAT)).singleElement()
                    .satisfies(m -> assertThat(m.title()).endsWith(": done"));
        }
    }
}
