package dev.unstuck.workflow;

import dev.unstuck.cloud.RouteEntry;
import dev.unstuck.diagnosis.CauseKind;
import dev.unstuck.sandbox.ScenarioLoader;
import dev.unstuck.sandbox.vpc.FakeVpcServer;
import io.temporal.client.WorkflowStub;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.unstuck.workflow.RemediationRig.ALICE_CHAT;
import static dev.unstuck.workflow.RemediationRig.BOB;
import static org.assertj.core.api.Assertions.assertThat;

/** The ACK shapes beyond the seed incident, each run as a remediation on the sandbox behind the real activities. */
class AckScenariosWorkflowTest {

    private static RemediationSummary result(RemediationWorkflow wf) {
        return WorkflowStub.fromTyped(wf).getResult(RemediationSummary.class);
    }

    private static List<RouteEntry> written(RemediationRig rig) {
        return rig.sandbox.vpc().server().routeTables().values().stream().flatMap(List::stream)
                .filter(e -> e.description() != null && e.description().startsWith("unstuck wf=")).toList();
    }

    @Test
    void givenTerway_nothingIsProposedAndThePersonIsToldToCheckSecurityGroups() throws Exception {
        try (RemediationRig rig = new RemediationRig(ScenarioLoader.loadBuiltIn("terway"))) {
            RemediationSummary summary = result(rig.start("dev", RemediationRig.policy()));

            assertThat(summary.outcome()).isEqualTo(RemediationPhase.NOTHING_TO_DO);
            assertThat(summary.causes()).anyMatch(c -> c.startsWith(CauseKind.POD_NETWORK_NOT_ROUTE_BASED.name()));
            assertThat(summary.message()).contains("security groups");
            assertThat(rig.sandbox.vpc().server().requestCount("CreateRouteEntry")).isZero();
        }
    }

    @Test
    void givenABackendThatRefuses_nothingIsProposedAndNoRouteIsWritten() throws Exception {
        try (RemediationRig rig = new RemediationRig(ScenarioLoader.loadBuiltIn("backend-refuses"))) {
            RemediationSummary summary = result(rig.start("dev", RemediationRig.policy()));

            assertThat(summary.outcome()).isEqualTo(RemediationPhase.NOTHING_TO_DO);
            assertThat(summary.causes()).anyMatch(c -> c.startsWith(CauseKind.APISERVICE_BACKEND_FAILING.name())
                    && c.contains("refused"));
            assertThat(rig.sandbox.vpc().server().requestCount("CreateRouteEntry")).isZero();
        }
    }

    @Test
    void givenTheCustomRouteTable_whenBobApproves_exactlyOneEntryIsWrittenInTheSystemTable_andDevIsGone()
            throws Exception {
        try (RemediationRig rig = new RemediationRig(ScenarioLoader.loadBuiltIn("custom-route-table"))) {
            RemediationWorkflow wf = rig.start("dev", RemediationRig.policy());
            wf.decide(new DecisionRequest(BOB, Decision.APPROVE, rig.awaitApprovalButtons(ALICE_CHAT, "dev")));
            RemediationSummary summary = result(wf);

            assertThat(summary.outcome()).as(summary.message()).isEqualTo(RemediationPhase.DONE);
            assertThat(written(rig)).singleElement().satisfies(e -> {
                assertThat(e.routeTableId()).isEqualTo("vtb-system");
                assertThat(e.destinationCidrBlock()).isEqualTo("172.16.1.0/24");
                assertThat(e.nextHopId()).isEqualTo("i-node2");
                assertThat(e.description()).contains(rig.workflowId("dev"));
            });
            assertThat(rig.sandbox.vpc().server().requestCount("CreateRouteEntry")).isEqualTo(1);
        }
    }

    @Test
    void givenAManagedCluster_whenBobApproves_theRouteGoesIntoTheControlPlanesTable_andDevIsGone()
            throws Exception {
        try (RemediationRig rig = new RemediationRig(ScenarioLoader.loadBuiltIn("managed-cluster"))) {
            RemediationWorkflow wf = rig.start("dev", RemediationRig.policy());
            wf.decide(new DecisionRequest(BOB, Decision.APPROVE, rig.awaitApprovalButtons(ALICE_CHAT, "dev")));
            RemediationSummary summary = result(wf);

            assertThat(summary.outcome()).as(summary.message()).isEqualTo(RemediationPhase.DONE);
            assertThat(written(rig)).singleElement().satisfies(e -> {
                assertThat(e.routeTableId()).isEqualTo("vtb-system");
                assertThat(e.destinationCidrBlock()).isEqualTo("172.16.1.0/24");
            });
        }
    }

    @Test
    void givenAFullRouteTable_thePreflightStopsTheRun_nothingIsWrittenAndNothingIsRetried() throws Exception {
        try (RemediationRig rig = new RemediationRig(ScenarioLoader.loadBuiltIn("route-table-full"))) {
            RemediationSummary summary = result(rig.start("dev", RemediationRig.policy()));

            assertThat(summary.outcome()).isEqualTo(RemediationPhase.FAILED);
            assertThat(summary.message()).contains("pre-flight").contains("QuotaExceeded")
                    .contains("48 of 48 custom entries").contains("Nothing was written");
            FakeVpcServer vpc = rig.sandbox.vpc().server();
            assertThat(vpc.requestCount("CreateRouteEntry")).isZero();
            // One dry run per diagnosis, and the run diagnosed once: no retry storm against a hard limit.
            assertThat(vpc.requestCount("CreateRouteEntry" + FakeVpcServer.DRY_RUN)).isEqualTo(1);
            assertThat(written(rig)).isEmpty();
        }
    }
}
