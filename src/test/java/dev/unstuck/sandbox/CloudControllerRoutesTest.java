package dev.unstuck.sandbox;

import com.aliyuncs.exceptions.ClientException;
import dev.unstuck.cloud.RouteEntry;
import dev.unstuck.sandbox.vpc.VpcSdk;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The simulated cloud-controller-manager fails, records and heals the way its route controller's source does. */
class CloudControllerRoutesTest {
    private static final String NODE2 = "cn-hangzhou.192.168.0.194";

    @Test
    void givenAVpcIdThatDoesNotExist_itFailsTheTableLookupAndLeavesRouteCreatedOnTheNodes() throws Exception {
        try (Sandbox sandbox = Sandbox.start(ScenarioLoader.loadBuiltIn("seed-incident"));
             KubernetesClient k = sandbox.cluster().newClient()) {
            sandbox.cluster().reconcileNow();

            Event failed = single(routeControllerEvents(k));
            assertThat(failed.getReason()).isEqualTo("SyncRouteFailed");
            assertThat(failed.getType()).isEqualTo("Warning");
            assertThat(failed.getMessage()).isEqualTo("Reconciling route error: no route tables found by vpc id[vpc-typo01]");
            assertThat(failed.getInvolvedObject().getKind()).isEqualTo("Event");
            assertThat(failed.getSource().getComponent()).isEqualTo("route-controller");
            assertThat(networkCondition(k, NODE2).getReason()).isEqualTo("RouteCreated");
            assertThat(k.v1().events().inNamespace("default").list().getItems())
                    .extracting(Event::getReason).doesNotContain("DescriberRouteTablesFailed", "CreateRouteFailed");
            assertThat(k.configMaps().inNamespace("kube-system").withName("cloud-config").get().getData()
                    .get("cloud-config.conf")).contains("\"vpcid\":\"vpc-typo01\"", "\"routeTableIDs\":\"\"");

            new VpcSdk(sandbox.cloudSettings()).call(VpcSdk.createRoute("vtb-hz001", "172.16.1.0/24", "i-node2"));
            assertThat(sandbox.cluster().awaitConverged(() -> k.namespaces().withName("dev").get() == null,
                    Duration.ofSeconds(30))).isTrue();
            assertThat(routeControllerEvents(k)).as("still failing, recorded once").hasSize(1);
            assertThat(networkCondition(k, NODE2).getReason()).isEqualTo("RouteCreated");
        }
    }

    @Test
    void givenASecondRouteTableAndNoRouteTableIds_itRefusesToPickOne() {
        try (SandboxCluster sandbox = SandboxCluster.start(ScenarioLoader.loadBuiltIn("managed-cluster"));
             KubernetesClient k = sandbox.newClient()) {
            sandbox.reconcileNow();
            assertThat(single(routeControllerEvents(k)).getMessage()).isEqualTo(
                    "Reconciling route error: multiple route tables found by vpc id[vpc-hz001], length(tables)=2");
            assertThat(k.pods().inNamespace("kube-system").withName(SandboxCluster.CCM_POD).getLog())
                    .contains("multiple route tables found by vpc id[vpc-hz001], length(tables)=2");
        }
    }

    @Test
    void givenAFullRouteTable_itsCreateIsRefusedWithQuotaExceededAndTheNodeSaysNoRouteCreated() throws Exception {
        try (Sandbox sandbox = Sandbox.start(ScenarioLoader.loadBuiltIn("route-table-full"));
             KubernetesClient k = sandbox.cluster().newClient()) {
            sandbox.cluster().reconcileNow();

            assertThat(nodeEvents(k, NODE2)).extracting(e -> e.getType() + " " + e.getReason() + ": " + e.getMessage())
                    .containsExactly("Warning CreateRouteFailed: Error creating route entry in vtb-hz001: Route entry"
                            + " quota exceeded in this route table.");
            NodeCondition node2 = networkCondition(k, NODE2);
            assertThat(List.of(node2.getStatus(), node2.getReason(), node2.getMessage()))
                    .containsExactly("True", "NoRouteCreated", "RouteController failed to create a route");
            assertThat(networkCondition(k, "cn-hangzhou.192.168.0.193").getReason()).isEqualTo("RouteCreated");
            assertThat(customEntries(sandbox, "vtb-hz001")).hasSize(48);

            VpcSdk sdk = new VpcSdk(sandbox.cloudSettings());
            var dryRun = VpcSdk.createRoute("vtb-hz001", "172.16.1.0/24", "i-node2");
            dryRun.putQueryParameter("DryRun", "true");
            assertThatThrownBy(() -> sdk.call(dryRun)).isInstanceOfSatisfying(ClientException.class,
                    e -> assertThat(e.getErrCode()).isEqualTo("QuotaExceeded"));
            assertThatThrownBy(() -> sdk.call(VpcSdk.createRoute("vtb-hz001", "172.16.1.0/24", "i-node2")))
                    .isInstanceOfSatisfying(ClientException.class, e -> assertThat(e.getErrMsg())
                            .isEqualTo("Route entry quota exceeded in this route table."));
            assertThat(customEntries(sandbox, "vtb-hz001")).hasSize(48);
        }
    }

