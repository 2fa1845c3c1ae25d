package dev.unstuck.kube;

import dev.unstuck.diagnosis.ApiServiceStatus;
import dev.unstuck.diagnosis.CloudControllerInfo;
import dev.unstuck.diagnosis.ClusterEvent;
import dev.unstuck.diagnosis.ClusterUnreachableException;
import dev.unstuck.diagnosis.Condition;
import dev.unstuck.diagnosis.DiscoveryResult;
import dev.unstuck.diagnosis.EndpointAddress;
import dev.unstuck.diagnosis.InvolvedObject;
import dev.unstuck.diagnosis.ListedObjects;
import dev.unstuck.diagnosis.NamespaceInfo;
import dev.unstuck.diagnosis.NodeInfo;
import dev.unstuck.diagnosis.PodInfo;
import dev.unstuck.diagnosis.RemainingObject;
import dev.unstuck.diagnosis.ResourceType;
import dev.unstuck.diagnosis.ServiceEndpoints;
import dev.unstuck.diagnosis.ServiceRef;
import io.fabric8.kubernetes.api.model.APIService;
import io.fabric8.kubernetes.api.model.APIServiceBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.EventListBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

@EnableKubernetesMockClient(crud = true)
class Fabric8ClusterReaderTest {

    static KubernetesMockServer server;
    static KubernetesClient client;

    static KubernetesClient tuned;
    static Fabric8ClusterReader reader;

    static final ResourceDefinitionContext WIDGETS = new ResourceDefinitionContext.Builder()
            .withGroup("example.com").withVersion("v1").withKind("Widget").withPlural("widgets")
            .withNamespaced(true).build();

    @BeforeAll
    static void tunedReader() {
        // The reader gets a client with the production retry and timeout limits, as KubeClients builds it.
        tuned = KubeClients.forConfig(new ConfigBuilder(client.getConfiguration()).build());
        reader = new Fabric8ClusterReader(tuned);
    }

    @AfterAll
    static void closeReader() {
        reader.close();
        tuned.close();
    }

    @Test
    void namespaceBeingDeletedCarriesDeletionTimestampPhaseFinalizersAndConditions() {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("dev")
                .withFinalizers("example.com/hold").endMetadata()
                .withNewSpec().withFinalizers("kubernetes").endSpec()
                .withNewStatus().withPhase("Terminating").addNewCondition()
                .withType("NamespaceDeletionDiscoveryFailure").withStatus("True").withReason("DiscoveryFailed")
                .withMessage("Discovery failed for some groups, 1 failing: unable to retrieve the complete list of "
                        + "server APIs: metrics.k8s.io/v1beta1: the server is currently unable to handle the request")
                .endCondition().endStatus().build()).create();
        Instant beforeDelete = Instant.now().minusSeconds(5);
        client.namespaces().withName("dev").delete();

        NamespaceInfo ns = reader.namespace("dev").orElseThrow();

