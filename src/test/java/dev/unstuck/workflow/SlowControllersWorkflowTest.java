package dev.unstuck.workflow;

import dev.unstuck.chat.ChatMessage;
import dev.unstuck.chat.PhaseMark;
import dev.unstuck.sandbox.ScenarioLoader;
import org.junit.jupiter.api.Test;

import io.temporal.client.WorkflowStub;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.unstuck.workflow.RemediationRig.ALICE_CHAT;
import static dev.unstuck.workflow.RemediationRig.BOB;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seed incident on controllers that take their time, as real ones do: the aggregator re-checks APIServices on a
 * resync and the namespace controller retries a failing namespace with a capped backoff. The run must wait for both
 * (not end PARTIAL or FAILED early) and tell people why it is waiting.
 */
class SlowControllersWorkflowTest {

    @Test
    void givenSlowControllers_whenBobApproves_theRunWaitsThemOutSaysWhyAndDevIsGone() throws Exception {
        String yaml;
        try (var in = ScenarioLoader.class.getResourceAsStream("/scenarios/seed-incident.yaml")) {
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // Shorter than a real cluster's 30 s / 60 s so the build stays quick; long enough that no wait may be skipped.
        yaml += "timing: {apiServiceResyncSeconds: 8, namespaceRetryMaxSeconds: 12}\n";
        try (RemediationRig rig = new RemediationRig(ScenarioLoader.parse(yaml, "seed with slow controllers"))) {
            RemediationWorkflow wf = rig.start("dev", new RemediationPolicy(List.of("sre"), true, 30 * 60, 120,
                    120, 120));
            String fingerprint = rig.awaitApprovalButtons(ALICE_CHAT, "dev");
            wf.decide(new DecisionRequest(BOB, Decision.APPROVE, fingerprint));

            ChatMessage waiting = rig.chat.awaitLive(ALICE_CHAT, rig.workflowId("dev"), m -> m.checklist().stream()
                            .anyMatch(l -> l.mark() == PhaseMark.ACTIVE && l.detail() != null
                                    && l.detail().contains("retries at most every 60 s")), 60, TimeUnit.SECONDS)
                    .orElseThrow();
            assertThat(waiting.checklist()).anyMatch(l -> l.label().equals("waiting for namespace deletion")
                    && l.mark() == PhaseMark.ACTIVE);

            RemediationSummary summary = WorkflowStub.fromTyped(wf).getResult(RemediationSummary.class);
            assertThat(summary.outcome()).as(summary.message()).isEqualTo(RemediationPhase.DONE);
            assertThat(summary.timings()).filteredOn(t -> t.phase() == RemediationPhase.WAITING_FOR_NAMESPACE)
                    .singleElement().satisfies(t -> assertThat(t.durationMillis()).isPositive());
            try (var k = rig.sandbox.cluster().newClient()) {
                assertThat(k.namespaces().withName("dev").get()).isNull();
            }
        }
    }
}
