package dev.unstuck.diagnosis;

import dev.unstuck.config.ClusterConnection;
import dev.unstuck.config.ClusterTarget;
import dev.unstuck.remediation.PlanStep;
import dev.unstuck.remediation.PreflightVerdict;
import dev.unstuck.remediation.RemediationAction;
import dev.unstuck.sandbox.Sandbox;
import dev.unstuck.sandbox.ScenarioLoader;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every cause kind, found the way it would be on a real cluster: the real fabric8 client and the real VPC SDK
 * against the sandbox's Kubernetes API and VPC OpenAPI, nothing of ours mocked.
 */
class CauseKindsOnSandboxTest {

    private static Diagnosis diagnose(String scenario, String namespace) {
        try (Sandbox sandbox = Sandbox.start(ScenarioLoader.loadBuiltIn(scenario));
             ClusterConnection cluster = ClusterConnection.open(ClusterTarget.of(sandbox))) {
            return cluster.engine().diagnose(namespace);
        }
    }

    private static List<CauseKind> kinds(Diagnosis d) {
        return d.causes().stream().map(Cause::kind).toList();
    }

    private static Cause cause(Diagnosis d, CauseKind kind) {
        return d.causes().stream().filter(c -> c.kind() == kind).findFirst().orElseThrow();
    }

    @Test
    void givenTheSeedIncident_theChainEndsAtTheMissingRouteAndTheBrokenRouteController() {
        Diagnosis d = diagnose("seed-incident", "dev");

        assertThat(d.state()).isEqualTo(NamespaceState.STUCK);
        assertThat(kinds(d)).containsExactly(CauseKind.DISCOVERY_FAILURE, CauseKind.APISERVICE_UNAVAILABLE,
                CauseKind.POD_UNREACHABLE_FROM_CONTROL_PLANE, CauseKind.VPC_ROUTE_MISSING,
                CauseKind.ROUTE_CONTROLLER_FAILING);
        assertThat(cause(d, CauseKind.DISCOVERY_FAILURE).evidence()).anyMatch(e -> e.contains(
                "Discovery failed for some groups, 1 failing: unable to retrieve the complete list of server APIs:"
                        + " metrics.k8s.io/v1beta1: the server is currently unable to handle the request"));
        assertThat(cause(d, CauseKind.APISERVICE_UNAVAILABLE).evidence())
                .anyMatch(e -> e.contains("v1beta1.metrics.k8s.io") && e.contains("FailedDiscoveryCheck"));
        assertThat(cause(d, CauseKind.POD_UNREACHABLE_FROM_CONTROL_PLANE).evidence()).anyMatch(e ->
                e.contains("metrics-server-6d5b7f9c7-x2x7q") && e.contains("172.16.1.12")
                        && e.contains("cn-hangzhou.192.168.0.194") && e.contains("172.16.1.0/24")
                        && e.contains("i-node2"));
        assertThat(cause(d, CauseKind.VPC_ROUTE_MISSING).summary()).contains("172.16.1.0/24 -> i-node2", "vtb-hz001");
        assertThat(cause(d, CauseKind.ROUTE_CONTROLLER_FAILING).evidence())
                // The real route controller fails its table lookup before it touches nodes: the evidence is its
                // SyncRouteFailed event on the synthetic route-controller object, not a node condition.
                .noneMatch(e -> e.contains("NoRouteCreated"))
                .anyMatch(e -> e.contains("SyncRouteFailed") && e.contains("route-controller")
                        && e.contains("no route tables found by vpc id[vpc-typo01]"))
                .anyMatch(e -> e.contains("no route tables found by vpc id[vpc-typo01]"))
                .anyMatch(e -> e.contains("VPC vpc-typo01 does not exist"));
        assertThat(d.plan()).singleElement().satisfies(step -> {
            assertThat(step.action()).isEqualTo(RemediationAction.CREATE_ROUTE_ENTRY);
            assertThat(step.parameters()).isEqualTo(Map.of("routeTableId", "vtb-hz001", "destinationCidrBlock",
                    "172.16.1.0/24", "nextHopType", "Instance", "nextHopId", "i-node2"));
        });
        assertThat(d.plan().get(0).preflight().verdict()).isEqualTo(PreflightVerdict.WOULD_SUCCEED);
        assertThat(d.auditPlan()).isEmpty();
    }

    @Test
    void givenAnUninstalledExtension_itProposesDeletingTheLeftoverApiServiceOnly() {
        Diagnosis d = diagnose("uninstalled-extension", "staging");

        assertThat(kinds(d)).containsExactly(CauseKind.DISCOVERY_FAILURE, CauseKind.APISERVICE_UNAVAILABLE,
                CauseKind.APISERVICE_BACKEND_MISSING);
        assertThat(cause(d, CauseKind.APISERVICE_UNAVAILABLE).evidence()).anyMatch(e ->
                e.contains("ServiceNotFound") && e.contains("service/keda-operator-metrics-apiserver in \"keda\" is not present"));
        assertThat(d.plan()).containsExactly(new PlanStep(RemediationAction.DELETE_APISERVICE,
                Map.of("apiService", "v1beta1.external.metrics.k8s.io")));
    }

