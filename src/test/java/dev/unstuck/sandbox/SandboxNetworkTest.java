package dev.unstuck.sandbox;

import dev.unstuck.sandbox.vpc.VpcSdk;
import io.fabric8.kubernetes.api.model.APIService;
import io.fabric8.kubernetes.api.model.APIServiceCondition;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API server reaches a pod only as the VPC really forwards: with the route table bound to the source vSwitch, not
 * with any table. Routes are written through the real SDK against the sandbox's VPC API, as a repair would.
 */
class SandboxNetworkTest {
    private static final String METRICS = "v1beta1.metrics.k8s.io";
    private static final String TIMEOUT_MESSAGE = "failing or missing response from "
            + "https://172.16.1.12:4443/apis/metrics.k8s.io/v1beta1: Get \"https://172.16.1.12:4443/apis/metrics.k8s.io"
            + "/v1beta1\": net/http: request canceled while waiting for connection (Client.Timeout exceeded while"
            + " awaiting headers)";

    @Test
    void givenTheCustomRouteTableScenario_devIsStuckAlthoughTheWorkersTableHoldsTheRoute() throws Exception {
        try (Sandbox sandbox = Sandbox.start(ScenarioLoader.loadBuiltIn("custom-route-table"));
             KubernetesClient k = sandbox.cluster().newClient()) {
            sandbox.cluster().reconcileNow();
            assertThat(sandbox.vpc().server().entries("vtb-workers"))
                    .anyMatch(e -> e.hasDestination("172.16.1.0/24") && e.pointsToInstance("i-node2"));
            assertThat(available(k).getMessage()).isEqualTo(TIMEOUT_MESSAGE);
            assertThat(k.namespaces().withName("dev").get().getStatus().getPhase()).isEqualTo("Terminating");

            new VpcSdk(sandbox.cloudSettings()).call(VpcSdk.createRoute("vtb-system", "172.16.1.0/24", "i-node2"));

            assertThat(sandbox.cluster().awaitConverged(() -> k.namespaces().withName("dev").get() == null,
                    Duration.ofSeconds(30))).as("dev finishes once the System table carries the route").isTrue();
            assertThat(available(k).getReason()).isEqualTo("Passed");
        }
    }

    @Test
    void givenTheWorkersTableLacksTheRoute_addingItThereDoesNotFreeDev_butTheSystemTableDoes() throws Exception {
        String yaml = builtInText("custom-route-table")
                .replace("        - {destination: 172.16.1.0/24, nextHop: i-node2}\n", "")
                .replaceAll("(?s)ccm:.*", "faults: {vpc: {pendingSeconds: 0.2}}\n");
        try (Sandbox sandbox = Sandbox.start(ScenarioLoader.parse(yaml, "no-worker-route"));
             KubernetesClient k = sandbox.cluster().newClient()) {
            VpcSdk sdk = new VpcSdk(sandbox.cloudSettings());
            sdk.call(VpcSdk.createRoute("vtb-workers", "172.16.1.0/24", "i-node2"));
            assertThat(sandbox.cluster().awaitConverged(() -> availableIn(sandbox, "vtb-workers"),
                    Duration.ofSeconds(20))).isTrue();
            sandbox.cluster().reconcileNow();

            assertThat(available(k).getStatus()).as("the control plane's traffic follows vtb-system").isEqualTo("False");
            assertThat(k.namespaces().withName("dev").get()).isNotNull();

            sdk.call(VpcSdk.createRoute("vtb-system", "172.16.1.0/24", "i-node2"));
            assertThat(sandbox.cluster().awaitConverged(() -> k.namespaces().withName("dev").get() == null,
                    Duration.ofSeconds(30))).isTrue();
        }
    }

