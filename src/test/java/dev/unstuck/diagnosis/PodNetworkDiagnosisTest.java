package dev.unstuck.diagnosis;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.unstuck.diagnosis.DiagnosisEngineTest.cause;
import static dev.unstuck.diagnosis.DiagnosisEngineTest.cond;
import static dev.unstuck.diagnosis.DiagnosisEngineTest.kinds;
import static dev.unstuck.diagnosis.IncidentFixture.ecsNode;
import static dev.unstuck.diagnosis.IncidentFixture.pod;
import static dev.unstuck.diagnosis.IncidentFixture.refused;
import static dev.unstuck.diagnosis.IncidentFixture.timeout;
import static dev.unstuck.diagnosis.IncidentFixture.virtualNode;
import static org.assertj.core.api.Assertions.assertThat;

/** Which paths a VPC route lies on: Terway, virtual nodes, managed clusters, and what the discovery check proves. */
class PodNetworkDiagnosisTest {

    final IncidentFixture f = new IncidentFixture();

    @Test
    @DisplayName("given a Terway cluster whose metrics-server times out, the chain ends at POD_NETWORK_NOT_ROUTE_BASED,"
            + " the plan is empty and the cloud is never asked about routes")
    void terwayTimeout() {
        f.cluster.daemonSets.addAll(List.of("kube-proxy-worker", "terway-eniip", "csi-plugin"));
        f.stuckOnMetrics("dev")
                .node(ecsNode("cn-hangzhou.192.168.0.193", "192.168.0.193", null, "i-node1", true))
                .node(ecsNode("cn-hangzhou.192.168.0.194", "192.168.0.194", null, "i-node2", false))
                .metricsApiService(timeout("172.31.1.15"), pod("metrics-server-5f8c", "172.31.1.15",
                        "cn-hangzhou.192.168.0.194"));

        Diagnosis d = f.diagnose("dev");

        assertThat(kinds(d)).containsExactly(CauseKind.DISCOVERY_FAILURE, CauseKind.APISERVICE_UNAVAILABLE,
                CauseKind.POD_UNREACHABLE_FROM_CONTROL_PLANE, CauseKind.POD_NETWORK_NOT_ROUTE_BASED);
        Cause notRouted = cause(d, CauseKind.POD_NETWORK_NOT_ROUTE_BASED);
        assertThat(notRouted.summary()).startsWith("VPC route entries are not on the path to 172.31.1.15 (APIService "
                + "v1beta1.metrics.k8s.io)");
        assertThat(notRouted.evidence())
                .anyMatch(e -> e.contains("the pod network is Terway (DaemonSet kube-system/terway-eniip)"))
                .anyMatch(e -> e.startsWith("check instead: the security groups") && e.contains("192.168.0.193")
                        && e.contains("172.31.1.15 on port 4443"))
                .anyMatch(e -> e.contains("ENI and vSwitch"));
        assertThat(d.plan()).isEmpty();
        assertThat(f.inspector.queries).isEmpty();
        assertThat(f.cluster.calls("events")).as("no route controller is on a Terway path").isZero();
        assertThat(IncidentFixture.kinds(d.unresolved())).containsExactly(CauseKind.POD_NETWORK_NOT_ROUTE_BASED);
        assertThat(d.verifyApiServices()).isEmpty();
    }

    @Test
    @DisplayName("given no network DaemonSet and a backend IP outside its node's podCIDR, the path is not route-based")
    void podIpOutsidePodCidr() {
        f.stuckOnMetrics("dev").dedicatedFlannelNodes()
                .metricsApiService(timeout("172.31.1.15"), pod("metrics-server-5f8c", "172.31.1.15",
                        "cn-hangzhou.192.168.0.194"));

        Diagnosis d = f.diagnose("dev");

        assertThat(cause(d, CauseKind.POD_NETWORK_NOT_ROUTE_BASED).evidence()).contains("pod IP 172.31.1.15 lies "
                + "outside node cn-hangzhou.192.168.0.194's podCIDR 172.16.1.0/24: the address was not allocated from "
                + "the node's range (Terway hands out vSwitch addresses), so the node's VPC route does not carry it");
        assertThat(f.inspector.queries).isEmpty();
    }

    @Test
    @DisplayName("given metrics-server on an ACK virtual node, no route can point at it: POD_NETWORK_NOT_ROUTE_BASED")
    void virtualNodeBackend() {
        f.stuckOnMetrics("dev").dedicatedFlannelNodes().node(virtualNode("virtual-kubelet-cn-hangzhou-k"))
                .metricsApiService(timeout("192.168.7.31"), pod("metrics-server-eci", "192.168.7.31",
                        "virtual-kubelet-cn-hangzhou-k"));

        Diagnosis d = f.diagnose("dev");

        assertThat(cause(d, CauseKind.POD_NETWORK_NOT_ROUTE_BASED).evidence()).anyMatch(e -> e.startsWith(
                "node virtual-kubelet-cn-hangzhou-k is a virtual node (virtual-kubelet)"));
        assertThat(f.inspector.queries).isEmpty();
    }

