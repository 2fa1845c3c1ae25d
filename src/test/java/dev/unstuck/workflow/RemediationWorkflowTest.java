package dev.unstuck.workflow;

import dev.unstuck.chat.ChatMessage;
import dev.unstuck.chat.PhaseMark;
import dev.unstuck.cloud.RouteEntry;
import dev.unstuck.cloud.RouteEntryStatus;
import dev.unstuck.diagnosis.CauseKind;
import dev.unstuck.sandbox.Scenario;
import dev.unstuck.sandbox.ScenarioLoader;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowStub;
import io.temporal.common.converter.DefaultDataConverter;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static dev.unstuck.workflow.RemediationRig.ALICE_CHAT;
import static dev.unstuck.workflow.RemediationRig.BOB;
import static dev.unstuck.workflow.RemediationRig.CAROL;
import static dev.unstuck.workflow.RemediationRig.DAVE;
import static dev.unstuck.workflow.RemediationRig.DAVE_CHAT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every branch of the remediation on a time-skipping test server, with the sandbox behind the real activities.
 */
class RemediationWorkflowTest {
    private static final String ROUTE = "172.16.1.0/24";

    @Test
    void givenTheSeedScenario_whenBobApproves_theRoute172_16_1_0ToNode2ExistsOnceAndNamespaceDevIsGone()
            throws Exception {
        try (RemediationRig rig = new RemediationRig(seed())) {
            RemediationWorkflow wf = rig.start("dev", RemediationRig.policy());
            String fingerprint = rig.awaitApprovalButtons(ALICE_CHAT, "dev");
            ChatMessage asking = rig.chat.live(ALICE_CHAT, rig.workflowId("dev")).orElseThrow();
            assertThat(asking.fields()).extracting(f -> f.name()).contains("4. VPC_ROUTE_MISSING",
                    "Plan " + fingerprint);
            String run = RemediationIds.runTag(WorkflowStub.fromTyped(wf).getExecution().getRunId());
            assertThat(asking.buttons()).extracting(b -> b.id()).containsExactly(
                    "a." + run + "." + fingerprint + ".udev-cluster_dev", "r." + run + "." + fingerprint
                            + ".udev-cluster_dev", "d.udev-cluster_dev");

            assertThat(wf.decide(new DecisionRequest(BOB, Decision.APPROVE, fingerprint)).verdict())
                    .isEqualTo(DecisionVerdict.APPROVED);
            RemediationSummary summary = result(wf);

            assertThat(summary.outcome()).isEqualTo(RemediationPhase.DONE);
            assertThat(summary.approvedBy()).isEqualTo("bob");
            List<RouteEntry> routes = routes(rig);
            assertThat(routes).singleElement().satisfies(e -> assertThat(e.nextHopId()).isEqualTo("i-node2"));
            assertThat(rig.sandbox.vpc().server().requestCount("CreateRouteEntry")).isEqualTo(1);
            assertThat(summary.changes()).singleElement().asString()
                    .startsWith("created route entry " + routes.get(0).routeEntryId());
            assertThat(summary.timings()).extracting(PhaseTiming::phase).contains(RemediationPhase.REPAIRING,
                    RemediationPhase.VERIFYING_APISERVICE, RemediationPhase.WAITING_FOR_NAMESPACE);
            assertNamespaceGone(rig, "dev");
            ChatMessage live = rig.chat.live(ALICE_CHAT, rig.workflowId("dev")).orElseThrow();
            assertThat(live.checklist()).extracting(l -> l.mark()).containsOnly(PhaseMark.DONE);
            assertThat(live.buttons()).extracting(b -> b.label()).containsExactly("Approve", "Reject", "Details");
            assertThat(live.buttons()).filteredOn(b -> !b.disabled()).extracting(b -> b.label())
                    .as("decided: only Details can still be clicked").containsExactly("Details");
            // The summary, then the incident report written from the run's history, as a Markdown file.
            assertThat(rig.chat.posts(ALICE_CHAT)).extracting(ChatMessage::title).containsExactly(
                    "Namespace dev on dev-cluster: done", "Incident report: namespace dev on dev-cluster");
            assertThat(rig.chat.posts(ALICE_CHAT).get(1).attachment().text())
                    .startsWith("# Incident report: namespace `dev` stuck in Terminating on `dev-cluster`")
                    .contains("**DONE**", "| Approved | bob (u-bob), ", "to `vpc-hz001` (it is `vpc-typo01`");
        }
    }