    @Test
    void givenTerway_metricsServerTimesOutWithNoRouteInvolved_andAnsweringPodsNeedNoRoute() {
        try (Sandbox sandbox = Sandbox.start(ScenarioLoader.loadBuiltIn("terway"));
             KubernetesClient k = sandbox.cluster().newClient()) {
            sandbox.cluster().reconcileNow();
            assertThat(available(k).getMessage()).isEqualTo("failing or missing response from "
                    + "https://192.168.16.12:4443/apis/metrics.k8s.io/v1beta1: Get \"https://192.168.16.12:4443/apis/"
                    + "metrics.k8s.io/v1beta1\": " + AggregatorAvailability.NOT_DELIVERED);
            assertThat(sandbox.vpc().server().entries("vtb-tw-system")).noneMatch(e -> "Custom".equals(e.type()));
            var node = k.nodes().withName("cn-hangzhou.192.168.0.194").get();
            assertThat(node.getSpec().getPodCIDR()).isNull();
            assertThat(node.getStatus().getConditions()).extracting(NodeCondition::getType)
                    .doesNotContain("NetworkUnavailable");
            assertThat(daemonSet(k, "terway-eniip").getStatus().getNumberReady()).isEqualTo(2);
            assertThat(k.apps().daemonSets().inNamespace("kube-system").withName("kube-flannel-ds").get()).isNull();
            assertThat(k.pods().inNamespace("kube-system").withLabel("app", "terway-eniip").list().getItems())
                    .extracting(p -> p.getSpec().getNodeName())
                    .containsExactlyInAnyOrder("cn-hangzhou.192.168.0.193", "cn-hangzhou.192.168.0.194");
        }
        String answering = builtInText("terway").replace("answers: timeout", "answers: ok");
        try (Sandbox sandbox = Sandbox.start(ScenarioLoader.parse(answering, "terway-answering"));
             KubernetesClient k = sandbox.cluster().newClient()) {
            assertThat(sandbox.cluster().awaitConverged(() -> k.namespaces().withName("dev").get() == null,
                    Duration.ofSeconds(20))).as("Terway always delivers").isTrue();
            assertThat(available(k).getReason()).isEqualTo("Passed");
        }
    }

    @Test
    void givenAManagedCluster_theRouteInTheControlPlanesTableFreesDev() throws Exception {
        try (Sandbox sandbox = Sandbox.start(ScenarioLoader.loadBuiltIn("managed-cluster"));
             KubernetesClient k = sandbox.cluster().newClient()) {
            sandbox.cluster().reconcileNow();
            assertThat(available(k).getMessage()).isEqualTo(TIMEOUT_MESSAGE);
            assertThat(k.nodes().list().getItems()).noneMatch(n -> n.getMetadata().getLabels()
                    .containsKey("node-role.kubernetes.io/control-plane"));

            new VpcSdk(sandbox.cloudSettings()).call(VpcSdk.createRoute("vtb-system", "172.16.1.0/24", "i-node2"));

            assertThat(sandbox.cluster().awaitConverged(() -> k.namespaces().withName("dev").get() == null,
                    Duration.ofSeconds(30))).isTrue();
        }
    }

    @Test
    void givenAManagedCluster_noNodeIsLocalToTheApiServer() {
        String yaml = builtInText("managed-cluster")
                .replace("node: cn-hangzhou.192.168.0.194, ip: 172.16.1.12", "node: cn-hangzhou.192.168.0.193, ip: 172.16.0.12")
                .replace("entries: [{destination: 172.16.0.0/24, nextHop: i-node1}]", "entries: []");
        try (SandboxCluster sandbox = SandboxCluster.start(ScenarioLoader.parse(yaml, "managed-no-routes"));
             KubernetesClient k = sandbox.newClient()) {
            sandbox.reconcileNow();
            assertThat(available(k).getReason()).isEqualTo("FailedDiscoveryCheck");
            assertThat(available(k).getMessage()).contains("https://172.16.0.12:4443/", "Client.Timeout exceeded");
        }
    }

