package dev.unstuck.sandbox;

import io.fabric8.kubernetes.api.model.APIService;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceCondition;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SandboxClusterTest {

    @Test
    void givenTheSeedScenario_devLooksLikeARealNamespaceStuckOnMetricsDiscovery() {
        try (SandboxCluster sandbox = SandboxCluster.start(ScenarioLoader.loadBuiltIn("seed-incident"));
             KubernetesClient k = sandbox.newClient()) {
            sandbox.reconcileNow();
            Namespace dev = k.namespaces().withName("dev").get();
            assertThat(dev.getStatus().getPhase()).isEqualTo("Terminating");
            assertThat(dev.getSpec().getFinalizers()).containsExactly("kubernetes");
            assertThat(dev.getMetadata().getFinalizers()).isNullOrEmpty();
            Instant deleting = Instant.parse(dev.getMetadata().getDeletionTimestamp());
            assertThat(Duration.between(deleting, Instant.now()).toMinutes()).isBetween(179L, 181L);
            assertThat(dev.getStatus().getConditions()).extracting(NamespaceCondition::getType).containsExactly(
                    "NamespaceDeletionDiscoveryFailure", "NamespaceDeletionGroupVersionParsingFailure",
                    "NamespaceDeletionContentFailure", "NamespaceContentRemaining", "NamespaceFinalizersRemaining");
            assertThat(condition(dev, "NamespaceDeletionDiscoveryFailure").getMessage()).isEqualTo(
                    "Discovery failed for some groups, 1 failing: unable to retrieve the complete list of server APIs:"
                            + " metrics.k8s.io/v1beta1: the server is currently unable to handle the request");

            APIService metrics = k.resources(APIService.class).withName("v1beta1.metrics.k8s.io").get();
            var available = metrics.getStatus().getConditions().get(0);
            assertThat(available.getStatus()).isEqualTo("False");
            assertThat(available.getReason()).isEqualTo("FailedDiscoveryCheck");
            assertThat(available.getMessage()).startsWith(
                    "failing or missing response from https://172.16.1.12:4443/apis/metrics.k8s.io/v1beta1");

            assertThatThrownBy(() -> k.getApiResources("metrics.k8s.io/v1beta1"))
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(503));
            assertThat(k.getApiResources("apps/v1").getResources()).isNotEmpty();

            // The route controller fails its table lookup and returns before touching node conditions: node2 still
            // says RouteCreated from before the incident although its route is gone.
            NodeCondition network = k.nodes().withName("cn-hangzhou.192.168.0.194").get().getStatus().getConditions()
                    .stream().filter(c -> c.getType().equals("NetworkUnavailable")).findFirst().orElseThrow();
            assertThat(network.getReason()).isEqualTo("RouteCreated");
            assertThat(k.v1().events().inNamespace("default").list().getItems())
                    .filteredOn(e -> "route-controller".equals(e.getInvolvedObject().getName()))
                    .extracting(e -> e.getReason() + ": " + e.getMessage())
                    .containsExactly("SyncRouteFailed: Reconciling route error: no route tables found by vpc id[vpc-typo01]");
            assertThat(k.nodes().withName("cn-hangzhou.192.168.0.194").get().getSpec().getProviderID())
                    .isEqualTo("cn-hangzhou.i-node2");
            assertThat(k.pods().inNamespace("kube-system").withName(SandboxCluster.CCM_POD).getLog())
                    .contains("no route tables found by vpc id[vpc-typo01]");
            assertThat(k.configMaps().inNamespace("kube-system").withName("cloud-config").get().getData()
                    .get("cloud-config.conf")).contains("\"vpcid\":\"vpc-typo01\"");
            assertThat(k.namespaces().withName("payments").get().getStatus().getPhase()).isEqualTo("Active");
        }
    }

    @Test
    void givenAllRoutesPresent_aDeletedNamespaceFinishesAndItsContentIsGone() {
        try (SandboxCluster sandbox = SandboxCluster.start(ScenarioLoader.loadBuiltIn("healthy"));
             KubernetesClient k = sandbox.newClient()) {
            assertThat(sandbox.awaitConverged(() -> k.namespaces().withName("dev").get() == null, Duration.ofSeconds(20)))
                    .as("namespace dev is gone").isTrue();
            assertThat(k.configMaps().inNamespace("dev").withName("app-settings").get()).isNull();
            assertThat(k.resources(APIService.class).withName("v1beta1.metrics.k8s.io").get().getStatus()
                    .getConditions().get(0).getReason()).isEqualTo("Passed");
            assertThat(k.getApiResources("metrics.k8s.io/v1beta1").getResources()).extracting("name")
                    .contains("pods", "nodes");
        }
    }

    @Test
    void givenAConfigMapWithAFinalizer_theConditionNamesItsCoreTypeWithABareDot_asTheNamespaceControllerWritesIt() {
        try (SandboxCluster sandbox = SandboxCluster.start(ScenarioLoader.loadBuiltIn("healthy"));
             KubernetesClient k = sandbox.newClient()) {
            k.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("drill").endMetadata().build())
                    .create();
            k.configMaps().inNamespace("drill").resource(new ConfigMapBuilder().withNewMetadata().withName("held")
                    .withFinalizers("example.com/keep").endMetadata().build()).create();
            k.namespaces().withName("drill").delete();
            sandbox.reconcileNow();
            Namespace drill = k.namespaces().withName("drill").get();
            assertThat(condition(drill, "NamespaceContentRemaining").getMessage())
                    .isEqualTo("Some resources are remaining: configmaps. has 1 resource instances");
            assertThat(condition(drill, "NamespaceFinalizersRemaining").getMessage())
                    .isEqualTo("Some finalizers are remaining: example.com/keep in 1 resource instances");
        }
    }

    @Test
    void givenAWidgetWithAFinalizer_legacyWaitsUntilSomeoneRemovesIt() {
        try (SandboxCluster sandbox = SandboxCluster.start(ScenarioLoader.loadBuiltIn("stuck-finalizer"));
             KubernetesClient k = sandbox.newClient()) {
            sandbox.reconcileNow();
            Namespace legacy = k.namespaces().withName("legacy").get();
            assertThat(condition(legacy, "NamespaceContentRemaining").getMessage())
                    .isEqualTo("Some resources are remaining: widgets.example.com has 1 resource instances");
            assertThat(condition(legacy, "NamespaceFinalizersRemaining").getMessage())
                    .isEqualTo("Some finalizers are remaining: example.com/cleanup in 1 resource instances");
            assertThat(k.configMaps().inNamespace("legacy").withName("settings").get()).isNull();
            var widgets = k.genericKubernetesResources(new ResourceDefinitionContext.Builder().withGroup("example.com")
                    .withVersion("v1").withKind("Widget").withPlural("widgets").withNamespaced(true).build());
            assertThat(widgets.inNamespace("legacy").withName("w1").get().getMetadata().getDeletionTimestamp()).isNotNull();
            assertThat(k.getApiResources("example.com/v1").getResources()).extracting("kind").containsExactly("Widget");

            widgets.inNamespace("legacy").withName("w1").edit(w -> {
                w.getMetadata().setFinalizers(List.of());
                return w;
            });
            assertThat(sandbox.awaitConverged(() -> k.namespaces().withName("legacy").get() == null,
                    Duration.ofSeconds(20))).as("namespace legacy is gone").isTrue();
            assertThat(k.namespaces().withName("scratch").get()).isNotNull();
        }
    }

    @Test
    void givenAWebhookThatDeniesDeletes_archiveReportsContentDeletionFailure() {
        try (SandboxCluster sandbox = SandboxCluster.start(ScenarioLoader.loadBuiltIn("content-deletion-failed"));
             KubernetesClient k = sandbox.newClient()) {
            sandbox.reconcileNow();
            NamespaceCondition failure = condition(k.namespaces().withName("archive").get(),
                    "NamespaceDeletionContentFailure");
            assertThat(failure.getStatus()).isEqualTo("True");
            assertThat(failure.getMessage()).isEqualTo("Failed to delete all resource types, 1 remaining: admission"
                    + " webhook \"backups.backup.example.com\" denied the request: backup nightly-20261124 is in progress");
        }
    }

    @Test
    void givenAMalformedGroupVersion_toolsReportsTheParsingFailure() {
        try (SandboxCluster sandbox = SandboxCluster.start(ScenarioLoader.loadBuiltIn("group-version-parsing"));
             KubernetesClient k = sandbox.newClient()) {
            sandbox.reconcileNow();
            NamespaceCondition parsing = condition(k.namespaces().withName("tools").get(),
                    "NamespaceDeletionGroupVersionParsingFailure");
            assertThat(parsing.getReason()).isEqualTo("GroupVersionParsingFailed");
            assertThat(parsing.getMessage()).isEqualTo("unexpected GroupVersion string: example.com/v1/beta");
        }
    }

    @Test
    void everyShippedScenarioLoadsAndServes() {
        for (String name : ScenarioLoader.BUILT_IN) {
            Scenario scenario = ScenarioLoader.loadBuiltIn(name);
            assertThat(scenario.name()).isEqualTo(name);
            try (SandboxCluster sandbox = SandboxCluster.start(scenario); KubernetesClient k = sandbox.newClient()) {
                sandbox.reconcileNow();
                assertThat(k.nodes().list().getItems()).hasSize(scenario.nodes().size());
            }
        }
    }

    @Test
    void theKubeconfigItWritesWorksForAnyClient(@TempDir Path dir) throws Exception {
        try (SandboxCluster sandbox = SandboxCluster.start(ScenarioLoader.loadBuiltIn("seed-incident"))) {
            Path kubeconfig = sandbox.writeKubeconfig(dir.resolve("kubeconfig"));
            Config config = Config.fromKubeconfig(null, kubeconfig.toFile());
            try (KubernetesClient k = new KubernetesClientBuilder().withConfig(config).build()) {
                assertThat(k.namespaces().withName("dev").get().getStatus().getPhase()).isEqualTo("Terminating");
            }
        }
    }

    private static NamespaceCondition condition(Namespace ns, String type) {
        return ns.getStatus().getConditions().stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
    }
}