    @Test
    void givenMetricsServerWithoutReadyEndpoints_itBlamesTheBackendAndProposesNothing() {
        Diagnosis d = diagnose("no-endpoints", "ci-1234");

        assertThat(kinds(d)).containsExactly(CauseKind.DISCOVERY_FAILURE, CauseKind.APISERVICE_UNAVAILABLE,
                CauseKind.APISERVICE_BACKEND_MISSING);
        assertThat(cause(d, CauseKind.APISERVICE_UNAVAILABLE).evidence()).anyMatch(e -> e.contains("MissingEndpoints"));
        assertThat(d.plan()).isEmpty();
    }

    @Test
    void givenAWidgetHeldByAFinalizer_itListsTheObjectAndItsFinalizer() {
        Diagnosis d = diagnose("stuck-finalizer", "legacy");

        assertThat(kinds(d)).containsExactly(CauseKind.CONTENT_REMAINING);
        assertThat(cause(d, CauseKind.CONTENT_REMAINING).evidence())
                .anyMatch(e -> e.contains("example.com/Widget/w1") && e.contains("example.com/cleanup"))
                .anyMatch(e -> e.contains("Some resources are remaining: widgets.example.com has 1 resource instances"));
        assertThat(d.plan()).isEmpty();
    }

    @Test
    void givenANamespaceDeletedTwoMinutesAgo_itIsStillTerminatingNotStuck() {
        Diagnosis d = diagnose("stuck-finalizer", "scratch");

        assertThat(d.state()).isEqualTo(NamespaceState.TERMINATING);
        assertThat(d.causes()).isEmpty();
        assertThat(d.plan()).isEmpty();
    }

    @Test
    void givenAWebhookThatDeniesDeletes_itQuotesTheContentDeletionFailure() {
        Diagnosis d = diagnose("content-deletion-failed", "archive");

        assertThat(kinds(d)).startsWith(CauseKind.CONTENT_DELETION_FAILED);
        assertThat(cause(d, CauseKind.CONTENT_DELETION_FAILED).evidence()).anyMatch(e -> e.contains(
                "admission webhook \"backups.backup.example.com\" denied the request"));
    }

    @Test
    void givenAMalformedGroupVersion_itQuotesTheParsingFailure() {
        Diagnosis d = diagnose("group-version-parsing", "tools");

        assertThat(kinds(d)).containsExactly(CauseKind.GROUP_VERSION_PARSING_FAILED);
        assertThat(cause(d, CauseKind.GROUP_VERSION_PARSING_FAILED).evidence())
                .anyMatch(e -> e.contains("unexpected GroupVersion string: example.com/v1/beta"));
    }

    @Test
    void givenTwoApiServicesOnTwoNodes_itPlansBothRoutesAndOffersTheThirdSeparately() {
        Diagnosis d = diagnose("two-apiservices-two-nodes", "dev");

        assertThat(d.causes().stream().filter(c -> c.kind() == CauseKind.VPC_ROUTE_MISSING)).hasSize(2);
        assertThat(d.plan()).extracting(s -> s.parameter("destinationCidrBlock"))
                .containsExactlyInAnyOrder("172.16.1.0/24", "172.16.2.0/24");
        assertThat(cause(d, CauseKind.NODE_ROUTES_MISSING).evidence())
                .anyMatch(e -> e.contains("172.16.3.0/24 -> i-node4"));
        assertThat(d.auditPlan()).extracting(s -> s.parameter("nextHopId")).containsExactly("i-node4");
    }

    @Test
    void givenARouteToAReplacedInstance_itReportsTheConflictAndPlansNoWrite() {
        Diagnosis d = diagnose("route-conflict", "dev");

        assertThat(cause(d, CauseKind.ROUTE_CONFLICT).evidence()).anyMatch(e -> e.contains("172.16.1.0/24 -> Instance i-old2"));
        assertThat(d.plan()).isEmpty();
        assertThat(d.auditPlan()).isEmpty();
    }

    @Test
    void givenAPendingRoute_itSaysToWaitRatherThanWrite() {
        Diagnosis d = diagnose("route-pending", "dev");

        assertThat(cause(d, CauseKind.ROUTE_NOT_AVAILABLE).summary()).contains("Pending");
        assertThat(d.plan()).isEmpty();
    }

    @Test
    void givenAnActiveOrMissingNamespace_itGivesAVerdictAndNoPlan() {
        try (Sandbox sandbox = Sandbox.start(ScenarioLoader.loadBuiltIn("seed-incident"));
             ClusterConnection cluster = ClusterConnection.open(ClusterTarget.of(sandbox))) {
            Diagnosis payments = cluster.engine().diagnose("payments");
            Diagnosis ghost = cluster.engine().diagnose("does-not-exist");

            assertThat(payments.state()).isEqualTo(NamespaceState.ACTIVE);
            assertThat(payments.verdict()).contains("payments");
            assertThat(ghost.state()).isEqualTo(NamespaceState.NOT_FOUND);
            assertThat(payments.plan()).isEmpty();
            assertThat(ghost.plan()).isEmpty();
        }
    }
}