    @Test
    void givenTheSeedScenario_whenBobRejects_nothingIsWrittenAndTheMessageSaysRejected() throws Exception {
        try (RemediationRig rig = new RemediationRig(seed())) {
            RemediationWorkflow wf = rig.start("dev", RemediationRig.policy());
            String fingerprint = rig.awaitApprovalButtons(ALICE_CHAT, "dev");
            assertThat(wf.decide(new DecisionRequest(BOB, Decision.REJECT, fingerprint)).verdict())
                    .isEqualTo(DecisionVerdict.REJECTED);
            RemediationSummary summary = result(wf);
            assertThat(summary.outcome()).isEqualTo(RemediationPhase.REJECTED);
            assertThat(summary.message()).contains("rejected by bob");
            assertThat(rig.sandbox.vpc().server().requestCount("CreateRouteEntry")).isZero();
            assertThat(rig.chat.live(ALICE_CHAT, rig.workflowId("dev")).orElseThrow().title()).endsWith(": rejected");
        }
    }

    @Test
    void givenTheSeedScenario_whenNobodyDecidesFor30Minutes_theRunExpiresAndNothingIsExecuted() throws Exception {
        try (RemediationRig rig = new RemediationRig(seed())) {
            RemediationWorkflow wf = rig.start("dev", RemediationPolicy.defaults(List.of("sre"), true));
            rig.awaitApprovalButtons(ALICE_CHAT, "dev");
            RemediationSummary summary = result(wf);
            assertThat(summary.outcome()).isEqualTo(RemediationPhase.EXPIRED);
            assertThat(summary.message()).contains("nobody decided within 30 min");
            assertThat(summary.timings()).filteredOn(t -> t.phase() == RemediationPhase.AWAITING_APPROVAL)
                    .singleElement().satisfies(t -> assertThat(t.durationMillis()).isGreaterThanOrEqualTo(30 * 60_000));
            assertThat(rig.sandbox.vpc().server().requestCount("CreateRouteEntry")).isZero();
            ChatMessage live = rig.chat.live(ALICE_CHAT, rig.workflowId("dev")).orElseThrow();
            assertThat(live.title()).endsWith(": expired");
            assertThat(live.buttons()).filteredOn(b -> b.label().equals("Approve")).singleElement()
                    .satisfies(b -> assertThat(b.disabled()).as("expired: approve is disabled").isTrue());
        }
    }

    @Test
    void givenTheSeedScenario_whenCarolWithoutTheSreRoleApproves_sheIsRefusedAndTheRefusalIsInTheHistory()
            throws Exception {
        try (RemediationRig rig = new RemediationRig(seed())) {
            RemediationWorkflow wf = rig.start("dev", RemediationRig.policy());
            String fingerprint = rig.awaitApprovalButtons(ALICE_CHAT, "dev");

            DecisionResult refused = wf.decide(new DecisionRequest(CAROL, Decision.APPROVE, fingerprint));
            assertThat(refused.verdict()).isEqualTo(DecisionVerdict.NOT_AN_APPROVER);
            assertThat(refused.message()).contains("[sre]");
            assertThat(wf.phase()).isEqualTo(RemediationPhase.AWAITING_APPROVAL);
            assertThat(wf.decisions()).singleElement().satisfies(d -> {
                assertThat(d.user()).isEqualTo(CAROL);
                assertThat(d.verdict()).isEqualTo(DecisionVerdict.NOT_AN_APPROVER);
            });
            List<String> completedUpdates = rig.client.fetchHistory(rig.workflowId("dev")).getEvents().stream()
                    .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED)
                    .map(RemediationWorkflowTest::updateOutcome).toList();
            assertThat(completedUpdates).singleElement().asString().contains("NOT_AN_APPROVER");
            List<String> acceptedUpdates = rig.client.fetchHistory(rig.workflowId("dev")).getEvents().stream()
                    .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED)
                    .map(e -> e.getWorkflowExecutionUpdateAcceptedEventAttributes().getAcceptedRequest()
                            .getInput().getArgs().toString()).toList();
            assertThat(acceptedUpdates).singleElement().asString().contains("u-carol");

