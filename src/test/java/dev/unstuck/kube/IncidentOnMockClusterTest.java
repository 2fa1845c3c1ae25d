package dev.unstuck.kube;

import dev.unstuck.diagnosis.Cause;
import dev.unstuck.diagnosis.CauseKind;
import dev.unstuck.diagnosis.Diagnosis;
import dev.unstuck.diagnosis.DiagnosisEngine;
import dev.unstuck.diagnosis.NamespaceState;
import dev.unstuck.diagnosis.NetworkPathInspector;
import io.fabric8.kubernetes.api.model.APIService;
import io.fabric8.kubernetes.api.model.APIServiceBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.EventListBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The motivating incident, served by the mock API server and read through fabric8 end to end. */
@EnableKubernetesMockClient(crud = true)
class IncidentOnMockClusterTest {

    static final String METRICS_POD = "metrics-server-6d5d9c6b7-x2x7k";
    static final String TIMEOUT = "failing or missing response from https://172.16.1.12:4443/apis/metrics.k8s.io/"
            + "v1beta1: Get \"https://172.16.1.12:4443/apis/metrics.k8s.io/v1beta1\": net/http: request canceled "
            + "while waiting for connection (Client.Timeout exceeded while awaiting headers)";

    KubernetesMockServer server;
    KubernetesClient client;

    @Test
    @DisplayName("given dev deleted long ago and metrics-server's pod on cn-hangzhou.192.168.0.194 unreachable, the "
            + "diagnosis read through fabric8 names 172.16.1.12, 172.16.1.0/24 and the CCM leader's route error")
    void incidentReadThroughFabric8() {
        seedIncident();
        // The mock stamps deletionTimestamp at delete time; a clock 180 minutes ahead makes that deletion old.
        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(180));

        Diagnosis d;
        try (KubernetesClient tuned = KubeClients.forConfig(new ConfigBuilder(client.getConfiguration()).build());
             Fabric8ClusterReader reader = new Fabric8ClusterReader(tuned)) {
            d = new DiagnosisEngine(reader, NetworkPathInspector.NONE, Duration.ofMinutes(5), later).diagnose("dev");
        }

