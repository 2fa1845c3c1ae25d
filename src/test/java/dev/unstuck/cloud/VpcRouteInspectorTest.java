package dev.unstuck.cloud;

import dev.unstuck.diagnosis.Cause;
import dev.unstuck.diagnosis.CauseKind;
import dev.unstuck.diagnosis.CloudControllerInfo;
import dev.unstuck.diagnosis.NetworkFindings;
import dev.unstuck.diagnosis.NetworkQuery;
import dev.unstuck.diagnosis.NodeInfo;
import dev.unstuck.diagnosis.PodNetworkPath;
import dev.unstuck.remediation.PlanStep;
import dev.unstuck.remediation.Preflight;
import dev.unstuck.remediation.PreflightVerdict;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static dev.unstuck.cloud.ScriptedVpcApi.VPC;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which route table must carry a node's route, as the VPC router decides it: the one bound to the vSwitch the
 * control plane sends from. Two tables throughout unless a test says otherwise: the System table vtb-sys (used by the
 * control plane's vSwitch vsw-cp) and the custom table vtb-workers bound to the workers' vSwitch vsw-workers.
 */
class VpcRouteInspectorTest {
    private static final NodeInfo MASTER = node("master-1", "192.168.0.10", "172.16.0.0/24", "i-master1", true);
    private static final NodeInfo NODE1 = node("node1", "192.168.1.11", "172.16.2.0/24", "i-node1", false);
    private static final NodeInfo NODE2 = node("node2", "192.168.1.12", "172.16.1.0/24", "i-node2", false);
    private static final PodNetworkPath METRICS_ON_NODE2 = new PodNetworkPath("v1beta1.metrics.k8s.io",
            "kube-system", "metrics-server-7d9", "172.16.1.5", "node2", "172.16.1.0/24", "cn-hangzhou", "i-node2");

    private final ScriptedVpcApi vpc = new ScriptedVpcApi()
            .tables(table("vtb-sys", "System", "vsw-cp"), table("vtb-workers", "Custom", "vsw-workers"))
            .vSwitch("vsw-cp", "192.168.0.0/24")
            .vSwitch("vsw-workers", "192.168.1.0/24");
    private final FakeTime time = new FakeTime();
    private final CloudRetry retry = new CloudRetry(new RepairPolicy(3, Duration.ofMillis(10), Duration.ofMillis(50),
            Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofMillis(10), Duration.ofMillis(50)), time, time,
            new Random(5));

    private static NodeInfo node(String name, String ip, String podCidr, String instance, boolean controlPlane) {
        return new NodeInfo(name, ip, podCidr, "cn-hangzhou." + instance, "cn-hangzhou", instance, controlPlane,
                List.of());
    }

    private static RouteTable table(String id, String type, String... vSwitches) {
        return new RouteTable(id, VPC, type, "Available", List.of(vSwitches));
    }

    private static Optional<CloudControllerInfo> ccmManaging(String... tables) {
        return Optional.of(new CloudControllerInfo("kube-system", "cloud-controller-manager-x", VPC,
                "kube-system/cloud-config", List.of(tables), List.of()));
    }

    private VpcRouteInspector inspector(VpcRouteSettings settings) {
        return new VpcRouteInspector(vpc, settings, retry);
    }

    private NetworkFindings inspect(List<NodeInfo> nodes, Optional<CloudControllerInfo> ccm) {
        return inspector(VpcRouteSettings.of(VPC, List.of()))
                .inspect(new NetworkQuery(List.of(METRICS_ON_NODE2), nodes, ccm, true));
    }

    private void workersTableHoldsEveryWorkerRoute() {
        vpc.add("vtb-workers", "172.16.0.0/24", "i-master1", RouteEntryStatus.AVAILABLE);
        vpc.add("vtb-workers", "172.16.1.0/24", "i-node2", RouteEntryStatus.AVAILABLE);
        vpc.add("vtb-workers", "172.16.2.0/24", "i-node1", RouteEntryStatus.AVAILABLE);
    }

    private static Cause only(List<Cause> causes, CauseKind kind) {
        assertThat(causes).filteredOn(c -> c.kind() == kind).hasSize(1);
        return causes.stream().filter(c -> c.kind() == kind).findFirst().orElseThrow();
    }

    private static String describe(PlanStep step) {
        return step.parameter("routeTableId") + " " + step.parameter("destinationCidrBlock") + " -> "
                + step.parameter("nextHopId");
    }

    @Test
    void givenTheCustomRouteTableScenario_exactlyOneEntryIsPlannedInTheSystemTableAndTheCauseSaysWhy() {
        workersTableHoldsEveryWorkerRoute();

        NetworkFindings f = inspect(List.of(MASTER, NODE1, NODE2), ccmManaging("vtb-workers"));

        assertThat(f.problem()).isNull();
        assertThat(f.plan()).extracting(VpcRouteInspectorTest::describe)
                .containsExactly("vtb-sys 172.16.1.0/24 -> i-node2");
        Cause missing = only(f.pathCauses(), CauseKind.VPC_ROUTE_MISSING);
        assertThat(missing.summary()).contains("172.16.1.0/24 -> i-node2", "missing from route table vtb-sys",
                "vSwitch vsw-cp of control-plane node master-1 (192.168.0.10) is bound to no custom table, so it"
                        + " uses the System table vtb-sys");
        assertThat(missing.evidence()).anyMatch(e -> e.startsWith("route table vtb-workers holds")
                && e.contains("172.16.1.0/24 -> Instance i-node2 (Available, Custom)")
                && e.contains("forwards only traffic leaving vSwitch vsw-workers"));
        assertThat(f.routeControllerEvidence()).contains("route table vtb-sys carries the control plane's traffic"
                + " but the cloud-controller-manager manages only vtb-workers (routeTableIDs): it will never restore"
                + " this route");
        assertThat(f.auditCauses()).isEmpty();
        assertThat(f.auditPlan()).isEmpty();
    }

    @Test
    void givenTheControlPlaneVSwitchBoundToACustomTable_theRouteIsPlannedInThatTable() {
        vpc.tables(table("vtb-sys", "System"), table("vtb-cp", "Custom", "vsw-cp"),
                table("vtb-workers", "Custom", "vsw-workers"));
        workersTableHoldsEveryWorkerRoute();

        NetworkFindings f = inspect(List.of(MASTER, NODE1, NODE2), ccmManaging("vtb-workers"));

        assertThat(f.plan()).extracting(VpcRouteInspectorTest::describe)
                .containsExactly("vtb-cp 172.16.1.0/24 -> i-node2");
        assertThat(only(f.pathCauses(), CauseKind.VPC_ROUTE_MISSING).summary())
                .contains("vSwitch vsw-cp of control-plane node master-1 (192.168.0.10) is bound to vtb-cp");
    }

    @Test
    void givenAManagedCluster_theTableOfTheApiServerVSwitchMustCarryTheRoute() {
        vpc.tables(table("vtb-sys", "System"), table("vtb-mgd", "Custom", "vsw-mgd"),
                table("vtb-workers", "Custom", "vsw-workers")).vSwitch("vsw-mgd", "192.168.9.0/24");
        workersTableHoldsEveryWorkerRoute();
        VpcRouteSettings managed = new VpcRouteSettings(VPC, List.of("vtb-workers"), List.of("vsw-mgd"), 200);

        NetworkFindings f = inspector(managed).inspect(new NetworkQuery(List.of(METRICS_ON_NODE2),
                List.of(NODE1, NODE2), Optional.empty(), true));

        assertThat(f.plan()).extracting(VpcRouteInspectorTest::describe)
                .containsExactly("vtb-mgd 172.16.1.0/24 -> i-node2");
        assertThat(only(f.pathCauses(), CauseKind.VPC_ROUTE_MISSING).summary()).contains("vSwitch vsw-mgd, from"
                + " which the managed control plane reaches the VPC (api-server-vswitch-ids), is bound to vtb-mgd");
        assertThat(f.routeControllerEvidence()).anyMatch(e -> e.contains("manages only vtb-workers (route-table-ids)"));
    }

    @Test
    void givenControlPlaneNodesInTwoVSwitches_everyDistinctSourceTableMustCarryTheRoute() {
        vpc.tables(table("vtb-sys", "System", "vsw-cp"), table("vtb-cp2", "Custom", "vsw-cp2"),
                table("vtb-workers", "Custom", "vsw-workers")).vSwitch("vsw-cp2", "192.168.2.0/24");
        NodeInfo master2 = node("master-2", "192.168.2.10", "172.16.3.0/24", "i-master2", true);
        vpc.add("vtb-cp2", "172.16.1.0/24", "i-node2", RouteEntryStatus.AVAILABLE);

        NetworkFindings f = inspect(List.of(MASTER, master2, NODE1, NODE2), Optional.empty());

        assertThat(f.plan()).extracting(VpcRouteInspectorTest::describe)
                .containsExactly("vtb-sys 172.16.1.0/24 -> i-node2");

        vpc.entries.clear();
        NetworkFindings both = inspect(List.of(MASTER, master2, NODE1, NODE2), Optional.empty());

        assertThat(both.plan()).extracting(VpcRouteInspectorTest::describe)
                .containsExactly("vtb-sys 172.16.1.0/24 -> i-node2", "vtb-cp2 172.16.1.0/24 -> i-node2");
        assertThat(both.pathCauses()).filteredOn(c -> c.kind() == CauseKind.VPC_ROUTE_MISSING).hasSize(2);
    }

    @Test
    void withoutVSwitchInformation_theSystemTableIsAssumedAndTheEvidenceSaysSo() {
        vpc.vSwitchFailure = CloudErrors.exception("DescribeVSwitches", "Forbidden.RAM", 403, "denied", "req-7",
                null);
        workersTableHoldsEveryWorkerRoute();

        NetworkFindings f = inspect(List.of(MASTER, NODE1, NODE2), ccmManaging("vtb-workers"));

        assertThat(f.plan()).extracting(VpcRouteInspectorTest::describe)
                .containsExactly("vtb-sys 172.16.1.0/24 -> i-node2");
        assertThat(only(f.pathCauses(), CauseKind.VPC_ROUTE_MISSING).evidence()).anyMatch(e ->
                e.contains("the vSwitches of VPC vpc-1 could not be read") && e.contains("vpc:DescribeVSwitches")
                        && e.endsWith("assuming the System table vtb-sys"));
    }

    @Test
    void givenAControlPlaneNodeInNoKnownVSwitch_theSystemTableIsAssumedAndTheEvidenceSaysSo() {
        NodeInfo stray = node("master-x", "10.9.9.9", "172.16.9.0/24", "i-masterx", true);

        NetworkFindings f = inspect(List.of(stray, NODE1, NODE2), Optional.empty());

        assertThat(f.plan()).extracting(VpcRouteInspectorTest::describe)
                .containsExactly("vtb-sys 172.16.1.0/24 -> i-node2");
        assertThat(only(f.pathCauses(), CauseKind.VPC_ROUTE_MISSING).evidence()).contains("no vSwitch of VPC vpc-1"
                + " contains the InternalIP of control-plane node master-x (10.9.9.9): assuming the System table"
                + " vtb-sys");
    }

    @Test
    void givenNoControlPlaneNodeAndNoApiServerVSwitch_theSystemTableIsAssumedAndTheEvidenceSaysSo() {
        NetworkFindings f = inspect(List.of(NODE1, NODE2), Optional.empty());

        assertThat(f.plan()).extracting(VpcRouteInspectorTest::describe)
                .containsExactly("vtb-sys 172.16.1.0/24 -> i-node2");
        assertThat(only(f.pathCauses(), CauseKind.VPC_ROUTE_MISSING).evidence()).anyMatch(e -> e.startsWith(
                "no node is marked control-plane and the cluster sets no api-server-vswitch-ids"));
    }

    @Test
    void givenSeveralTablesAndNoneConfigured_theEvidenceQuotesTheCcmsOwnFailureAndTheSourceTableIsAudited() {
        NetworkFindings f = inspect(List.of(MASTER, NODE1, NODE2), Optional.empty());

        assertThat(f.routeControllerEvidence()).anyMatch(e -> e.contains(
                "\"multiple route tables found by vpc id[vpc-1], length(tables)=2\""));
        Cause audit = only(f.auditCauses(), CauseKind.NODE_ROUTES_MISSING);
        assertThat(audit.summary()).startsWith("route table vtb-sys: 3 of 3 nodes");
        assertThat(f.auditPlan()).extracting(VpcRouteInspectorTest::describe).containsExactly(
                "vtb-sys 172.16.0.0/24 -> i-master1", "vtb-sys 172.16.2.0/24 -> i-node1");
    }

    @Test
    void theAuditChecksEveryTableTheCcmManagesWithItsOwnSteps() {
        vpc.tables(table("vtb-sys", "System", "vsw-cp"), table("vtb-a", "Custom", "vsw-workers"),
                table("vtb-b", "Custom"));
        vpc.add("vtb-sys", "172.16.1.0/24", "i-node2", RouteEntryStatus.AVAILABLE);
        vpc.add("vtb-a", "172.16.0.0/24", "i-master1", RouteEntryStatus.AVAILABLE);
        vpc.add("vtb-a", "172.16.1.0/24", "i-node2", RouteEntryStatus.AVAILABLE);
        vpc.add("vtb-b", "172.16.0.0/24", "i-master1", RouteEntryStatus.AVAILABLE);
        vpc.add("vtb-b", "172.16.2.0/24", "i-node1", RouteEntryStatus.AVAILABLE);

        NetworkFindings f = inspect(List.of(MASTER, NODE1, NODE2), ccmManaging("vtb-a", "vtb-b"));

        assertThat(f.pathCauses()).isEmpty();
        assertThat(f.plan()).isEmpty();
        assertThat(f.auditCauses()).extracting(Cause::summary).satisfiesExactly(
                a -> assertThat(a).startsWith("route table vtb-a: 1 of 3 nodes"),
                b -> assertThat(b).startsWith("route table vtb-b: 1 of 3 nodes"));
        assertThat(f.auditPlan()).extracting(VpcRouteInspectorTest::describe).containsExactly(
                "vtb-a 172.16.2.0/24 -> i-node1", "vtb-b 172.16.1.0/24 -> i-node2");
    }

    @Test
    void aDestinationRoutedElsewhereInTheSourceTableIsAConflictAndNothingIsWritten() {
        vpc.add("vtb-sys", "172.16.1.0/24", "i-old2", RouteEntryStatus.AVAILABLE);
        workersTableHoldsEveryWorkerRoute();

        NetworkFindings f = inspect(List.of(MASTER, NODE1, NODE2), ccmManaging("vtb-workers"));

        assertThat(only(f.pathCauses(), CauseKind.ROUTE_CONFLICT).summary())
                .contains("route table vtb-sys sends 172.16.1.0/24 to Instance i-old2 instead of i-node2");
        assertThat(f.plan()).isEmpty();
        assertThat(f.auditPlan()).isEmpty();
    }

    @Test
    void anEntryStillCreatingIsNotAvailableAndNothingIsWritten() {
        vpc.entries.add(new RouteEntry("rte-c", "vtb-sys", "172.16.1.0/24", "Instance", "i-node2",
                RouteEntryStatus.parse("Creating"), "Custom", ""));

        NetworkFindings f = inspect(List.of(MASTER, NODE1, NODE2), ccmManaging("vtb-sys"));

        assertThat(only(f.pathCauses(), CauseKind.ROUTE_NOT_AVAILABLE).summary())
                .contains("172.16.1.0/24 -> i-node2", "vtb-sys", "Pending, not Available yet");
        assertThat(f.plan()).isEmpty();
    }

    @Test
    void anEntryTheCloudReportsCreatedCarriesTheRoute() {
        vpc.entries.add(new RouteEntry("rte-c", "vtb-sys", "172.16.1.0/24", "Instance", "i-node2",
                RouteEntryStatus.parse("Created"), "Custom", ""));

        NetworkFindings f = inspect(List.of(MASTER, NODE1, NODE2), ccmManaging("vtb-sys"));

        assertThat(f.pathCauses()).isEmpty();
        assertThat(f.plan()).isEmpty();
    }

    @Test
    void aPodCidrClaimedByTwoNodesIsNeverWrittenBecauseTheCcmWouldDeleteIt() {
        NodeInfo ghost = node("node2-old", "192.168.1.99", "172.16.1.0/24", "i-old2", false);

        NetworkFindings f = inspect(List.of(MASTER, NODE1, NODE2, ghost), ccmManaging("vtb-sys"));

        assertThat(only(f.pathCauses(), CauseKind.ROUTE_CONFLICT).evidence())
                .contains("node node2 has podCIDR 172.16.1.0/24 on instance i-node2",
                        "node node2-old has podCIDR 172.16.1.0/24 on instance i-old2");
        assertThat(f.plan()).isEmpty();
        assertThat(f.auditPlan()).noneMatch(s -> "172.16.1.0/24".equals(s.parameter("destinationCidrBlock")));
    }

    @Test
    void onAPodNetworkWithoutNodeRoutesNothingIsAudited() {
        NetworkFindings f = inspector(VpcRouteSettings.of(VPC, List.of())).inspect(new NetworkQuery(
                List.of(METRICS_ON_NODE2), List.of(MASTER, NODE1, NODE2), ccmManaging("vtb-sys"), false));

        assertThat(f.auditCauses()).isEmpty();
        assertThat(f.auditPlan()).isEmpty();
    }

    @Test
    void aConfiguredTableTheVpcDoesNotHaveIsNamedAndNotRead() {
        VpcRouteSettings typo = new VpcRouteSettings(VPC, List.of("vtb-typo"), List.of(), 200);

        NetworkFindings f = inspector(typo).inspect(new NetworkQuery(List.of(METRICS_ON_NODE2),
                List.of(MASTER, NODE1, NODE2), Optional.empty(), true));

        assertThat(f.problem()).isNull();
        assertThat(f.routeControllerEvidence()).anyMatch(e -> e.contains("manages route table vtb-typo"
                + " (route-table-ids), which VPC vpc-1 does not have"));
        assertThat(f.plan()).extracting(VpcRouteInspectorTest::describe)
                .containsExactly("vtb-sys 172.16.1.0/24 -> i-node2");
    }

    // ---- pre-flight ----------------------------------------------------------------------------------------------

    @Test
    void everyProposedWriteIsDryRunAndCarriesTheTablesCustomEntryCount() {
        for (int i = 0; i < 12; i++) {
            vpc.add("vtb-sys", "10.8." + i + ".0/24", "i-other" + i, RouteEntryStatus.AVAILABLE);
        }

        NetworkFindings f = inspect(List.of(MASTER, NODE1, NODE2), ccmManaging("vtb-sys"));

        assertThat(f.plan()).singleElement().satisfies(s -> assertThat(s.preflight()).isEqualTo(new Preflight(
                PreflightVerdict.WOULD_SUCCEED, null, "the cloud accepted a dry run of this write", 12, 200)));
        assertThat(f.auditPlan()).isNotEmpty().allSatisfy(s ->
                assertThat(s.preflight().verdict()).isEqualTo(PreflightVerdict.WOULD_SUCCEED));
        assertThat(vpc.dryRuns).extracting(CreateRouteEntryRequest::routeTableId).containsOnly("vtb-sys");
        assertThat(vpc.dryRuns).allSatisfy(r -> assertThat(r.clientToken()).isNull());
        assertThat(vpc.creates).isEmpty();
    }

    @Test
    void aFullTableWouldFailAndSaysHowFull() {
        for (int i = 0; i < 200; i++) {
            vpc.add("vtb-sys", "10." + (i / 256) + "." + (i % 256) + ".0/24", "i-other", RouteEntryStatus.AVAILABLE);
        }
        vpc.dryRunFailures.add(ScriptedVpcApi.error("QuotaExceeded", 400));

        NetworkFindings f = inspect(List.of(MASTER, NODE1, NODE2), ccmManaging("vtb-sys"));

        assertThat(f.plan()).singleElement().satisfies(s -> {
            assertThat(s.preflight().verdict()).isEqualTo(PreflightVerdict.WOULD_FAIL);
            assertThat(s.preflight().code()).isEqualTo("QuotaExceeded");
            assertThat(s.preflight().message()).isEqualTo("vtb-sys holds 200 of 200 custom entries");
        });
        assertThat(f.auditPlan()).isNotEmpty().allSatisfy(s -> assertThat(s.preflight().code())
                .isEqualTo("QuotaExceeded"));
        assertThat(vpc.dryRuns).hasSize(1);
    }

    @Test
    void anAccountWhoseQuotaIsLowerThanConfiguredIsToldSoInsteadOfQuotingTheWrongLimit() {
        for (int i = 0; i < 48; i++) {
            vpc.add("vtb-sys", "10.9." + i + ".0/24", "i-ci" + i, RouteEntryStatus.AVAILABLE);
        }
        vpc.dryRunFailures.add(ScriptedVpcApi.error("QuotaExceeded", 400));

        NetworkFindings f = inspect(List.of(MASTER, NODE1, NODE2), ccmManaging("vtb-sys"));

        assertThat(f.plan()).singleElement().satisfies(s -> assertThat(s.preflight().message()).isEqualTo(
                "vtb-sys holds 48 custom entries, the most this account allows (the routeEntryQuota setting says"
                        + " 200)"));
    }

    @Test
    void aThrottledCheckIsUnknownNeverWouldFail() {
        vpc.dryRunFailures.add(ScriptedVpcApi.error("Throttling.User", 400));

        NetworkFindings f = inspect(List.of(MASTER, NODE1, NODE2), ccmManaging("vtb-sys"));

        assertThat(f.plan()).singleElement().satisfies(s -> {
            assertThat(s.preflight().verdict()).isEqualTo(PreflightVerdict.UNKNOWN);
            assertThat(s.preflight().code()).isEqualTo("Throttling.User");
        });
    }

    @Test
    void aThousandNodeAuditCostsAConstantNumberOfCallsBesidesTheListings() {
        List<NodeInfo> nodes = new ArrayList<>(List.of(MASTER, NODE1, NODE2));
        for (int i = 0; i < 1000; i++) {
            nodes.add(node("w" + i, "192.168.1." + (i % 250), "10.20." + (i / 250) + "." + (i % 250) + "/32",
                    "i-w" + i, false));
        }

        NetworkFindings f = inspect(nodes, ccmManaging("vtb-sys"));

        assertThat(f.auditPlan()).hasSize(1002);
        assertThat(vpc.calls("DescribeVpcAttribute")).isEqualTo(1);
        assertThat(vpc.calls("DescribeRouteTableList")).isEqualTo(1);
        assertThat(vpc.calls("DescribeVSwitches")).isEqualTo(1);
        assertThat(vpc.calls("DescribeRouteEntryList")).as("one listing of the one table that matters").isEqualTo(1);
        assertThat(vpc.calls("CreateRouteEntry?DryRun")).isEqualTo(RoutePreflight.MAX_DRY_RUNS);
        assertThat(f.auditPlan().subList(RoutePreflight.MAX_DRY_RUNS, 1002)).allSatisfy(s ->
                assertThat(s.preflight().verdict()).isEqualTo(PreflightVerdict.UNKNOWN));
    }

    @Test
    void aPermissionRefusalCoversTheTablesOtherWritesWithoutAskingAgain() {
        vpc.dryRunFailures.add(CloudErrors.exception("CreateRouteEntry", "Forbidden.RAM", 403, "denied", "req-3",
                null));

        NetworkFindings f = inspect(List.of(MASTER, NODE1, NODE2), ccmManaging("vtb-sys"));

        List<PlanStep> all = new ArrayList<>(f.plan());
        all.addAll(f.auditPlan());
        assertThat(all).hasSize(3).allSatisfy(s -> {
            assertThat(s.preflight().verdict()).isEqualTo(PreflightVerdict.WOULD_FAIL);
            assertThat(s.preflight().code()).isEqualTo("Forbidden.RAM");
        });
        assertThat(vpc.dryRuns).hasSize(1);
    }
}
