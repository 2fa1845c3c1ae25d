package dev.unstuck.diagnosis;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static dev.unstuck.diagnosis.DiagnosisEngineTest.NOW;
import static dev.unstuck.diagnosis.DiagnosisEngineTest.cause;
import static dev.unstuck.diagnosis.DiagnosisEngineTest.cond;
import static dev.unstuck.diagnosis.DiagnosisEngineTest.kinds;
import static dev.unstuck.diagnosis.DiagnosisEngineTest.noRouteCreated;
import static dev.unstuck.diagnosis.IncidentFixture.ecsNode;
import static dev.unstuck.diagnosis.IncidentFixture.pod;
import static dev.unstuck.diagnosis.IncidentFixture.timeout;
import static org.assertj.core.api.Assertions.assertThat;

/** The cloud-controller-manager's route controller as today's and older releases report their failures. */
class RouteControllerDiagnosisTest {

    static final String NODE = "cn-hangzhou.192.168.0.194";

    final IncidentFixture f = new IncidentFixture();

    void seed(Condition... node194) {
        f.stuckOnMetrics("dev").dedicatedFlannelNodes(node194)
                .metricsApiService(timeout("172.16.1.12"), pod("metrics-server-1", "172.16.1.12", NODE));
    }

    static CloudControllerInfo ccm(List<String> routeTables, String... log) {
        return new CloudControllerInfo("kube-system", "cloud-controller-manager-7f8b9", "vpc-typo01",
                "configmap kube-system/cloud-config", routeTables, List.of(log));
    }

    @Test
    @DisplayName("given SyncRouteFailed on the synthetic route-controller object and DescriberRouteFailed on the node, "
            + "both are quoted and the summary says the controller finds no route table in vpc-typo01")
    void currentEvents() {
        seed();
        f.cluster.cloudController = ccm(List.of());
        f.cluster.events.add(new ClusterEvent("Event", "route-controller", "SyncRouteFailed",
                "Reconciling route error: no route tables found by vpc id [vpc-typo01]", 3, NOW.minusSeconds(30)));
        f.cluster.events.add(new ClusterEvent("Node", NODE, "DescriberRouteFailed",
                "Describe Route Failed for vtb-hz001 reason: Forbidden.RAM", 1, NOW.minusSeconds(90)));
        f.cluster.events.add(new ClusterEvent("Node", "cn-hangzhou.192.168.0.193", "CreateRouteFailed",
                "not on a suspect path", 1, NOW));

        Diagnosis d = f.diagnose("dev");

        Cause failing = cause(d, CauseKind.ROUTE_CONTROLLER_FAILING);
        assertThat(failing.summary()).isEqualTo("advisory: the cloud-controller-manager's route controller is failing "
                + "(it finds no route table in VPC vpc-typo01), so missing VPC routes are not restored; check its VPC "
                + "configuration");
        assertThat(failing.evidence()).containsExactly(
                "event DescriberRouteFailed on node cn-hangzhou.192.168.0.194 (x1, last 2026-11-25T09:58:30Z): Describe"
                        + " Route Failed for vtb-hz001 reason: Forbidden.RAM",
                "event SyncRouteFailed on route-controller (x3, last 2026-11-25T09:59:30Z): Reconciling route error: "
                        + "no route tables found by vpc id [vpc-typo01]",
                "cloud-controller-manager kube-system/cloud-controller-manager-7f8b9 is configured with VPC vpc-typo01 "
                        + "(configmap kube-system/cloud-config)");
        assertThat(f.cluster.eventQueries).containsExactly(Set.of(InvolvedObject.node(NODE),
                InvolvedObject.anyKind("route-controller")));
    }

    @Test
    @DisplayName("given the CCM's configured route tables, the report names them next to its VPC")
    void configuredRouteTables() {
        seed(noRouteCreated());
        f.cluster.cloudController = ccm(List.of("vtb-a", "vtb-b"));

        Diagnosis d = f.diagnose("dev");

        assertThat(cause(d, CauseKind.ROUTE_CONTROLLER_FAILING).evidence()).contains("cloud-controller-manager "
                + "kube-system/cloud-controller-manager-7f8b9 is configured with VPC vpc-typo01 and route tables "
                + "vtb-a, vtb-b (configmap kube-system/cloud-config)");
    }

    @Test
    @DisplayName("given events that cannot be read, the CCM log still shows the failure and the report says the events "
            + "were not read")
    void eventsUnreadable() {
        seed();
        f.cluster.eventsProblem = "events could not be read: forbidden (403)";
        f.cluster.cloudController = ccm(List.of(), "E1125 07:12:03.298170 1 route_controller.go:231] sync route "
                + "tables error: get RouteTables: multiple route tables found by vpc id[vpc-typo01], length(tables)=2");

        Diagnosis d = f.diagnose("dev");

        Cause failing = cause(d, CauseKind.ROUTE_CONTROLLER_FAILING);
        assertThat(failing.summary()).contains("(VPC vpc-typo01 has several route tables and cloud-config names none "
                + "in Global.routeTableIDs)");
        assertThat(failing.evidence()).contains("events could not be read: forbidden (403)")
                .anyMatch(e -> e.startsWith("cloud-controller-manager log: E1125"));
    }

    @Test
    @DisplayName("given neither events nor the CCM can be read and nothing else speaks for the route controller, no "
            + "advisory is raised and the unreachable pod says what was not checked")
    void nothingReadable() {
        seed();
        f.cluster.eventsProblem = "events could not be read: forbidden (403)";
        f.cluster.cloudControllerProblems.add("cloud-controller-manager pods could not be listed: forbidden (403)");

        Diagnosis d = f.diagnose("dev");

        assertThat(kinds(d)).doesNotContain(CauseKind.ROUTE_CONTROLLER_FAILING);
        assertThat(cause(d, CauseKind.POD_UNREACHABLE_FROM_CONTROL_PLANE).evidence()).endsWith(
                "events could not be read: forbidden (403)",
                "cloud-controller-manager pods could not be listed: forbidden (403)");
    }

    @Test
    @DisplayName("with 2,000 nodes reporting NoRouteCreated, events are asked about the suspect node, ten of them and "
            + "the route-controller object: a fixed set, never every node")
    void eventQueryIsBounded() {
        seed(noRouteCreated());
        for (int i = 0; i < 2000; i++) {
            f.node(ecsNode("worker-" + i, "10.0." + (i / 250) + "." + (i % 250), "172.20." + (i % 250) + ".0/24",
                    "i-bp1w" + i, false, noRouteCreated()));
        }

        f.diagnose("dev");

        assertThat(f.cluster.calls("events")).isEqualTo(1);
        assertThat(f.cluster.eventQueries.get(0)).hasSize(11)
                .contains(InvolvedObject.node(NODE), InvolvedObject.anyKind("route-controller"));
    }

    @Test
    @DisplayName("the older DescriberRouteTablesFailed and 'alicloud: ... routetable' wording are still recognised")
    void olderWording() {
        seed(cond("NetworkUnavailable", "True", "NoRouteCreated", "RouteController failed to create a route"));
        f.cluster.events.add(new ClusterEvent("Node", NODE, "DescriberRouteTablesFailed", "Describe RouteTables "
                + "Failed reason: alicloud: can not found routetable by id[vpc-typo01], error: InvalidVpcId.NotFound",
                4, NOW.minus(Duration.ofMinutes(2))));

        Diagnosis d = f.diagnose("dev");

        assertThat(cause(d, CauseKind.ROUTE_CONTROLLER_FAILING).summary()).contains("(it cannot list the route tables "
                + "of VPC vpc-typo01)");
    }
}
