package dev.unstuck.kube;

import dev.unstuck.diagnosis.Advisory;
import dev.unstuck.diagnosis.CloudControllerInfo;
import dev.unstuck.diagnosis.ClusterEvent;
import dev.unstuck.diagnosis.InvolvedObject;
import dev.unstuck.diagnosis.NodeInfo;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.EventListBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * What the reader learns about ACK itself (cloud-config, network DaemonSets, virtual nodes, route-controller events)
 * from fabric8's mock API server, and how its advisory reads fail: with a line that says what was not read, never an
 * exception. A fresh server per test, because these tests answer the same paths differently.
 */
@EnableKubernetesMockClient(crud = true)
class Fabric8ClusterReaderAckTest {

    static final Set<String> ROUTE_REASONS = Set.of("CreateRouteFailed", "SyncRouteFailed", "DescriberRouteFailed");
    static final String EVENTS = "/api/v1/namespaces/default/events";

    KubernetesMockServer server;
    KubernetesClient client;

    KubernetesClient tuned;
    Fabric8ClusterReader reader;

    @BeforeEach
    void tunedReader() {
        tuned = KubeClients.forConfig(new ConfigBuilder(client.getConfiguration()).build());
        reader = new Fabric8ClusterReader(tuned);
    }

    @AfterEach
    void closeReader() {
        reader.close();
        tuned.close();
    }

    @Test
    @DisplayName("cloud-config.conf JSON is read with case-insensitive keys; routeTableIDs are split and trimmed; the "
            + "access keys beside them never leave the reader")
    void cloudConfigJson() {
        client.configMaps().inNamespace("kube-system").resource(new ConfigMapBuilder().withNewMetadata()
                .withName("cloud-config").endMetadata()
                .addToData("a-legacy", "[Global]\nvpcid = vpc-other\n")
                .addToData("cloud-config.conf", "{\"global\":{\"accessKeyID\":\"LTAI-KEY-ID\",\"accessKeySecret\":"
                        + "\"TOP-SECRET\",\"VPCID\":\"vpc-hz001\",\"RouteTableIDs\":\" vtb-a, vtb-b ,\"}}")
                .build()).create();

        Advisory<Optional<CloudControllerInfo>> read = reader.cloudController();

        CloudControllerInfo ccm = read.value().orElseThrow();
        assertThat(read.problems()).isEmpty();
        assertThat(ccm.podName()).as("ACK managed clusters run the CCM outside the cluster").isNull();
        assertThat(ccm.configuredVpcId()).isEqualTo("vpc-hz001");
        assertThat(ccm.routeTableIds()).containsExactly("vtb-a", "vtb-b");
        assertThat(ccm.toString()).doesNotContain("TOP-SECRET", "LTAI-KEY-ID");
    }

    @Test
    @DisplayName("a gcfg cloud-config gives its vpcid and routeTableIDs too")
    void cloudConfigGcfg() {
        client.configMaps().inNamespace("kube-system").resource(new ConfigMapBuilder().withNewMetadata()
                .withName("cloud-config").endMetadata().addToData("cloud-config", """
                        [Global]
                        accessKeySecret = TOP-SECRET
                        vpcid = vpc-hz001
                        routeTableIDs = vtb-1,vtb-2
                        """).build()).create();

        CloudControllerInfo ccm = reader.cloudController().value().orElseThrow();

        assertThat(ccm.configuredVpcId()).isEqualTo("vpc-hz001");
        assertThat(ccm.routeTableIds()).containsExactly("vtb-1", "vtb-2");
    }

    @Test
    @DisplayName("kube-system DaemonSets are listed by name in one request: terway-eniip shows a Terway cluster")
    void daemonSets() {
        for (String name : new String[] {"terway-eniip", "kube-proxy-worker"}) {
            client.apps().daemonSets().inNamespace("kube-system").resource(daemonSet(name)).create();
        }
        client.apps().daemonSets().inNamespace("monitoring").resource(daemonSet("kube-flannel-ds")).create();

        Advisory<List<String>> names = reader.systemDaemonSets();

        assertThat(names.value()).containsExactly("kube-proxy-worker", "terway-eniip");
        assertThat(names.problems()).isEmpty();
    }

    private static io.fabric8.kubernetes.api.model.apps.DaemonSet daemonSet(String name) {
        return new DaemonSetBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().withNewSelector()
                .addToMatchLabels("app", name).endSelector().withNewTemplate().withNewMetadata()
                .addToLabels("app", name).endMetadata().withNewSpec().addNewContainer().withName(name)
                .withImage(name).endContainer().endSpec().endTemplate().endSpec().build();
    }