    @ParameterizedTest(name = "a pod that answers {0}")
    @CsvSource(delimiter = '|', value = {
            "ok      | True  | Passed               | all checks passed",
            "timeout | False | FailedDiscoveryCheck | " + TIMEOUT_MESSAGE,
            "refused | False | FailedDiscoveryCheck | failing or missing response from https://172.16.1.12:4443/apis/"
                    + "metrics.k8s.io/v1beta1: Get \"https://172.16.1.12:4443/apis/metrics.k8s.io/v1beta1\": dial tcp "
                    + "172.16.1.12:4443: connect: connection refused",
            "tls     | False | FailedDiscoveryCheck | failing or missing response from https://172.16.1.12:4443/apis/"
                    + "metrics.k8s.io/v1beta1: Get \"https://172.16.1.12:4443/apis/metrics.k8s.io/v1beta1\": tls: failed"
                    + " to parse certificate from server: x509: negative serial number"})
    void givenTheRoutePresent_whatThePodAnswersDecidesTheCondition(String answers, String status, String reason,
                                                                 String message) {
        String yaml = builtInText("backend-refuses").replace("answers: refused", "answers: " + answers);
        try (SandboxCluster sandbox = SandboxCluster.start(ScenarioLoader.parse(yaml, "answers-" + answers));
             KubernetesClient k = sandbox.newClient()) {
            sandbox.reconcileNow();
            APIServiceCondition condition = available(k);
            assertThat(List.of(condition.getStatus(), condition.getReason(), condition.getMessage()))
                    .containsExactly(status, reason, message);
        }
    }

    @Test
    void aFlannelClusterServesKubeFlannelDsOnEveryNode() {
        try (SandboxCluster sandbox = SandboxCluster.start(ScenarioLoader.loadBuiltIn("seed-incident"));
             KubernetesClient k = sandbox.newClient()) {
            DaemonSet flannel = daemonSet(k, "kube-flannel-ds");
            assertThat(flannel.getMetadata().getLabels()).containsEntry("app", "flannel");
            assertThat(flannel.getStatus().getDesiredNumberScheduled()).isEqualTo(2);
            assertThat(k.pods().inNamespace("kube-system").withLabel("app", "flannel").list().getItems())
                    .hasSize(2).allMatch(p -> p.getMetadata().getName().startsWith("kube-flannel-ds-"));
            assertThat(k.apps().daemonSets().inNamespace("kube-system").withName("terway-eniip").get()).isNull();
        }
    }

    @Test
    void aNamespaceAnyClientDeletesGetsStuckWhileMetricsIsDown() {
        try (SandboxCluster sandbox = SandboxCluster.start(ScenarioLoader.loadBuiltIn("seed-incident"));
             KubernetesClient k = sandbox.newClient()) {
            k.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("scratch-42").endMetadata()
                    .build()).create();
            k.namespaces().withName("scratch-42").delete();

            assertThat(sandbox.awaitConverged(() -> {
                var ns = k.namespaces().withName("scratch-42").get();
                return ns != null && ns.getStatus() != null && ns.getStatus().getConditions() != null
                        && ns.getStatus().getConditions().stream().anyMatch(c ->
                        "NamespaceDeletionDiscoveryFailure".equals(c.getType()) && "True".equals(c.getStatus()));
            }, Duration.ofSeconds(20))).as("scratch-42 is Terminating on the discovery failure").isTrue();
            assertThat(k.namespaces().withName("scratch-42").get().getStatus().getPhase()).isEqualTo("Terminating");
        }
    }

    static APIServiceCondition available(KubernetesClient k) {
        return k.resources(APIService.class).withName(METRICS).get().getStatus().getConditions().stream()
                .filter(c -> "Available".equals(c.getType())).findFirst().orElseThrow();
    }

    static String builtInText(String name) {
        try (var in = SandboxNetworkTest.class.getResourceAsStream("/scenarios/" + name + ".yaml")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean availableIn(Sandbox sandbox, String table) {
        return sandbox.vpc().server().entries(table).stream().anyMatch(e -> e.hasDestination("172.16.1.0/24")
                && e.status() == dev.unstuck.cloud.RouteEntryStatus.AVAILABLE);
    }

    private static DaemonSet daemonSet(KubernetesClient k, String name) {
        return k.apps().daemonSets().inNamespace("kube-system").withName(name).get();
    }
}