    @Test
    @DisplayName("given a node whose providerID names no ECS instance, no route can point at it")
    void nodeWithoutEcsInstance() {
        f.stuckOnMetrics("dev")
                .node(ecsNode("cn-hangzhou.192.168.0.193", "192.168.0.193", "172.16.0.0/24", "i-node1", true))
                .node(new NodeInfo("eci-node", "192.168.0.9", "172.16.9.0/24", "cn-hangzhou.eci-bp1abc",
                        "cn-hangzhou", "eci-bp1abc", false, List.of()))
                .metricsApiService(timeout("172.16.9.4"), pod("metrics-server-1", "172.16.9.4", "eci-node"));

        Diagnosis d = f.diagnose("dev");

        assertThat(cause(d, CauseKind.POD_NETWORK_NOT_ROUTE_BASED).evidence()).contains("node eci-node has "
                + "providerID cn-hangzhou.eci-bp1abc, which names no ECS instance: no VPC route entry can point at it");
    }

    @Test
    @DisplayName("given a backend that refuses on 4443, APISERVICE_BACKEND_FAILING names 172.31.1.15 and no route is "
            + "proposed")
    void backendRefuses() {
        f.stuckOnMetrics("dev")
                .node(ecsNode("cn-hangzhou.192.168.0.193", "192.168.0.193", "172.16.0.0/24", "i-node1", true))
                .node(ecsNode("cn-hangzhou.192.168.0.194", "192.168.0.194", "172.31.1.0/24", "i-node2", false))
                .metricsApiService(refused("172.31.1.15"), pod("metrics-server-5f8c", "172.31.1.15",
                        "cn-hangzhou.192.168.0.194"));

        Diagnosis d = f.diagnose("dev");

        assertThat(kinds(d)).containsExactly(CauseKind.DISCOVERY_FAILURE, CauseKind.APISERVICE_UNAVAILABLE,
                CauseKind.APISERVICE_BACKEND_FAILING);
        Cause failing = cause(d, CauseKind.APISERVICE_BACKEND_FAILING);
        assertThat(failing.summary()).startsWith("172.31.1.15 refused the connection on 4443: ");
        assertThat(failing.evidence())
                .contains("backend pod kube-system/metrics-server-5f8c IP 172.31.1.15 on node cn-hangzhou.192.168.0.194"
                        + " (podCIDR 172.31.1.0/24, instance i-node2 in cn-hangzhou, node IP 192.168.0.194)")
                .anyMatch(e -> e.contains("a VPC route is not the cause"));
        assertThat(d.plan()).isEmpty();
        assertThat(f.inspector.queries).isEmpty();
        assertThat(IncidentFixture.kinds(d.unresolved())).containsExactly(CauseKind.APISERVICE_BACKEND_FAILING);
        assertThat(d.unresolved().get(0).summary()).startsWith("dev still waits on APIService v1beta1.metrics.k8s.io: "
                + "172.31.1.15 refused the connection on 4443");
    }

    @Test
    @DisplayName("given two backends and a check that timed out on one of them, only that pod's path is a suspect")
    void urlNamesTheFailedBackend() {
        f.stuckOnMetrics("dev").dedicatedFlannelNodes()
                .node(ecsNode("cn-hangzhou.192.168.0.195", "192.168.0.195", "172.16.2.0/24", "i-node3", false))
                .metricsApiService(timeout("172.16.2.8"),
                        pod("metrics-server-a", "172.16.1.12", "cn-hangzhou.192.168.0.194"),
                        pod("metrics-server-b", "172.16.2.8", "cn-hangzhou.192.168.0.195"));

        Diagnosis d = f.diagnose("dev");

        assertThat(f.inspector.paths()).extracting(PodNetworkPath::podName, PodNetworkPath::podCIDR,
                PodNetworkPath::instanceId).containsExactly(org.assertj.core.groups.Tuple.tuple("metrics-server-b",
                "172.16.2.0/24", "i-node3"));
        assertThat(cause(d, CauseKind.POD_UNREACHABLE_FROM_CONTROL_PLANE).summary()).contains("172.16.2.8")
                .doesNotContain("172.16.1.12");
    }