        assertThat(ns.deletionTimestamp()).isAfter(beforeDelete);
        assertThat(ns.phase()).isEqualTo("Terminating");
        assertThat(ns.specFinalizers()).containsExactly("kubernetes");
        assertThat(ns.condition("NamespaceDeletionDiscoveryFailure")).get()
                .extracting(Condition::reason).isEqualTo("DiscoveryFailed");
        assertThat(reader.namespace("does-not-exist")).isEmpty();
    }

    @Test
    void apiServicesMapServiceAndAvailableCondition() {
        client.resources(APIService.class).resource(new APIServiceBuilder()
                .withNewMetadata().withName("v1beta1.metrics.k8s.io").endMetadata()
                .withNewSpec().withGroup("metrics.k8s.io").withVersion("v1beta1")
                .withNewService().withNamespace("kube-system").withName("metrics-server").withPort(443).endService()
                .endSpec()
                .withNewStatus().addNewCondition().withType("Available").withStatus("False")
                .withReason("FailedDiscoveryCheck").withMessage("failing or missing response from "
                        + "https://172.16.1.12:4443/apis/metrics.k8s.io/v1beta1: context deadline exceeded")
                .endCondition().endStatus().build()).create();
        client.resources(APIService.class).resource(new APIServiceBuilder()
                .withNewMetadata().withName("v1.apps").endMetadata()
                .withNewSpec().withGroup("apps").withVersion("v1").endSpec().build()).create();

        List<ApiServiceStatus> all = reader.apiServices();

        ApiServiceStatus metrics = all.stream().filter(a -> a.name().equals("v1beta1.metrics.k8s.io")).findFirst()
                .orElseThrow();
        assertThat(metrics.groupVersion()).isEqualTo("metrics.k8s.io/v1beta1");
        assertThat(metrics.service()).isEqualTo(new ServiceRef("kube-system", "metrics-server", 443));
        assertThat(metrics.available().reason()).isEqualTo("FailedDiscoveryCheck");
        assertThat(metrics.available().message()).contains("172.16.1.12:4443");
        ApiServiceStatus apps = all.stream().filter(a -> a.name().equals("v1.apps")).findFirst().orElseThrow();
        assertThat(apps.isLocal()).isTrue();
        assertThat(apps.available()).isNull();
    }

    @Test
    void nodesMapPodCidrProviderIdInternalIpRoleAndConditions() {
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("cn-hangzhou.192.168.0.194")
                .endMetadata()
                .withNewSpec().withPodCIDRs("172.16.1.0/24").withProviderID("alicloud://cn-hangzhou.i-v98dklsmnxkkgiiil7")
                .endSpec()
                .withNewStatus().addNewAddress().withType("Hostname").withAddress("iZbp1").endAddress()
                .addNewAddress().withType("InternalIP").withAddress("192.168.0.194").endAddress()
                .addNewCondition().withType("NetworkUnavailable").withStatus("True").withReason("NoRouteCreated")
                .withMessage("RouteController failed to create a route").endCondition().endStatus().build()).create();
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("cn-hangzhou.192.168.0.193")
                .addToLabels("node-role.kubernetes.io/master", "").endMetadata()
                .withNewSpec().withPodCIDR("172.16.0.0/24").withProviderID("cn-hangzhou.i-bp1master0193").endSpec()
                .build()).create();
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("kind-worker").endMetadata()
                .withNewSpec().withProviderID("kind://docker/kind/kind-worker").endSpec().build()).create();

        Map<String, NodeInfo> nodes = reader.nodes().stream()
                .collect(Collectors.toMap(NodeInfo::name, n -> n));

        assertThat(nodes.get("cn-hangzhou.192.168.0.194")).isEqualTo(new NodeInfo("cn-hangzhou.192.168.0.194",
                "192.168.0.194", "172.16.1.0/24", "alicloud://cn-hangzhou.i-v98dklsmnxkkgiiil7", "cn-hangzhou",
                "i-v98dklsmnxkkgiiil7", false, List.of(new Condition("NetworkUnavailable", "True", "NoRouteCreated",
                "RouteController failed to create a route"))));
        NodeInfo master = nodes.get("cn-hangzhou.192.168.0.193");
        assertThat(master.controlPlane()).isTrue();
        assertThat(master.podCIDR()).isEqualTo("172.16.0.0/24");
        assertThat(master.instanceId()).isEqualTo("i-bp1master0193");
        NodeInfo kind = nodes.get("kind-worker");
        assertThat(kind.region()).isNull();
        assertThat(kind.instanceId()).isNull();
        assertThat(kind.providerID()).isEqualTo("kind://docker/kind/kind-worker");
    }

    @Test
    void endpointSlicesReportReadyAndNotReadyAddressesWithPodAndNode() {
        client.discovery().v1().endpointSlices().inNamespace("kube-system").resource(new EndpointSliceBuilder()
                .withNewMetadata().withName("metrics-server-abcde")
                .addToLabels("kubernetes.io/service-name", "metrics-server").endMetadata()
                .withAddressType("IPv4")
                .addNewEndpoint().withAddresses("172.16.1.12").withNodeName("cn-hangzhou.192.168.0.194")
                .withNewConditions().withReady(true).endConditions()
                .withNewTargetRef().withKind("Pod").withName("metrics-server-6d5d9c6b7-x2x7k").endTargetRef()
                .endEndpoint()
                .addNewEndpoint().withAddresses("172.16.2.9").withNodeName("cn-hangzhou.192.168.0.195")
                .withNewConditions().withReady(false).endConditions()
                .withNewTargetRef().withKind("Pod").withName("metrics-server-6d5d9c6b7-q8z1p").endTargetRef()
                .endEndpoint()
                .addNewEndpoint().withAddresses("172.16.3.4").endEndpoint()
                .build()).create();
        client.endpoints().inNamespace("kube-system").resource(new EndpointsBuilder().withNewMetadata()
                .withName("legacy-adapter").endMetadata().addNewSubset()
                .addNewAddress().withIp("172.16.1.20").withNodeName("n1").endAddress()
                .addNewNotReadyAddress().withIp("172.16.1.21").endNotReadyAddress().endSubset().build()).create();

        ServiceEndpoints slices = reader.endpoints("kube-system", "metrics-server");
        ServiceEndpoints legacy = reader.endpoints("kube-system", "legacy-adapter");
        ServiceEndpoints none = reader.endpoints("kube-system", "absent");

        assertThat(slices.found()).isTrue();
        assertThat(slices.addresses()).containsExactly(
                new EndpointAddress("172.16.1.12", true, "metrics-server-6d5d9c6b7-x2x7k", "cn-hangzhou.192.168.0.194"),
                new EndpointAddress("172.16.2.9", false, "metrics-server-6d5d9c6b7-q8z1p", "cn-hangzhou.192.168.0.195"),
                new EndpointAddress("172.16.3.4", true, null, null));
        assertThat(legacy.addresses()).containsExactly(new EndpointAddress("172.16.1.20", true, null, "n1"),
                new EndpointAddress("172.16.1.21", false, null, null));
        assertThat(none.found()).isFalse();
    }

    @Test
    void servicesAndPodsMapExistenceReadinessAndPlacement() {
        client.services().inNamespace("kube-system").resource(new ServiceBuilder().withNewMetadata()
                .withName("metrics-server").endMetadata().withNewSpec().addNewPort().withPort(443).endPort()
                .endSpec().build()).create();
        client.pods().inNamespace("monitoring").resource(new PodBuilder().withNewMetadata()
                .withName("adapter-1").endMetadata().withNewSpec().withNodeName("cn-hangzhou.192.168.0.194")
                .endSpec().withNewStatus().withPodIP("172.16.1.13").addNewCondition().withType("Ready")
                .withStatus("True").endCondition().endStatus().build()).create();
        client.pods().inNamespace("monitoring").resource(new PodBuilder().withNewMetadata()
                .withName("exporter-1").endMetadata().withNewSpec().withHostNetwork(true)
                .withNodeName("cn-hangzhou.192.168.0.193").endSpec().withNewStatus().withPodIP("192.168.0.193")
                .addNewCondition().withType("Ready").withStatus("False").endCondition().endStatus().build()).create();

        assertThat(reader.serviceExists("kube-system", "metrics-server")).isTrue();
        assertThat(reader.serviceExists("kube-system", "gone")).isFalse();
        assertThat(reader.pods("monitoring")).containsExactlyInAnyOrder(
                new PodInfo("monitoring", "adapter-1", "172.16.1.13", "cn-hangzhou.192.168.0.194", true, false),
                new PodInfo("monitoring", "exporter-1", "192.168.0.193", "cn-hangzhou.192.168.0.193", false, true));
    }

    @Test
    void routeEventsKeepTheAskedObjectsAndReasonsOldestFirst() {
        eventsAbout("cn-hangzhou.192.168.0.194", "Node",
                event("route-1", "Node", "cn-hangzhou.192.168.0.194", "CreateRouteFailed", "2026-11-25T09:50:00Z"),
                event("other-reason", "Node", "cn-hangzhou.192.168.0.194", "NodeReady", "2026-11-25T09:55:00Z"));
        eventsAbout("cn-hangzhou.192.168.0.195", "Node",
                event("route-2", "Node", "cn-hangzhou.192.168.0.195", "DescriberRouteTablesFailed",
                        "2026-11-25T09:40:00Z"));
        // A server that ignores the kind in the selector: the reader keeps to the kind it asked for.
        eventsAbout("metrics-server", "Node",
                event("not-a-node", "Pod", "metrics-server", "CreateRouteFailed", "2026-11-25T09:56:00Z"));

        List<ClusterEvent> events = reader.events(Set.of(InvolvedObject.node("cn-hangzhou.192.168.0.194"),
                        InvolvedObject.node("cn-hangzhou.192.168.0.195"), InvolvedObject.node("metrics-server")),
                Set.of("CreateRouteFailed", "DescriberRouteTablesFailed")).value();

        assertThat(events).extracting(ClusterEvent::objectName, ClusterEvent::reason).containsExactly(
                tuple("cn-hangzhou.192.168.0.195", "DescriberRouteTablesFailed"),
                tuple("cn-hangzhou.192.168.0.194", "CreateRouteFailed"));
        assertThat(events.get(1).lastSeen()).isEqualTo(Instant.parse("2026-11-25T09:50:00Z"));
        assertThat(events.get(1).count()).isEqualTo(3);
    }

    /** The mock server cannot filter events by involved object as the API server does: answer that request. */
    private static void eventsAbout(String object, String kind, Event... events) {
        server.expect().get().withPath(Fabric8ClusterReaderAckTest.eventsAbout(object, kind))
                .andReturn(200, new EventListBuilder().withNewMetadata().endMetadata().addToItems(events).build())
                .always();
    }

    private static Event event(String name, String kind, String object, String reason, String last) {
        return new EventBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewInvolvedObject().withKind(kind).withName(object).endInvolvedObject()
                .withReason(reason).withMessage(reason + " on " + object).withCount(3).withLastTimestamp(last)
                .build();
    }

    @Test
    void discoveryKeepsNamespacedListableTypesAndReportsTheFailingGroup() {
        server.expect().get().withPath("/api/v1").andReturn(200, """
                {"kind":"APIResourceList","groupVersion":"v1","resources":[
                  {"name":"pods","namespaced":true,"kind":"Pod","verbs":["get","list","delete"]},
                  {"name":"pods/log","namespaced":true,"kind":"Pod","verbs":["get"]},
                  {"name":"nodes","namespaced":false,"kind":"Node","verbs":["get","list"]},
                  {"name":"bindings","namespaced":true,"kind":"Binding","verbs":["create"]}]}""").always();
        server.expect().get().withPath("/apis").andReturn(200, """
                {"kind":"APIGroupList","groups":[
                  {"name":"example.com","versions":[{"groupVersion":"example.com/v1","version":"v1"}],
                   "preferredVersion":{"groupVersion":"example.com/v1","version":"v1"}},
                  {"name":"metrics.k8s.io","versions":[{"groupVersion":"metrics.k8s.io/v1beta1","version":"v1beta1"}],
                   "preferredVersion":{"groupVersion":"metrics.k8s.io/v1beta1","version":"v1beta1"}}]}""").always();
        server.expect().get().withPath("/apis/example.com/v1").andReturn(200, """
                {"kind":"APIResourceList","groupVersion":"example.com/v1","resources":[
                  {"name":"widgets","namespaced":true,"kind":"Widget","verbs":["get","list","delete"]},
                  {"name":"widgets/status","namespaced":true,"kind":"Widget","verbs":["get","list"]}]}""").always();
        server.expect().get().withPath("/apis/metrics.k8s.io/v1beta1").andReturn(503, new StatusBuilder()
                .withStatus("Failure").withCode(503).withReason("ServiceUnavailable")
                .withMessage("the server is currently unable to handle the request").build()).always();

        long start = System.nanoTime();
        DiscoveryResult result = reader.discoverNamespacedTypes();
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(result.namespacedTypes()).containsExactlyInAnyOrder(new ResourceType("", "v1", "Pod", "pods"),
                new ResourceType("example.com", "v1", "Widget", "widgets"));
        assertThat(result.failedGroupVersions()).containsExactly(Map.entry("metrics.k8s.io/v1beta1",
                "the server is currently unable to handle the request (503)"));
        assertThat(millis).as("a 503 must not be retried for seconds").isLessThan(5_000);
    }

    @Test
    void listsEachTypeInParallelWithFinalizersAndReportsTypesThatCannotBeListed() {
        client.genericKubernetesResources(WIDGETS).inNamespace("shop").resource(widget("w1", "example.com/protect"))
                .create();
        client.genericKubernetesResources(WIDGETS).inNamespace("shop").resource(widget("w2")).create();
        client.genericKubernetesResources(WIDGETS).inNamespace("shop").withName("w1").delete();
        server.expect().get().withPath("/apis/example.com/v1/namespaces/shop/gadgets").andReturn(403, new StatusBuilder()
                .withStatus("Failure").withCode(403).withReason("Forbidden")
                .withMessage("gadgets.example.com is forbidden: User \"unstuck\" cannot list resource \"gadgets\"")
                .build()).always();

        ListedObjects listed = reader.listObjects("shop", List.of(
                new ResourceType("example.com", "v1", "Widget", "widgets"),
                new ResourceType("example.com", "v1", "Gadget", "gadgets"),
                new ResourceType("", "v1", "ConfigMap", "configmaps")));

        assertThat(listed.objects()).containsExactlyInAnyOrder(
                new RemainingObject("example.com", "v1", "Widget", "w1", List.of("example.com/protect"), true),
                new RemainingObject("example.com", "v1", "Widget", "w2", List.of(), false));
        assertThat(listed.failedTypes()).containsOnly(
                Map.entry("gadgets.example.com", "forbidden by RBAC (apply deploy/optional/namespace-content.yaml)"),
                Map.entry("configmaps", "not listed: ConfigMaps can carry credentials; Unstuck reads only "
                        + "kube-system/cloud-config"));
    }

    @Test
    @DisplayName("objects are listed metadata only, and Secrets are never asked for at all")
    void metadataOnlyAndNeverSecrets() throws InterruptedException {
        client.secrets().inNamespace("vault").resource(new SecretBuilder().withNewMetadata().withName("db-password")
                .endMetadata().addToStringData("password", "hunter2").build()).create();
        client.genericKubernetesResources(WIDGETS).inNamespace("vault").resource(widget("w1")).create();
        int before = server.getRequestCount();

        ListedObjects listed = reader.listObjects("vault", List.of(new ResourceType("", "v1", "Secret", "secrets"),
                new ResourceType("example.com", "v1", "Widget", "widgets")));

        assertThat(listed.objects()).extracting(RemainingObject::name).containsExactly("w1");
        assertThat(listed.failedTypes()).containsExactly(Map.entry("secrets",
                "not listed: Unstuck never lists Secrets (a list returns their data)"));
        assertThat(server.getRequestCount() - before).as("one request: the widgets").isEqualTo(1);
        RecordedRequest request = server.getLastRequest();
        assertThat(request.getPath()).isEqualTo("/apis/example.com/v1/namespaces/vault/widgets");
        assertThat(request.getHeader("Accept")).startsWith("application/json;as=PartialObjectMetadataList;"
                + "g=meta.k8s.io;v=v1");
    }

    private static GenericKubernetesResource widget(String name, String... finalizers) {
        return new GenericKubernetesResourceBuilder().withApiVersion("example.com/v1").withKind("Widget")
                .withNewMetadata().withName(name).withFinalizers(finalizers).endMetadata().build();
    }

    @Test
    void cloudControllerReadsTheLogTailAndOnlyTheVpcIdOfItsConfig() {
        client.pods().inNamespace("kube-system").resource(new PodBuilder().withNewMetadata()
                .withName("cloud-controller-manager-7f8b9").endMetadata().withNewStatus().withPhase("Running")
                .endStatus().build()).create();
        client.configMaps().inNamespace("kube-system").resource(new ConfigMapBuilder().withNewMetadata()
                .withName("cloud-config").endMetadata()
                .addToData("cloud-config.conf", "{\"Global\":{\"accessKeyID\":\"LTAI-KEY-ID\","
                        + "\"accessKeySecret\":\"TOP-SECRET\",\"VpcId\":\"vpc-bp1wrongid\",\"region\":\"cn-hangzhou\"}}")
                .addToData("notes", "not json").build()).create();
        server.expect().get()
                .withPath("/api/v1/namespaces/kube-system/pods/cloud-controller-manager-7f8b9/log?pretty=false&tailLines=200")
                .andReturn(200, "I1125 09:58:00.1 route_controller.go:88] syncing routes\n"
                        + "E1125 09:58:01.2 route_controller.go:120] alicloud: no route tables found by vpc id[vpc-bp1wrongid]\n")
                .always();

        CloudControllerInfo ccm = reader.cloudController().value().orElseThrow();

        assertThat(ccm.podName()).isEqualTo("cloud-controller-manager-7f8b9");
        assertThat(ccm.configuredVpcId()).isEqualTo("vpc-bp1wrongid");
        assertThat(ccm.configSource()).isEqualTo("configmap kube-system/cloud-config");
        assertThat(ccm.recentLogLines()).containsExactly("I1125 09:58:00.1 route_controller.go:88] syncing routes",
                "E1125 09:58:01.2 route_controller.go:120] alicloud: no route tables found by vpc id[vpc-bp1wrongid]");
        assertThat(ccm.toString()).doesNotContain("TOP-SECRET", "LTAI-KEY-ID");
    }

    @Test
    void unreachableServerIsReportedWithItsUrl() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String url = "https://127.0.0.1:" + closedPort + "/";
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(url).withTrustCerts(true).build();
        try (KubernetesClient dead = KubeClients.forConfig(config);
             Fabric8ClusterReader deadReader = new Fabric8ClusterReader(dead)) {
            assertThatThrownBy(deadReader::nodes).isInstanceOf(ClusterUnreachableException.class)
                    .hasMessageContaining("127.0.0.1:" + closedPort)
                    .satisfies(e -> assertThat(((ClusterUnreachableException) e).serverUrl()).isEqualTo(url));
            assertThatThrownBy(() -> deadReader.namespace("dev")).isInstanceOf(ClusterUnreachableException.class);
        }
    }

    @Test
    void serverErrorOnACoreReadIsReportedAsUnreachable() {
        server.expect().get().withPath("/api/v1/namespaces/broken").andReturn(500, new StatusBuilder()
                .withStatus("Failure").withCode(500).withMessage("etcdserver: request timed out").build()).always();

        assertThatThrownBy(() -> reader.namespace("broken")).isInstanceOf(ClusterUnreachableException.class)
                .hasMessageContaining(reader.serverUrl()).hasMessageContaining("etcdserver: request timed out (500)");
    }

}
