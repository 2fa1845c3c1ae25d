package dev.unstuck.sandbox;

import io.fabric8.kubernetes.api.model.APIService;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a drill does to the sandbox while the bot runs: the world reacts as the real controllers would. */
class SandboxDrillsTest {
    private static final String METRICS = "v1beta1.metrics.k8s.io";
    private static final String NODE2_ROUTE = "172.16.1.0/24";

    @Test
    void givenAHealthyCluster_whenTheCcmIsBrokenAndNode2sRouteDeleted_metricsTurnsUnavailableUntilTheCcmIsFixed() {
        try (Sandbox sandbox = Sandbox.start(ScenarioLoader.loadBuiltIn("healthy"));
             KubernetesClient k = sandbox.cluster().newClient()) {
            assertThat(sandbox.cloudControllerVpcId()).isEqualTo("vpc-hz001");

            assertThat(sandbox.breakCloudController()).isEqualTo("vpc-typo-hz001");
            assertThat(k.configMaps().inNamespace("kube-system").withName("cloud-config").get().getData()
                    .get("cloud-config.conf")).contains("\"vpcid\":\"vpc-typo-hz001\"");
            assertThat(k.pods().inNamespace("kube-system").withName(SandboxCluster.CCM_POD).getLog())
                    .contains("no route tables found by vpc id[vpc-typo-hz001]");

            assertThat(sandbox.deleteRouteEntry("vtb-hz001", NODE2_ROUTE)).hasValueSatisfying(e ->
                    assertThat(e.nextHopId()).isEqualTo("i-node2"));
            assertThat(sandbox.cluster().awaitConverged(() -> !available(k), Duration.ofSeconds(20))).isTrue();
            sandbox.cluster().reconcileNow();
            assertThat(routes(sandbox)).as("a broken CCM restores nothing").doesNotContain(NODE2_ROUTE);

            assertThat(sandbox.fixCloudController()).isEqualTo("vpc-hz001");
            assertThat(sandbox.cluster().awaitConverged(() -> available(k), Duration.ofSeconds(20))).isTrue();
            assertThat(routes(sandbox)).as("the CCM put the route back").contains(NODE2_ROUTE);
            assertThat(k.pods().inNamespace("kube-system").withName(SandboxCluster.CCM_POD).getLog())
                    .contains("routes in sync with vtb-hz001").doesNotContain("vpc-typo-hz001");
        }
    }

    @Test
    void givenARouteNobodyCreated_deletingItFindsNothingAndAnUnknownTableIsRefused() {
        try (Sandbox sandbox = Sandbox.start(ScenarioLoader.loadBuiltIn("seed-incident"))) {
            assertThat(sandbox.deleteRouteEntry("vtb-hz001", NODE2_ROUTE)).isEmpty();
            assertThatThrownBy(() -> sandbox.deleteRouteEntry("vtb-nope", NODE2_ROUTE))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("vtb-nope");
        }
    }

    private static boolean available(KubernetesClient k) {
        APIService a = k.resources(APIService.class).withName(METRICS).get();
        return a.getStatus().getConditions().stream()
                .anyMatch(c -> "Available".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static java.util.List<String> routes(Sandbox sandbox) {
        return sandbox.vpc().server().entries("vtb-hz001").stream().map(e -> e.destinationCidrBlock()).toList();
    }
}