    @Test
    @DisplayName("a node labelled type=virtual-kubelet is virtual; an ECS node is not")
    void virtualNodes() {
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("virtual-kubelet-cn-hangzhou-k")
                .addToLabels("type", "virtual-kubelet").endMetadata().build()).create();
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("eci-pool-1")
                .addToLabels("type", "virtual-kubelet").endMetadata().build()).create();
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("cn-hangzhou.192.168.0.194")
                .endMetadata().withNewSpec().withProviderID("cn-hangzhou.i-node2").endSpec().build()).create();

        Map<String, Boolean> virtual = reader.nodes().stream()
                .collect(Collectors.toMap(NodeInfo::name, NodeInfo::virtual));

        assertThat(virtual).containsExactlyInAnyOrderEntriesOf(Map.of("virtual-kubelet-cn-hangzhou-k", true,
                "eci-pool-1", true, "cn-hangzhou.192.168.0.194", false));
    }

    /** The request for one object's events: a field selector on the involved object, in namespace default. */
    static String eventsAbout(String name, String kind) {
        return EVENTS + "?fieldSelector=involvedObject.name%3D" + name
                + (kind == null ? "" : "%2CinvolvedObject.kind%3D" + kind) + "&limit=500";
    }

    @Test
    @DisplayName("route-controller events are read per involved object (field selector), following continue, keeping "
            + "only the asked objects and reasons, oldest first")
    void eventsPerObject() {
        server.expect().get().withPath(eventsAbout("n1", "Node")).andReturn(200, new EventListBuilder()
                .withNewMetadata().withContinue("page-2").endMetadata()
                .addToItems(event("n1", "Node", "DescriberRouteFailed", "2026-11-25T09:50:00Z"))
                .build()).once();
        server.expect().get().withPath(EVENTS + "?continue=page-2&fieldSelector=involvedObject.name%3Dn1"
                + "%2CinvolvedObject.kind%3DNode&limit=500").andReturn(200, new EventListBuilder()
                .withNewMetadata().endMetadata()
                .addToItems(event("n1", "Node", "NodeReady", "2026-11-25T09:57:00Z"))
                .addToItems(event("n1", "Node", "CreateRouteFailed", "2026-11-25T09:40:00Z"))
                .build()).once();
        server.expect().get().withPath(eventsAbout("route-controller", null)).andReturn(200, new EventListBuilder()
                .withNewMetadata().endMetadata()
                .addToItems(event("route-controller", "Event", "SyncRouteFailed", "2026-11-25T09:55:00Z"))
                .build()).once();

        Advisory<List<ClusterEvent>> events = reader.events(Set.of(InvolvedObject.node("n1"),
                InvolvedObject.anyKind("route-controller")), ROUTE_REASONS);

        assertThat(events.problems()).isEmpty();
        assertThat(events.value()).extracting(ClusterEvent::objectKind, ClusterEvent::objectName, ClusterEvent::reason)
                .containsExactly(tuple("Node", "n1", "CreateRouteFailed"), tuple("Node", "n1", "DescriberRouteFailed"),
                        tuple("Event", "route-controller", "SyncRouteFailed"));
        assertThat(server.getRequestCount()).as("one object, two pages; the other, one page").isEqualTo(3);
    }

    @Test
    @DisplayName("an object with endless events is read for 2 pages at most, and the report says so")
    void objectPagesAreBounded() {
        server.expect().get().withPath(eventsAbout("n1", "Node")).andReturn(200, new EventListBuilder()
                .withNewMetadata().withContinue("more").endMetadata()
                .addToItems(event("n1", "Node", "CreateRouteFailed", "2026-11-25T09:50:00Z")).build()).once();
        server.expect().get().withPath(EVENTS + "?continue=more&fieldSelector=involvedObject.name%3Dn1"
                + "%2CinvolvedObject.kind%3DNode&limit=500").andReturn(200, new EventListBuilder()
                .withNewMetadata().withContinue("more").endMetadata()
                .addToItems(event("n1", "Node", "NodeReady", "2026-11-25T09:51:00Z")).build()).always();

        Advisory<List<ClusterEvent>> events = reader.events(Set.of(InvolvedObject.node("n1")), ROUTE_REASONS);

        assertThat(events.value()).hasSize(1);
        assertThat(events.problems()).containsExactly("events about n1: only the first 1000 were read");
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    @DisplayName("a server that rejects the involvedObject selector gets the namespace scanned instead, for 20 pages "
            + "at most, and the report says so")
    void rejectedSelectorFallsBackToABoundedScan() {
        server.expect().get().withPath(eventsAbout("n1", "Node")).andReturn(400, new StatusBuilder()
                .withStatus("Failure").withCode(400).withReason("BadRequest")
                .withMessage("field label not supported: involvedObject.name").build()).always();
        server.expect().get().withPath(EVENTS + "?limit=500").andReturn(200, new EventListBuilder()
                .withNewMetadata().withContinue("more").endMetadata()
                .addToItems(event("n1", "Node", "CreateRouteFailed", "2026-11-25T09:50:00Z")).build()).once();
        server.expect().get().withPath(EVENTS + "?continue=more&limit=500").andReturn(200, new EventListBuilder()
                .withNewMetadata().withContinue("more").endMetadata()
                .addToItems(event("n9", "Node", "NodeReady", "2026-11-25T09:50:00Z")).build()).always();

        Advisory<List<ClusterEvent>> events = reader.events(Set.of(InvolvedObject.node("n1")), ROUTE_REASONS);

        assertThat(events.value()).hasSize(1);
        assertThat(events.problems()).containsExactly("events: only the first 20 events of namespace default were "
                + "read; route-controller events beyond them were not");
        assertThat(server.getRequestCount()).isEqualTo(1 + 20);
    }

    private static io.fabric8.kubernetes.api.model.Event event(String object, String kind, String reason, String last) {
        return new EventBuilder().withNewMetadata().withName(object + "." + reason + "." + last).withNamespace("default")
                .endMetadata().withNewInvolvedObject().withKind(kind).withName(object).endInvolvedObject()
                .withReason(reason).withMessage(reason + " on " + object).withCount(2).withLastTimestamp(last).build();
    }

    @Test
    @DisplayName("forbidden events, a failing DaemonSet list, an unreadable CCM log and config each become a line, "
            + "never an exception")
    void advisoryReadsFailSoftly() {
        server.expect().get().withPath(eventsAbout("n1", "Node")).andReturn(403, forbidden("events")).always();
        server.expect().get().withPath("/apis/apps/v1/namespaces/kube-system/daemonsets")
                .andReturn(500, new StatusBuilder().withStatus("Failure").withCode(500)
                        .withMessage("etcdserver: request timed out").build()).always();
        server.expect().get().withPath("/api/v1/namespaces/kube-system/configmaps/cloud-config")
                .andReturn(403, forbidden("configmaps")).always();
        client.pods().inNamespace("kube-system").resource(new PodBuilder().withNewMetadata()
                .withName("cloud-controller-manager-7f8b9").endMetadata().withNewStatus().withPhase("Running")
                .endStatus().build()).create();
        server.expect().get()
                .withPath("/api/v1/namespaces/kube-system/pods/cloud-controller-manager-7f8b9/log?pretty=false&tailLines=200")
                .andReturn(403, forbidden("pods/log")).always();

        Advisory<List<ClusterEvent>> events = reader.events(Set.of(InvolvedObject.node("n1")), ROUTE_REASONS);
        Advisory<List<String>> daemonSets = reader.systemDaemonSets();
        Advisory<Optional<CloudControllerInfo>> ccm = reader.cloudController();

        assertThat(events.value()).isEmpty();
        assertThat(events.problems()).singleElement().asString().startsWith("events could not be read: ")
                .endsWith("(403)");
        assertThat(daemonSets.problems()).containsExactly("kube-system DaemonSets could not be listed: etcdserver: "
                + "request timed out (500)");
        assertThat(ccm.value()).get().extracting(CloudControllerInfo::podName)
                .isEqualTo("cloud-controller-manager-7f8b9");
        assertThat(ccm.problems()).hasSize(2)
                .anyMatch(p -> p.startsWith("configmap kube-system/cloud-config could not be read: "))
                .anyMatch(p -> p.startsWith("cloud-controller-manager log (kube-system/cloud-controller-manager-7f8b9)"
                        + " could not be read: "));
    }

    private static io.fabric8.kubernetes.api.model.Status forbidden(String resource) {
        return new StatusBuilder().withStatus("Failure").withCode(403).withReason("Forbidden")
                .withMessage(resource + " is forbidden: User \"unstuck\" cannot get resource \"" + resource + "\"")
                .build();
    }

    @Test
    @DisplayName("an API server that cannot be reached fails the advisory reads softly, naming the server")
    void unreachableServerFailsAdvisoryReadsSoftly() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl("https://127.0.0.1:" + closedPort + "/")
                .withTrustCerts(true).build();
        try (KubernetesClient dead = KubeClients.forConfig(config);
             Fabric8ClusterReader deadReader = new Fabric8ClusterReader(dead)) {
            assertThat(deadReader.events(Set.of(InvolvedObject.node("n1")), ROUTE_REASONS).problems())
                    .singleElement().asString().startsWith("events could not be read: cannot reach the Kubernetes "
                            + "API server at https://127.0.0.1:" + closedPort);
            assertThat(deadReader.systemDaemonSets().problems()).hasSize(1);
            assertThat(deadReader.cloudController().problems()).hasSize(2);
        }
    }
}