        assertThat(d.state()).isEqualTo(NamespaceState.STUCK);
        assertThat(d.verdict()).matches("namespace dev has been terminating for 1(79|80) min: stuck");
        assertThat(d.causes()).extracting(Cause::kind).containsExactly(CauseKind.DISCOVERY_FAILURE,
                CauseKind.APISERVICE_UNAVAILABLE, CauseKind.POD_UNREACHABLE_FROM_CONTROL_PLANE,
                CauseKind.ROUTE_CONTROLLER_FAILING);
        assertThat(d.causes().get(2).evidence()).contains("backend pod kube-system/" + METRICS_POD
                + " IP 172.16.1.12 on node cn-hangzhou.192.168.0.194 (podCIDR 172.16.1.0/24, instance "
                + "i-v98dklsmnxkkgiiil7 in cn-hangzhou, node IP 192.168.0.194)");
        assertThat(d.causes().get(3).evidence()).containsExactly(
                "node cn-hangzhou.192.168.0.194 NetworkUnavailable=True (NoRouteCreated): RouteController failed "
                        + "to create a route",
                "event DescriberRouteTablesFailed on node cn-hangzhou.192.168.0.194 (x4, last 2026-11-25T09:59:00Z): "
                        + "Describe RouteTables Failed reason: alicloud: no route tables found by vpc id[vpc-bp1wrongid]",
                "cloud-controller-manager log: E1125 09:58:01.2 route_controller.go:120] alicloud: no route tables "
                        + "found by vpc id[vpc-bp1wrongid]",
                "cloud-controller-manager kube-system/cloud-controller-manager-b is configured with VPC "
                        + "vpc-bp1wrongid (configmap kube-system/cloud-config)");
        assertThat(d.plan()).isEmpty();
    }

    @Test
    @DisplayName("given the same incident on a Terway cluster (DaemonSet terway-eniip), the diagnosis read through "
            + "fabric8 ends at POD_NETWORK_NOT_ROUTE_BASED, proposes nothing and leaves it unresolved")
    void terwayIncidentReadThroughFabric8() {
        seedIncident();
        client.apps().daemonSets().inNamespace("kube-system").resource(new DaemonSetBuilder().withNewMetadata()
                .withName("terway-eniip").endMetadata().withNewSpec().withNewSelector().addToMatchLabels("app", "terway")
                .endSelector().withNewTemplate().withNewMetadata().addToLabels("app", "terway").endMetadata()
                .withNewSpec().addNewContainer().withName("terway").withImage("terway").endContainer().endSpec()
                .endTemplate().endSpec().build()).create();
        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(180));

        Diagnosis d;
        try (KubernetesClient tuned = KubeClients.forConfig(new ConfigBuilder(client.getConfiguration()).build());
             Fabric8ClusterReader reader = new Fabric8ClusterReader(tuned)) {
            d = new DiagnosisEngine(reader, NetworkPathInspector.NONE, Duration.ofMinutes(5), later).diagnose("dev");
        }

        assertThat(d.causes()).extracting(Cause::kind).containsExactly(CauseKind.DISCOVERY_FAILURE,
                CauseKind.APISERVICE_UNAVAILABLE, CauseKind.POD_UNREACHABLE_FROM_CONTROL_PLANE,
                CauseKind.POD_NETWORK_NOT_ROUTE_BASED);
        assertThat(d.causes().get(3).evidence()).anyMatch(e -> e.contains("DaemonSet kube-system/terway-eniip"));
        assertThat(d.plan()).isEmpty();
        assertThat(d.unresolved()).extracting(Cause::kind).containsExactly(CauseKind.POD_NETWORK_NOT_ROUTE_BASED);
    }

    private void seedIncident() {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("dev")
                .withFinalizers("unstuck.dev/test-hold").endMetadata()
                .withNewSpec().withFinalizers("kubernetes").endSpec()
                .withNewStatus().withPhase("Terminating").addNewCondition()
                .withType("NamespaceDeletionDiscoveryFailure").withStatus("True").withReason("DiscoveryFailed")
                .withMessage("Discovery failed for some groups, 1 failing: unable to retrieve the complete list of "
                        + "server APIs: metrics.k8s.io/v1beta1: the server is currently unable to handle the request")
                .endCondition().endStatus().build()).create();
        client.namespaces().withName("dev").delete();

        client.resources(APIService.class).resource(new APIServiceBuilder()
                .withNewMetadata().withName("v1beta1.metrics.k8s.io").endMetadata()
                .withNewSpec().withGroup("metrics.k8s.io").withVersion("v1beta1")
                .withNewService().withNamespace("kube-system").withName("metrics-server").withPort(443).endService()
                .endSpec().withNewStatus().addNewCondition().withType("Available").withStatus("False")
                .withReason("FailedDiscoveryCheck").withMessage(TIMEOUT).endCondition().endStatus().build()).create();
        client.services().inNamespace("kube-system").resource(new ServiceBuilder().withNewMetadata()
                .withName("metrics-server").endMetadata().build()).create();
        client.discovery().v1().endpointSlices().inNamespace("kube-system").resource(new EndpointSliceBuilder()
                .withNewMetadata().withName("metrics-server-x1").addToLabels("kubernetes.io/service-name",
                        "metrics-server").endMetadata().withAddressType("IPv4")
                .addNewEndpoint().withAddresses("172.16.1.12").withNodeName("cn-hangzhou.192.168.0.194")
                .withNewConditions().withReady(true).endConditions()
                .withNewTargetRef().withKind("Pod").withName(METRICS_POD).endTargetRef().endEndpoint()
                .build()).create();
        client.pods().inNamespace("kube-system").resource(new PodBuilder().withNewMetadata().withName(METRICS_POD)
                .endMetadata().withNewSpec().withNodeName("cn-hangzhou.192.168.0.194").endSpec()
                .withNewStatus().withPhase("Running").withPodIP("172.16.1.12").addNewCondition().withType("Ready")
                .withStatus("True").endCondition().endStatus().build()).create();

        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("cn-hangzhou.192.168.0.193")
                .addToLabels("node-role.kubernetes.io/control-plane", "").endMetadata()
                .withNewSpec().withPodCIDR("172.16.0.0/24").withProviderID("cn-hangzhou.i-bp1master0193").endSpec()
                .withNewStatus().addNewAddress().withType("InternalIP").withAddress("192.168.0.193").endAddress()
                .endStatus().build()).create();
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("cn-hangzhou.192.168.0.194")
                .endMetadata().withNewSpec().withPodCIDR("172.16.1.0/24")
                .withProviderID("alicloud://cn-hangzhou.i-v98dklsmnxkkgiiil7").endSpec()
                .withNewStatus().addNewAddress().withType("InternalIP").withAddress("192.168.0.194").endAddress()
                .addNewCondition().withType("NetworkUnavailable").withStatus("True").withReason("NoRouteCreated")
                .withMessage("RouteController failed to create a route").endCondition().endStatus().build()).create();
        // The mock server cannot filter events by involved object as the API server does: answer that request.
        server.expect().get().withPath(Fabric8ClusterReaderAckTest.eventsAbout("cn-hangzhou.192.168.0.194", "Node"))
                .andReturn(200, new EventListBuilder().withNewMetadata().endMetadata().addToItems(new EventBuilder()
                        .withNewMetadata().withName("cn-hangzhou.192.168.0.194.route").withNamespace("default")
                        .endMetadata().withNewInvolvedObject().withKind("Node").withName("cn-hangzhou.192.168.0.194")
                        .endInvolvedObject().withReason("DescriberRouteTablesFailed")
                        .withMessage("Describe RouteTables Failed reason: alicloud: no route tables found by vpc "
                                + "id[vpc-bp1wrongid]").withCount(4).withLastTimestamp("2026-11-25T09:59:00Z")
                        .build()).build()).always();

        // Two CCM replicas: only the lease holder runs the route controller, so only its log tells the story.
        for (String name : new String[] {"cloud-controller-manager-a", "cloud-controller-manager-b"}) {
            client.pods().inNamespace("kube-system").resource(new PodBuilder().withNewMetadata().withName(name)
                    .endMetadata().withNewStatus().withPhase("Running").endStatus().build()).create();
        }
        client.leases().inNamespace("kube-system").resource(new LeaseBuilder().withNewMetadata()
                .withName("cloud-controller-manager").endMetadata().withNewSpec()
                .withHolderIdentity("cloud-controller-manager-b_5f0c3a7e-1b2c-4d5e-8f90-123456789abc").endSpec()
                .build()).create();
        server.expect().get()
                .withPath("/api/v1/namespaces/kube-system/pods/cloud-controller-manager-a/log?pretty=false&tailLines=200")
                .andReturn(200, "I1125 09:50:00.0 leaderelection.go:248] attempting to acquire leader lease\n")
                .always();
        server.expect().get()
                .withPath("/api/v1/namespaces/kube-system/pods/cloud-controller-manager-b/log?pretty=false&tailLines=200")
                .andReturn(200, "I1125 09:58:00.1 route_controller.go:88] syncing routes for 2 nodes\n"
                        + "E1125 09:58:01.2 route_controller.go:120] alicloud: no route tables found by vpc "
                        + "id[vpc-bp1wrongid]\n")
                .always();
        // gcfg style, as older ACK clusters ship it; the access keys beside the vpcid must never surface.
        client.configMaps().inNamespace("kube-system").resource(new ConfigMapBuilder().withNewMetadata()
                .withName("cloud-config").endMetadata().addToData("cloud-config", """
                        [Global]
                        accessKeyID = LTAI-KEY-ID
                        accessKeySecret = TOP-SECRET
                        vpcid = vpc-bp1wrongid
                        region = cn-hangzhou
                        """).build()).create();
    }
}
