package dev.unstuck.workflow;

import dev.unstuck.chat.ChatMessage;
import dev.unstuck.cloud.RouteEntry;
import dev.unstuck.sandbox.Scenario;
import dev.unstuck.sandbox.ScenarioLoader;
import io.temporal.activity.Activity;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.ActivityTaskStartedEventAttributes;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowStub;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

import static dev.unstuck.workflow.RemediationRig.ALICE_CHAT;
import static dev.unstuck.workflow.RemediationRig.BOB;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Repair steps that cannot overlap, on a slow VPC (every OpenAPI call 300 ms late, a new entry Pending for 3 s): the
 * step's attempt may last as long as the repair's own bounds, heartbeats meanwhile, and an attempt that is timed out
 * anyway leaves the next one to find its entry, never to write a second.
 */
class RepairStepAttemptsTest {
    private static final String ROUTE = "172.16.1.0/24";
    private static final Duration HUNG_WORKER = Duration.ofSeconds(31);

    static Scenario slowVpc() throws IOException {
        try (InputStream in = RepairStepAttemptsTest.class.getResourceAsStream("/scenarios/seed-incident.yaml")) {
            String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return ScenarioLoader.parse(yaml + "faults: {vpc: {latencyMs: 300, pendingSeconds: 3}}\n",
                    "seed-incident with a slow VPC");
        }
    }

    /** A step limit of 1 s, far below what this repair takes: the repair's own bounds must win. */
    private static RemediationPolicy oneSecondSteps() {
        return new RemediationPolicy(List.of("sre"), true, 30 * 60, 1, 60, 60);
    }

    @Test
    @DisplayName("given a slow VPC and a configured step limit shorter than the repair, the step runs once, writes "
            + "once and the run reports the entry it created")
    void slowRepairIsNotTimedOutOverItself() throws Exception {
        try (RemediationRig rig = new RemediationRig(slowVpc())) {
            RemediationWorkflow wf = rig.start("dev", oneSecondSteps());
            String fingerprint = rig.awaitApprovalButtons(ALICE_CHAT, "dev");
            wf.decide(new DecisionRequest(BOB, Decision.APPROVE, fingerprint));
            RemediationSummary summary = WorkflowStub.fromTyped(wf).getResult(RemediationSummary.class);

            assertThat(summary.outcome()).isEqualTo(RemediationPhase.DONE);
            List<RouteEntry> routes = routes(rig);
            assertThat(routes).singleElement().satisfies(e -> assertThat(e.nextHopId()).isEqualTo("i-node2"));
            assertThat(rig.sandbox.vpc().server().requestCount("CreateRouteEntry")).isEqualTo(1);
            assertThat(summary.changes()).containsExactly("created route entry " + routes.get(0).routeEntryId()
                    + ": 172.16.1.0/24 -> i-node2 in vtb-hz001");
            assertThat(stepAttempts(rig)).containsExactly(1);
        }
    }

    @Test
    @DisplayName("given the first attempt's worker goes silent after the write (its result lost), the server times "
            + "the attempt out on its heartbeat and the next attempt reads the table and reports the entry the "
            + "first created: one write, no attempt fails, and the run is DONE, not 'timed out'")
    void lostAttemptIsFollowedByARereadNotASecondWrite() throws Exception {
        try (RemediationRig rig = new RemediationRig(slowVpc())) {
            Map<Integer, String> attempts = new ConcurrentSkipListMap<>();
            rig.afterStep = r -> {
                int attempt = Activity.getExecutionContext().getInfo().getAttempt();
                attempts.put(attempt, r.status() + " " + r.routeEntryId());
                if (attempt == 1) {
                    // A worker hung after the write: no heartbeat for longer than the step's 30 s heartbeat timeout.
                    // The server last heard of this attempt at most one throttled heartbeat interval (24 s) ago, so
                    // 31 s of skipped time always times it out.
                    rig.env.sleep(HUNG_WORKER);
                }
            };
            rig.stepThrew = e -> attempts.put(Activity.getExecutionContext().getInfo().getAttempt(), "threw " + e);
            RemediationWorkflow wf = rig.start("dev", oneSecondSteps());
            String fingerprint = rig.awaitApprovalButtons(ALICE_CHAT, "dev");
            wf.decide(new DecisionRequest(BOB, Decision.APPROVE, fingerprint));
            RemediationSummary summary = WorkflowStub.fromTyped(wf).getResult(RemediationSummary.class);

            assertThat(summary.outcome()).isEqualTo(RemediationPhase.DONE);
            List<RouteEntry> routes = routes(rig);
            assertThat(routes).singleElement().satisfies(e -> assertThat(e.nextHopId()).isEqualTo("i-node2"));
            String created = "CREATED " + routes.get(0).routeEntryId();
            assertThat(rig.sandbox.vpc().server().requestCount("CreateRouteEntry")).isEqualTo(1);
            assertThat(summary.changes()).containsExactly("created route entry " + routes.get(0).routeEntryId()
                    + ": 172.16.1.0/24 -> i-node2 in vtb-hz001");
            assertThat(rig.chat.posts(ALICE_CHAT)).extracting(ChatMessage::title)
                    .containsExactly("Namespace dev on dev-cluster: done",
                            "Incident report: namespace dev on dev-cluster");
            // The write's attempt was timed out (31 s of silence is far below the step's start-to-close bound, so only
            // its heartbeat timeout can have ended it), and so was any later one the server stopped hearing from
            // while the test clock ran ahead; none failed, and each reported the one entry the first attempt wrote.
            assertThat(stepAttempts(rig)).singleElement().satisfies(last -> assertThat(last).isGreaterThan(1));
            assertThat(attempts).as("what each attempt of the step returned").containsKey(1)
                    .allSatisfy((attempt, outcome) -> assertThat(outcome).isEqualTo(created));
        }
    }

    private static List<RouteEntry> routes(RemediationRig rig) {
        return rig.sandbox.vpc().server().entries("vtb-hz001").stream()
                .filter(e -> e.destinationCidrBlock().equals(ROUTE)).toList();
    }

    /** The attempt each executeStep activity completed on (history keeps the start of the last attempt only). */
    private static List<Integer> stepAttempts(RemediationRig rig) {
        return stepStarts(rig).stream().map(ActivityTaskStartedEventAttributes::getAttempt).toList();
    }

    private static List<ActivityTaskStartedEventAttributes> stepStarts(RemediationRig rig) {
        List<HistoryEvent> events = rig.client.fetchHistory(rig.workflowId("dev")).getEvents();
        List<Long> stepScheduled = events.stream()
                .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED
                        && e.getActivityTaskScheduledEventAttributes().getActivityType().getName()
                        .equals("ExecuteStep"))
                .map(HistoryEvent::getEventId).toList();
        return events.stream().filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED)
                .map(HistoryEvent::getActivityTaskStartedEventAttributes)
                .filter(a -> stepScheduled.contains(a.getScheduledEventId())).toList();
    }
}