            assertThat(wf.decide(new DecisionRequest(BOB, Decision.APPROVE, fingerprint)).verdict())
                    .isEqualTo(DecisionVerdict.APPROVED);
            assertThat(result(wf).outcome()).isEqualTo(RemediationPhase.DONE);
        }
    }

    @Test
    void givenFourEyes_whenDaveApprovesHisOwnRequest_heIsRefusedAndBobMustApprove() throws Exception {
        try (RemediationRig rig = new RemediationRig(seed())) {
            RemediationWorkflow wf = rig.start("dev", RemediationRig.policy(), DAVE, DAVE_CHAT);
            String fingerprint = rig.awaitApprovalButtons(DAVE_CHAT, "dev");
            assertThat(wf.decide(new DecisionRequest(DAVE, Decision.APPROVE, fingerprint)).verdict())
                    .isEqualTo(DecisionVerdict.SELF_APPROVAL);
            assertThat(rig.sandbox.vpc().server().requestCount("CreateRouteEntry")).isZero();
            assertThat(wf.decide(new DecisionRequest(BOB, Decision.APPROVE, fingerprint)).verdict())
                    .isEqualTo(DecisionVerdict.APPROVED);
            assertThat(result(wf).outcome()).isEqualTo(RemediationPhase.DONE);
        }
    }

    @Test
    void givenFourEyesOff_daveMayApproveHisOwnRequest() throws Exception {
        try (RemediationRig rig = new RemediationRig(seed())) {
            RemediationPolicy p = RemediationRig.policy();
            RemediationWorkflow wf = rig.start("dev", new RemediationPolicy(p.approverRoles(), false,
                    p.approvalTimeoutSeconds(), p.stepTimeoutSeconds(), p.apiServiceTimeoutSeconds(),
                    p.namespaceTimeoutSeconds()), DAVE, DAVE_CHAT);
            String fingerprint = rig.awaitApprovalButtons(DAVE_CHAT, "dev");
            assertThat(wf.decide(new DecisionRequest(DAVE, Decision.APPROVE, fingerprint)).verdict())
                    .isEqualTo(DecisionVerdict.APPROVED);
            assertThat(result(wf).outcome()).isEqualTo(RemediationPhase.DONE);
        }
    }

    @Test
    void givenAStaleButton_whenBobApprovesAnOldPlan_theWorkflowDiagnosesAgainAndAsksAgain() throws Exception {
        try (RemediationRig rig = new RemediationRig(seed())) {
            RemediationWorkflow wf = rig.start("dev", RemediationRig.policy());
            String fingerprint = rig.awaitApprovalButtons(ALICE_CHAT, "dev");
            DecisionResult stale = wf.decide(new DecisionRequest(BOB, Decision.APPROVE, "0123456789ab"));
            assertThat(stale.verdict()).isEqualTo(DecisionVerdict.PLAN_CHANGED);
            assertThat(rig.sandbox.vpc().server().requestCount("CreateRouteEntry")).isZero();

            // Asked again: the message shows the buttons after a second diagnosis (same world, same plan).
            rig.awaitLive(ALICE_CHAT, "dev", m -> m.title().endsWith("awaiting approval")
                    && m.fields().stream().anyMatch(f -> f.name().equals("Decisions")));
            assertThat(wf.status().timings()).filteredOn(t -> t.phase() == RemediationPhase.DIAGNOSING).hasSize(2);
            assertThat(wf.decide(new DecisionRequest(BOB, Decision.APPROVE, fingerprint)).verdict())
                    .isEqualTo(DecisionVerdict.APPROVED);
            assertThat(result(wf).outcome()).isEqualTo(RemediationPhase.DONE);
            assertThat(routes(rig)).hasSize(1);
        }
    }

    @Test
    void givenBobAlreadyApproved_aSecondClickAndDavesClickAreToldItIsDecided() throws Exception {
        try (RemediationRig rig = new RemediationRig(seed())) {
            RemediationWorkflow wf = rig.start("dev", RemediationRig.policy());
            String fingerprint = rig.awaitApprovalButtons(ALICE_CHAT, "dev");
            assertThat(wf.decide(new DecisionRequest(BOB, Decision.APPROVE, fingerprint)).verdict())
                    .isEqualTo(DecisionVerdict.APPROVED);
            DecisionResult again = wf.decide(new DecisionRequest(BOB, Decision.APPROVE, fingerprint));
            assertThat(again.verdict()).isEqualTo(DecisionVerdict.ALREADY_DECIDED);
            assertThat(again.message()).contains("already approved by bob");
            assertThat(wf.decide(new DecisionRequest(DAVE, Decision.REJECT, fingerprint)).verdict())
                    .isEqualTo(DecisionVerdict.ALREADY_DECIDED);
            RemediationSummary summary = result(wf);
            assertThat(summary.outcome()).isEqualTo(RemediationPhase.DONE);
            assertThat(routes(rig)).hasSize(1);
            assertThat(rig.sandbox.vpc().server().requestCount("CreateRouteEntry")).isEqualTo(1);
        }
    }

    @Test
    void givenBobClicksBeforeThePlanIsShown_heIsToldItIsTooEarly() throws Exception {
        try (RemediationRig rig = new RemediationRig(seed())) {
            RemediationWorkflow wf = rig.start("dev", RemediationRig.policy());
            DecisionResult early = wf.decide(new DecisionRequest(BOB, Decision.APPROVE, "0123456789ab"));
            assertThat(early.verdict()).isEqualTo(DecisionVerdict.NOT_WAITING);
            String fingerprint = rig.awaitApprovalButtons(ALICE_CHAT, "dev");
            assertThat(wf.decide(new DecisionRequest(BOB, Decision.REJECT, fingerprint)).verdict())
                    .isEqualTo(DecisionVerdict.REJECTED);
            assertThat(result(wf).outcome()).isEqualTo(RemediationPhase.REJECTED);
        }
    }

    @Test
    void givenARouteThatPointsAtAReplacedInstance_nothingIsProposedAndTheConflictIsReportedForAHuman()
            throws Exception {
        try (RemediationRig rig = new RemediationRig(ScenarioLoader.loadBuiltIn("route-conflict"))) {
            RemediationWorkflow wf = rig.start("dev", RemediationRig.policy());
            RemediationSummary summary = result(wf);
            assertThat(summary.outcome()).isEqualTo(RemediationPhase.NOTHING_TO_DO);
            assertThat(summary.causes()).anyMatch(c -> c.startsWith(CauseKind.ROUTE_CONFLICT.name()));
            assertThat(summary.message()).contains("a person must act");
            assertThat(rig.sandbox.vpc().server().requestCount("CreateRouteEntry")).isZero();
        }
    }

    @Test
    void givenSomeoneAddsAConflictingRouteAsTheStepRuns_theRunStopsOnTheConflictWithoutOverwriting()
            throws Exception {
        try (RemediationRig rig = new RemediationRig(seed())) {
            rig.beforeStep = () -> rig.sandbox.vpc().server().addRouteEntry("vtb-hz001", ROUTE, "i-old2",
                    RouteEntryStatus.AVAILABLE);
            RemediationWorkflow wf = rig.start("dev", RemediationRig.policy());
            String fingerprint = rig.awaitApprovalButtons(ALICE_CHAT, "dev");
            wf.decide(new DecisionRequest(BOB, Decision.APPROVE, fingerprint));
            RemediationSummary summary = result(wf);
            assertThat(summary.outcome()).isEqualTo(RemediationPhase.FAILED);
            assertThat(summary.message()).contains("conflict").contains("i-old2").contains("a person must decide");
            assertThat(routes(rig)).singleElement().satisfies(e -> assertThat(e.nextHopId()).isEqualTo("i-old2"));
            assertThat(rig.sandbox.vpc().server().requestCount("CreateRouteEntry")).isZero();
            assertThat(rig.chat.live(ALICE_CHAT, rig.workflowId("dev")).orElseThrow().checklist())
                    .filteredOn(l -> l.label().equals("repairing")).singleElement()
                    .satisfies(l -> assertThat(l.mark()).isEqualTo(PhaseMark.FAILED));
        }
    }

    @Test
    void givenTheCloudForbidsCreateRouteEntry_thePreflightSaysSoAndNobodyIsAskedToApprove() throws Exception {
        String yaml = seedYaml() + "faults: {vpc: {failAction: {CreateRouteEntry: Forbidden.RAM}}}\n";
        try (RemediationRig rig = new RemediationRig(ScenarioLoader.parse(yaml, "seed with RAM denial"))) {
            RemediationWorkflow wf = rig.start("dev", RemediationRig.policy());
            RemediationSummary summary = result(wf);
            assertThat(summary.outcome()).isEqualTo(RemediationPhase.FAILED);
            assertThat(summary.message()).contains("pre-flight").contains("Forbidden.RAM")
                    .contains("vpc:CreateRouteEntry").contains("nobody was asked to approve");
            var live = rig.chat.live(ALICE_CHAT, rig.workflowId("dev")).orElseThrow();
            assertThat(live.fields()).filteredOn(f -> f.name().equals("This plan will not succeed")).singleElement()
                    .satisfies(f -> assertThat(f.value()).contains("Forbidden.RAM"));
            assertThat(live.buttons()).extracting(b -> b.label()).containsExactly("Details");
            assertThat(summary.timings()).extracting(PhaseTiming::phase)
                    .doesNotContain(RemediationPhase.AWAITING_APPROVAL);
            assertThat(rig.sandbox.vpc().server().requestCount("CreateRouteEntry")).isZero();
            assertThat(routes(rig)).isEmpty();
        }
    }

    @Test
    void givenMetricsServerIsUninstalledDuringTheRepair_theApiServiceNeverRecoversAndTheRunSaysSo()
            throws Exception {
        try (RemediationRig rig = new RemediationRig(seed())) {
            rig.beforeVerify = () -> {
                try (var k = rig.sandbox.cluster().newClient()) {
                    k.services().inNamespace("kube-system").withName("metrics-server").delete();
                }
                rig.sandbox.cluster().reconcileNow();
            };
            RemediationPolicy p = RemediationRig.policy();
            RemediationWorkflow wf = rig.start("dev", new RemediationPolicy(p.approverRoles(), true,
                    p.approvalTimeoutSeconds(), p.stepTimeoutSeconds(), 3, p.namespaceTimeoutSeconds()));
            String fingerprint = rig.awaitApprovalButtons(ALICE_CHAT, "dev");
            wf.decide(new DecisionRequest(BOB, Decision.APPROVE, fingerprint));
            RemediationSummary summary = result(wf);
            assertThat(summary.outcome()).isEqualTo(RemediationPhase.FAILED);
            assertThat(summary.message()).contains("still not Available")
                    .contains("v1beta1.metrics.k8s.io Available=False (ServiceNotFound)");
            assertThat(summary.changes()).hasSize(1);
            assertThat(rig.chat.live(ALICE_CHAT, rig.workflowId("dev")).orElseThrow().checklist())
                    .filteredOn(l -> l.label().equals("verifying APIService")).singleElement()
                    .satisfies(l -> assertThat(l.mark()).isEqualTo(PhaseMark.FAILED));
        }
    }

    @Test
    void givenDevAlsoHoldsAWidgetWithAnOrphanedFinalizer_theCardSaysSoAndTheRunEndsPartialOnceTheRouteIsBack()
            throws Exception {
        String yaml = seedYaml().replace("  - {name: dev, deleting: true, deletingForMinutes: 180}\n", """
                  - name: dev
                    deleting: true
                    deletingForMinutes: 180
                    objects:
                      - {apiVersion: example.com/v1, kind: Widget, name: w1, finalizers: [example.com/cleanup]}
                """);
        try (RemediationRig rig = new RemediationRig(ScenarioLoader.parse(yaml, "seed with a stuck widget"))) {
            // The namespace timeout is the default 10 min: the run must not wait it out for a namespace that cannot go.
            RemediationWorkflow wf = rig.start("dev", RemediationRig.policy());
            String fingerprint = rig.awaitApprovalButtons(ALICE_CHAT, "dev");
            assertThat(rig.chat.live(ALICE_CHAT, rig.workflowId("dev")).orElseThrow().fields())
                    .filteredOn(f -> f.name().equals("After this plan the namespace will still wait on"))
                    .singleElement().satisfies(f -> assertThat(f.value()).contains("CONTENT_REMAINING")
                            .contains("example.com/cleanup").contains("w1"));
            wf.decide(new DecisionRequest(BOB, Decision.APPROVE, fingerprint));
            RemediationSummary summary = result(wf);
            assertThat(summary.outcome()).isEqualTo(RemediationPhase.PARTIAL);
            assertThat(summary.message()).contains("172.16.1.0/24 -> i-node2")
                    .contains("v1beta1.metrics.k8s.io is Available again")
                    .contains("example.com/cleanup").contains("a person must decide");
            assertThat(rig.chat.live(ALICE_CHAT, rig.workflowId("dev")).orElseThrow().fields())
                    .filteredOn(f -> f.name().equals("Diagnosed again")).singleElement()
                    .satisfies(f -> assertThat(f.value()).contains("CONTENT_REMAINING"));
            assertThat(routes(rig)).hasSize(1);
        }
    }

    @Test
    void givenANamespaceThatIsNotStuck_theVerdictIsReportedAndNothingIsAsked() throws Exception {
        try (RemediationRig rig = new RemediationRig(seed())) {
            RemediationWorkflow wf = rig.start("payments", RemediationRig.policy());
            RemediationSummary summary = result(wf);
            assertThat(summary.outcome()).isEqualTo(RemediationPhase.NOTHING_TO_DO);
            assertThat(summary.message()).contains("namespace payments is Active");
            assertThat(rig.chat.live(ALICE_CHAT, rig.workflowId("payments")).orElseThrow().buttons())
                    .extracting(b -> b.label()).containsExactly("Details");
        }
    }

    @Test
    void givenDaveAsksAboutDevToo_heJoinsTheRunningRemediationAndSeesTheLiveMessageInHisChannel()
            throws Exception {
        try (RemediationRig rig = new RemediationRig(seed())) {
            RemediationWorkflow wf = rig.start("dev", RemediationRig.policy());
            String fingerprint = rig.awaitApprovalButtons(ALICE_CHAT, "dev");
            JoinResult joined = wf.join(new JoinRequest(DAVE, DAVE_CHAT));
            assertThat(joined.joinedExisting()).isTrue();
            assertThat(joined.message()).contains("already being handled").contains("requested by alice");
            assertThat(rig.awaitApprovalButtons(DAVE_CHAT, "dev")).isEqualTo(fingerprint);
            // Dave asked too, so with four-eyes on he cannot approve either.
            assertThat(wf.decide(new DecisionRequest(DAVE, Decision.APPROVE, fingerprint)).verdict())
                    .isEqualTo(DecisionVerdict.SELF_APPROVAL);
            wf.decide(new DecisionRequest(BOB, Decision.APPROVE, fingerprint));
            assertThat(result(wf).outcome()).isEqualTo(RemediationPhase.DONE);
            // Each conversation gets the summary and the report once.
            assertThat(rig.chat.posts(DAVE_CHAT)).hasSize(2);
            assertThat(rig.chat.posts(ALICE_CHAT)).hasSize(2);
            assertThat(rig.chat.live(DAVE_CHAT, rig.workflowId("dev")).orElseThrow().title()).endsWith(": done");
        }
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    static Scenario seed() {
        return ScenarioLoader.loadBuiltIn("seed-incident");
    }

    static String seedYaml() throws IOException {
        try (InputStream in = RemediationWorkflowTest.class.getResourceAsStream("/scenarios/seed-incident.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static RemediationSummary result(RemediationWorkflow wf) {
        return WorkflowStub.fromTyped(wf).getResult(RemediationSummary.class);
    }

    private static List<RouteEntry> routes(RemediationRig rig) {
        return rig.sandbox.vpc().server().entries("vtb-hz001").stream()
                .filter(e -> e.destinationCidrBlock().equals(ROUTE)).toList();
    }

    private static void assertNamespaceGone(RemediationRig rig, String namespace) {
        try (var k = rig.sandbox.cluster().newClient()) {
            assertThat(k.namespaces().withName(namespace).get()).isNull();
        }
    }

    private static String updateOutcome(HistoryEvent e) {
        var outcome = e.getWorkflowExecutionUpdateCompletedEventAttributes().getOutcome();
        return DefaultDataConverter.STANDARD_INSTANCE.fromPayloads(0,
                java.util.Optional.of(outcome.getSuccess()), DecisionResult.class, DecisionResult.class).toString();
    }
}