    @Test
    void givenRouteTableIdsNamingOnlyTheWorkersTable_itIsContentWhileTheSystemTableLacksTheRoute() {
        try (SandboxCluster sandbox = SandboxCluster.start(ScenarioLoader.loadBuiltIn("custom-route-table"));
             KubernetesClient k = sandbox.newClient()) {
            sandbox.reconcileNow();
            assertThat(k.configMaps().inNamespace("kube-system").withName("cloud-config").get().getData()
                    .get("cloud-config.conf")).contains("\"routeTableIDs\":\"vtb-workers\"");
            assertThat(k.v1().events().inNamespace("default").list().getItems()).isEmpty();
            assertThat(k.nodes().list().getItems()).allSatisfy(n -> assertThat(networkCondition(k,
                    n.getMetadata().getName()).getReason()).isEqualTo("RouteCreated"));
            assertThat(k.pods().inNamespace("kube-system").withName(SandboxCluster.CCM_POD).get().getSpec()
                    .getContainers().get(0).getArgs())
                    .contains("--configure-cloud-routes=true", "--cluster-cidr=172.16.0.0/16");
        }
    }

    @Test
    void givenAHealthyRouteController_aMissingRouteIsCreatedByIt_withoutNameOrDescription() {
        String yaml = SandboxNetworkTest.builtInText("seed-incident").replace("configuredVpcId: vpc-typo01",
                "configuredVpcId: vpc-hz001") + "faults: {vpc: {pendingSeconds: 0.2}}\n";
        try (Sandbox sandbox = Sandbox.start(ScenarioLoader.parse(yaml, "healthy-ccm"));
             KubernetesClient k = sandbox.cluster().newClient()) {
            sandbox.cluster().reconcileNow();
            assertThat(nodeEvents(k, NODE2)).extracting(e -> e.getType() + " " + e.getReason() + ": " + e.getMessage())
                    .containsExactly("Normal CreatedRoute: Created route for vtb-hz001 with " + NODE2
                            + " -> 172.16.1.0/24 successfully");
            RouteEntry created = customEntries(sandbox, "vtb-hz001").stream()
                    .filter(e -> e.hasDestination("172.16.1.0/24")).findFirst().orElseThrow();
            assertThat(created.pointsToInstance("i-node2")).isTrue();
            assertThat(created.description()).isEmpty();
            assertThat(sandbox.cluster().awaitConverged(() -> k.namespaces().withName("dev").get() == null,
                    Duration.ofSeconds(30))).as("the cluster heals itself").isTrue();
        }
    }

    @Test
    void givenARouteToAReplacedInstance_itsCreateMeetsTheDuplicateAndTheConflictStays() {
        try (Sandbox sandbox = Sandbox.start(ScenarioLoader.loadBuiltIn("route-conflict"));
             KubernetesClient k = sandbox.cluster().newClient()) {
            sandbox.cluster().reconcileNow();
            assertThat(nodeEvents(k, NODE2)).extracting(Event::getMessage).containsExactly(
                    "Error creating route entry in vtb-hz001: Specified CIDR block is already exists.");
            assertThat(networkCondition(k, NODE2).getReason()).isEqualTo("NoRouteCreated");
            assertThat(customEntries(sandbox, "vtb-hz001")).anyMatch(e -> e.hasDestination("172.16.1.0/24")
                    && e.pointsToInstance("i-old2"));
        }
    }

    @Test
    void givenRouteTableIdsNamingATableThatDoesNotExist_listingItFails() {
        String yaml = SandboxNetworkTest.builtInText("seed-incident").replace("configuredVpcId: vpc-typo01",
                "configuredVpcId: vpc-hz001\n  routeTableIds: [vtb-gone]");
        try (SandboxCluster sandbox = SandboxCluster.start(ScenarioLoader.parse(yaml, "gone-table"));
             KubernetesClient k = sandbox.newClient()) {
            sandbox.reconcileNow();
            assertThat(single(routeControllerEvents(k)).getMessage()).startsWith("Reconciling route error: table"
                    + " vtb-gone get route entries error ,err describe route entry list error, err SDK.ServerError\n"
                    + "ErrorCode: InvalidRouteTable.NotFound\n");
        }
    }

    @Test
    void onTerwayTheRouteControllerIsOff() {
        try (SandboxCluster sandbox = SandboxCluster.start(ScenarioLoader.loadBuiltIn("terway"));
             KubernetesClient k = sandbox.newClient()) {
            sandbox.reconcileNow();
            assertThat(k.v1().events().inNamespace("default").list().getItems()).isEmpty();
            assertThat(k.pods().inNamespace("kube-system").withName(SandboxCluster.CCM_POD).get().getSpec()
                    .getContainers().get(0).getArgs()).contains("--configure-cloud-routes=false");
        }
    }

    private static List<Event> routeControllerEvents(KubernetesClient k) {
        return k.v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> "route-controller".equals(e.getInvolvedObject().getName())).toList();
    }

    private static List<Event> nodeEvents(KubernetesClient k, String node) {
        return k.v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> "Node".equals(e.getInvolvedObject().getKind()) && node.equals(e.getInvolvedObject().getName()))
                .toList();
    }

    private static NodeCondition networkCondition(KubernetesClient k, String node) {
        return k.nodes().withName(node).get().getStatus().getConditions().stream()
                .filter(c -> "NetworkUnavailable".equals(c.getType())).findFirst().orElseThrow();
    }

    private static List<RouteEntry> customEntries(Sandbox sandbox, String table) {
        return sandbox.vpc().server().entries(table).stream().filter(e -> "Custom".equals(e.type())).toList();
    }

    private static Event single(List<Event> events) {
        assertThat(events).hasSize(1);
        return events.get(0);
    }
}