    @Test
    @DisplayName("given a check against the Service's cluster IP, every Ready backend is a suspect and the report says "
            + "why")
    void urlNamesTheClusterIp() {
        f.stuckOnMetrics("dev").dedicatedFlannelNodes()
                .node(ecsNode("cn-hangzhou.192.168.0.195", "192.168.0.195", "172.16.2.0/24", "i-node3", false))
                .metricsApiService(timeout("172.21.3.40"),
                        pod("metrics-server-a", "172.16.1.12", "cn-hangzhou.192.168.0.194"),
                        pod("metrics-server-b", "172.16.2.8", "cn-hangzhou.192.168.0.195"));

        Diagnosis d = f.diagnose("dev");

        assertThat(f.inspector.paths()).extracting(PodNetworkPath::podIP).containsExactly("172.16.1.12", "172.16.2.8");
        assertThat(cause(d, CauseKind.POD_UNREACHABLE_FROM_CONTROL_PLANE).evidence()).contains("the aggregator checked"
                + " 172.21.3.40, which is no Ready backend pod (with aggregator routing off it is the Service's cluster"
                + " IP): every Ready backend is a suspect");
    }

    @Test
    @DisplayName("given a discovery-check error Unstuck cannot classify, it says so and keeps the route a suspect")
    void unclassifiedError() {
        String message = "failing or missing response from https://172.16.1.12:4443/apis/metrics.k8s.io/v1beta1: "
                + "stream error: stream ID 3; PROTOCOL_ERROR";
        f.stuckOnMetrics("dev").dedicatedFlannelNodes()
                .metricsApiService(message, pod("metrics-server-a", "172.16.1.12", "cn-hangzhou.192.168.0.194"));

        Diagnosis d = f.diagnose("dev");

        assertThat(f.inspector.paths()).extracting(PodNetworkPath::podIP).containsExactly("172.16.1.12");
        assertThat(cause(d, CauseKind.POD_UNREACHABLE_FROM_CONTROL_PLANE).evidence()).contains("the discovery-check "
                + "error could not be classified; nothing in it shows the pod answered, so the network path stays a "
                + "suspect");
    }

    @Test
    @DisplayName("given a managed cluster (no control-plane node), a backend on any node needs its route and the "
            + "report says the API server is outside the node pool")
    void managedCluster() {
        f.cluster.daemonSets.add("kube-flannel-ds");
        f.stuckOnMetrics("dev")
                .node(ecsNode("cn-hangzhou.192.168.0.193", "192.168.0.193", "172.16.0.0/24", "i-node1", false))
                .metricsApiService(timeout("172.16.0.12"), pod("metrics-server-a", "172.16.0.12",
                        "cn-hangzhou.192.168.0.193"));

        Diagnosis d = f.diagnose("dev");

        assertThat(f.inspector.paths()).extracting(PodNetworkPath::nodeName)
                .containsExactly("cn-hangzhou.192.168.0.193");
        assertThat(f.inspector.queries.get(0).auditNodeRoutes()).isTrue();
        assertThat(cause(d, CauseKind.POD_UNREACHABLE_FROM_CONTROL_PLANE).evidence()).contains("no node is marked "
                + "control-plane: the API server runs outside the node pool (managed cluster) and reaches every "
                + "backend pod through the VPC");
    }

    @Test
    @DisplayName("a node condition NetworkUnavailable=False (RouteCreated) is no proof of a route: the path is still "
            + "inspected")
    void routeCreatedConditionIsNotEvidence() {
        f.stuckOnMetrics("dev").dedicatedFlannelNodes(cond("NetworkUnavailable", "False", "RouteCreated",
                        "RouteController created a route"))
                .metricsApiService(timeout("172.16.1.12"), pod("metrics-server-a", "172.16.1.12",
                        "cn-hangzhou.192.168.0.194"));

        f.diagnose("dev");

        assertThat(f.inspector.paths()).extracting(PodNetworkPath::podCIDR).containsExactly("172.16.1.0/24");
    }

    @Test
    @DisplayName("given kube-system DaemonSets that cannot be listed, the diagnosis goes on in route mode and says the "
            + "plugin was judged from pod IPs alone")
    void daemonSetsUnreadable() {
        f.cluster.daemonSetsProblem = "kube-system DaemonSets could not be listed: forbidden (403)";
        f.stuckOnMetrics("dev").dedicatedFlannelNodes()
                .metricsApiService(timeout("172.16.1.12"), pod("metrics-server-a", "172.16.1.12",
                        "cn-hangzhou.192.168.0.194"));

        Diagnosis d = f.diagnose("dev");

        assertThat(f.inspector.paths()).hasSize(1);
        assertThat(cause(d, CauseKind.POD_UNREACHABLE_FROM_CONTROL_PLANE).evidence()).contains("kube-system DaemonSets "
                + "could not be listed: forbidden (403); the pod network was judged from pod IPs and podCIDRs alone");
    }
}
