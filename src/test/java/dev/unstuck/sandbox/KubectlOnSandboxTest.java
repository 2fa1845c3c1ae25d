package dev.unstuck.sandbox;

import dev.unstuck.cloud.CreateRouteEntryRequest;
import dev.unstuck.cloud.aliyun.AliyunVpcApi;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A drill as people run it: the real kubectl against a sandbox serving the seed incident. The read-only checks share
 * one sandbox; anything that changes the world (creating, deleting, repairing) gets its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubectlOnSandboxTest {
    private static final String METRICS = "v1beta1.metrics.k8s.io";

    private String kubectlMissing;
    private Sandbox incident;
    private Kubectl kubectl;

    @BeforeAll
    void startTheSeedIncident(@TempDir Path dir) throws Exception {
        kubectlMissing = Kubectl.unavailableReason();
        if (kubectlMissing == null) {
            incident = Sandbox.start(ScenarioLoader.loadBuiltIn("seed-incident"));
            kubectl = kubectlFor(incident, dir.resolve("shared"));
        }
    }

    @BeforeEach
    void needsKubectl() {
        assumeTrue(kubectlMissing == null, () -> "kubectl test skipped: " + kubectlMissing);
    }

    @AfterAll
    void stop() {
        if (incident != null) {
            incident.close();
        }
    }

    @Test
    void getNamespaces_showsDevTerminatingWithTheServersColumns() throws Exception {
        Kubectl.Result r = kubectl.run("get", "ns");

        assertThat(r.ok()).as(r.err()).isTrue();
        List<Map<String, String>> table = Kubectl.table(r.out());
        assertThat(table.get(0).keySet()).containsExactly("NAME", "STATUS", "AGE");
        assertThat(Kubectl.row(table, "NAME", "dev").get("STATUS")).isEqualTo("Terminating");
        assertThat(Kubectl.row(table, "NAME", "payments").get("STATUS")).isEqualTo("Active");
        // The discovery failure behind the incident reaches kubectl as it does on the cluster.
        assertThat(r.err()).contains("couldn't get resource list for metrics.k8s.io/v1beta1: the server is currently"
                + " unable to handle the request");
    }

    @Test
    void getApiServices_showsMetricsUnavailableAsTheAggregatorPrintsIt() throws Exception {
        Kubectl.Result r = kubectl.run("get", "apiservice");

        assertThat(r.ok()).as(r.err()).isTrue();
        List<Map<String, String>> table = Kubectl.table(r.out());
        assertThat(table.get(0).keySet()).containsExactly("NAME", "SERVICE", "AVAILABLE", "AGE");
        Map<String, String> metrics = Kubectl.row(table, "NAME", METRICS);
        assertThat(metrics.get("SERVICE")).isEqualTo("kube-system/metrics-server");
        assertThat(metrics.get("AVAILABLE")).isEqualTo("False (FailedDiscoveryCheck)");
        assertThat(Kubectl.row(table, "NAME", "v1.apps")).containsEntry("SERVICE", "Local").containsEntry("AVAILABLE",
                "True");
    }

    @Test
    void getNodes_showsStatusRolesAndWideAddresses() throws Exception {
        Kubectl.Result r = kubectl.run("get", "nodes", "-o", "wide");

        assertThat(r.ok()).as(r.err()).isTrue();
        List<Map<String, String>> table = Kubectl.table(r.out());
        assertThat(table.get(0).keySet()).startsWith("NAME", "STATUS", "ROLES", "AGE", "VERSION", "INTERNAL-IP");
        Map<String, String> controlPlane = Kubectl.row(table, "NAME", "cn-hangzhou.192.168.0.193");
        assertThat(controlPlane).containsEntry("STATUS", "Ready").containsEntry("ROLES", "control-plane")
                .containsEntry("INTERNAL-IP", "192.168.0.193");
        assertThat(Kubectl.row(table, "NAME", "cn-hangzhou.192.168.0.194")).containsEntry("ROLES", "<none>");
    }

    @Test
    void getPodsInAllNamespaces_listsTheMetricsServerOnItsNode() throws Exception {
        Kubectl.Result r = kubectl.run("get", "pods", "-A", "-o", "wide");

        assertThat(r.ok()).as(r.err()).isTrue();
        List<Map<String, String>> table = Kubectl.table(r.out());
        assertThat(table.get(0).keySet()).startsWith("NAMESPACE", "NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP",
                "NODE");
        Map<String, String> metrics = Kubectl.row(table, "NAME", "metrics-server-6d5b7f9c7-x2x7q");
        assertThat(metrics).containsEntry("NAMESPACE", "kube-system").containsEntry("STATUS", "Running")
                .containsEntry("IP", "172.16.1.12").containsEntry("NODE", "cn-hangzhou.192.168.0.194");
    }

    @Test
    void apiResources_listsTheShortNamesOfTheRealDiscoveryDocuments() throws Exception {
        Kubectl.Result r = kubectl.run("api-resources");

        List<Map<String, String>> table = Kubectl.table(r.out());
        assertThat(Kubectl.row(table, "NAME", "namespaces")).containsEntry("SHORTNAMES", "ns");
        assertThat(Kubectl.row(table, "NAME", "pods")).containsEntry("SHORTNAMES", "po");
        assertThat(Kubectl.row(table, "NAME", "services")).containsEntry("SHORTNAMES", "svc");
        assertThat(Kubectl.row(table, "NAME", "deployments")).containsEntry("SHORTNAMES", "deploy");
        // apiservices has no short name in Kubernetes.
        assertThat(Kubectl.row(table, "NAME", "apiservices")).containsEntry("SHORTNAMES", "")
                .containsEntry("APIVERSION", "apiregistration.k8s.io/v1");
        // The unavailable aggregated API is the one group kubectl cannot list, as on the cluster.
        assertThat(r.err()).contains("unable to retrieve the complete list of server APIs: metrics.k8s.io/v1beta1");

        Kubectl.Result byShortName = kubectl.run("get", "svc", "-n", "kube-system", "-o", "name");
        assertThat(byShortName.out().trim()).isEqualTo("service/metrics-server");
    }

    @Test
    void openApiV2_isNotServed_andV3LetsKubectlLeaveValidationToTheServer() throws Exception {
        Kubectl.Result v2 = kubectl.run("get", "--raw", "/openapi/v2");
        assertThat(v2.ok()).isFalse();
        assertThat(v2.err()).contains("Error from server (NotFound): the server could not find the requested resource");

        Kubectl.Result v3 = kubectl.run("get", "--raw", "/openapi/v3");
        assertThat(v3.ok()).as(v3.err()).isTrue();
        assertThat(v3.out()).contains("\"api/v1\"").doesNotContain("metrics.k8s.io");
    }

    @Test
    void namespaceDevAsYaml_hasTheFiveConditionsAndADeletionAfterItsCreation() throws Exception {
        Kubectl.Result phase = kubectl.run("get", "ns", "dev", "-o", "jsonpath={.status.phase}");
        Kubectl.Result types = kubectl.run("get", "ns", "dev", "-o", "jsonpath={.status.conditions[*].type}");
        Kubectl.Result created = kubectl.run("get", "ns", "dev", "-o", "jsonpath={.metadata.creationTimestamp}");
        Kubectl.Result deleted = kubectl.run("get", "ns", "dev", "-o", "jsonpath={.metadata.deletionTimestamp}");
        Kubectl.Result yaml = kubectl.run("get", "ns", "dev", "-o", "yaml");

        assertThat(phase.out()).isEqualTo("Terminating");
        assertThat(types.out().split(" ")).containsExactly("NamespaceDeletionDiscoveryFailure",
                "NamespaceDeletionGroupVersionParsingFailure", "NamespaceDeletionContentFailure",
                "NamespaceContentRemaining", "NamespaceFinalizersRemaining");
        Instant deletion = Instant.parse(deleted.out());
        assertThat(Instant.parse(created.out())).isBefore(deletion);
        assertThat(Duration.between(deletion, Instant.now()).toMinutes()).isBetween(179L, 181L);
        // The store's hidden hold on deleting namespaces never shows.
        assertThat(yaml.out()).doesNotContain("namespace: null").contains("  finalizers:\n  - kubernetes\n")
                .containsOnlyOnce("- kubernetes");
    }

    @Test
    void describeNamespaceDev_tellsTheDiscoveryFailure() throws Exception {
        Kubectl.Result r = kubectl.run("describe", "ns", "dev");

        assertThat(r.ok()).as(r.err()).isTrue();
        assertThat(r.out()).contains("Status:       Terminating").contains("NamespaceDeletionDiscoveryFailure")
                .contains("DiscoveryFailed").contains("metrics.k8s.io/v1beta1: the server is currently unable to"
                        + " handle the request").contains("No resource quota.");
    }

    @Test
    void badRequests_getTheServersOneLineErrors() throws Exception {
        assertThat(kubectl.run("get", "ns", "nope").err())
                .contains("Error from server (NotFound): namespaces \"nope\" not found");
        assertThat(kubectl.run("create", "ns", "dev").err()).contains(
                "Error from server (AlreadyExists): object is being deleted: namespaces \"dev\" already exists");
        assertThat(kubectl.run("create", "ns", "Bad_Name").err()).contains("The Namespace \"Bad_Name\" is invalid:"
                + " metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 label must consist of lower case"
                + " alphanumeric characters or '-'");
        assertThat(kubectl.run("get", "ns", "dev").ok()).as("the sandbox still serves").isTrue();
    }

    @Test
    void givenMetricsDown_aNamespaceCreatedAndDeletedWithKubectlGetsStuck_andTheRouteRepairFreesItAndDev(
            @TempDir Path own) throws Exception {
        try (Sandbox sandbox = Sandbox.start(ScenarioLoader.loadBuiltIn("seed-incident"));
             KubernetesClient client = sandbox.cluster().newClient()) {
            Kubectl k = kubectlFor(sandbox, own);

            Kubectl.Result create = k.run("create", "namespace", "drill-1");
            assertThat(create.out()).contains("namespace/drill-1 created");
            assertThat(k.run("get", "ns", "drill-1", "-o", "jsonpath={.status.phase} {.spec.finalizers} "
                    + "{.metadata.uid} {.metadata.resourceVersion} {.metadata.finalizers}").out())
                    .matches("Active \\[\"kubernetes\"] \\S+ \\d+ ");

            Instant before = Instant.now();
            Kubectl.Result delete = k.run("delete", "ns", "drill-1", "--wait=false");
            assertThat(delete.out()).contains("namespace \"drill-1\" deleted");
            sandbox.cluster().reconcileNow();
            assertThat(k.run("get", "ns", "drill-1", "-o", "jsonpath={.status.phase}").out()).isEqualTo("Terminating");
            Instant deletion = Instant.parse(k.run("get", "ns", "drill-1", "-o",
                    "jsonpath={.metadata.deletionTimestamp}").out());
            Instant creation = Instant.parse(k.run("get", "ns", "drill-1", "-o",
                    "jsonpath={.metadata.creationTimestamp}").out());
            assertThat(deletion).isAfterOrEqualTo(creation).isBetween(before.minusSeconds(2), Instant.now());
            assertThat(k.run("get", "ns", "drill-1", "-o", "jsonpath={.status.conditions[0].reason}").out())
                    .isEqualTo("DiscoveryFailed");

            // The waiting form blocks while the namespace cannot finish, as on the cluster.
            k.run("create", "namespace", "drill-2");
            Kubectl.Running waiting = k.start("delete", "namespace", "drill-2");
            assertThat(sandbox.cluster().awaitConverged(() -> client.namespaces().withName("drill-2").get() != null
                    && client.namespaces().withName("drill-2").get().getMetadata().getDeletionTimestamp() != null,
                    Duration.ofSeconds(30))).isTrue();
            assertThat(waiting.process().isAlive()).as("kubectl delete waits for the stuck namespace").isTrue();

            repairTheMissingRoute(sandbox);

            assertThat(sandbox.cluster().awaitConverged(() -> client.namespaces().withName("dev").get() == null
                    && client.namespaces().withName("drill-1").get() == null
                    && client.namespaces().withName("drill-2").get() == null, Duration.ofSeconds(60))).isTrue();
            Kubectl.Result waited = waiting.finish(Kubectl.COMMAND_BOUND);
            assertThat(waited.exit()).as(waited.err()).isZero();
            assertThat(waited.out()).contains("namespace \"drill-2\" deleted");
            Kubectl.Result after = k.run("get", "ns");
            assertThat(Kubectl.table(after.out())).extracting(r -> r.get("NAME"))
                    .doesNotContain("dev", "drill-1", "drill-2").contains("payments");
            assertThat(after.err()).as("discovery works again").doesNotContain("metrics.k8s.io");
            assertThat(Kubectl.row(Kubectl.table(k.run("get", "apiservice").out()), "NAME", METRICS))
                    .containsEntry("AVAILABLE", "True");
        }
    }

    @Test
    void applyLabelAndReplace_workWithoutFlags_andKeepTheNamespaceAlive(@TempDir Path own) throws Exception {
        try (Sandbox sandbox = Sandbox.start(ScenarioLoader.loadBuiltIn("seed-incident"))) {
            Kubectl k = kubectlFor(sandbox, own);
            Path manifest = own.resolve("ns.yaml");
            Files.writeString(manifest, "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-a\n  labels:\n"
                    + "    team: sre\n");

            assertThat(k.run("apply", "-f", manifest.toString()).out()).contains("namespace/team-a created");
            Files.writeString(manifest, Files.readString(manifest).replace("team: sre", "team: platform"));
            assertThat(k.run("apply", "-f", manifest.toString()).out()).contains("namespace/team-a configured");
            assertThat(k.run("label", "ns", "team-a", "tier=gold").out()).contains("namespace/team-a labeled");
            assertThat(k.run("replace", "-f", manifest.toString()).out()).contains("namespace/team-a replaced");

            Kubectl.Result shown = k.run("get", "ns", "team-a", "-o", "jsonpath={.metadata.labels.team} "
                    + "{.status.phase} {.spec.finalizers}");
            assertThat(shown.out()).isEqualTo("platform Active [\"kubernetes\"]");
            // A whole-object write by a client does not drop the store's hold: deleting still leaves it Terminating.
            k.run("delete", "ns", "team-a", "--wait=false");
            sandbox.cluster().reconcileNow();
            assertThat(k.run("get", "ns", "team-a", "-o", "jsonpath={.status.phase}").out()).isEqualTo("Terminating");
        }
    }

    @Test
    void watchingNamespaces_streamsACreationAsItHappens(@TempDir Path own) throws Exception {
        try (Sandbox sandbox = Sandbox.start(ScenarioLoader.loadBuiltIn("seed-incident"));
             KubernetesClient client = sandbox.cluster().newClient()) {
            Kubectl k = kubectlFor(sandbox, own);
            Kubectl.Running watch = k.start("get", "ns", "--watch-only", "-o", "name", "-v=6");
            try {
                // Wait (bounded) until the server has answered the watch request, then create through another client.
                assertThat(sandbox.cluster().awaitConverged(() -> errors(watch).contains("watch=true 200 OK"),
                        Duration.ofSeconds(30))).as(errors(watch)).isTrue();
                client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
                        .withName("watched").endMetadata().build()).create();
                assertThat(sandbox.cluster().awaitConverged(() -> output(watch).contains("namespace/watched"),
                        Duration.ofSeconds(30))).as("kubectl saw the new namespace: " + output(watch)).isTrue();
            } finally {
                watch.stop();
            }
        }
    }

    @Test
    void forceFinalizingADeletingNamespace_removesItAtOnce_asOnTheCluster(@TempDir Path own) throws Exception {
        try (Sandbox sandbox = Sandbox.start(ScenarioLoader.loadBuiltIn("seed-incident"))) {
            Kubectl k = kubectlFor(sandbox, own);
            Path emptied = own.resolve("dev.json");
            String dev = k.run("get", "ns", "dev", "-o", "json").out();
            Files.writeString(emptied, dev.replaceFirst("\"finalizers\": \\[\\s*\"kubernetes\"\\s*]",
                    "\"finalizers\": []"));

            Kubectl.Result r = k.run("replace", "--raw", "/api/v1/namespaces/dev/finalize", "-f", emptied.toString());

            assertThat(r.ok()).as(r.err()).isTrue();
            assertThat(k.run("get", "ns", "dev").err()).contains("namespaces \"dev\" not found");
        }
    }

    @Test
    void deletingTheUnavailableApiService_freesDev_andTheGroupLeavesDiscovery(@TempDir Path own) throws Exception {
        try (Sandbox sandbox = Sandbox.start(ScenarioLoader.loadBuiltIn("seed-incident"));
             KubernetesClient client = sandbox.cluster().newClient()) {
            Kubectl k = kubectlFor(sandbox, own);

            assertThat(k.run("delete", "apiservice", METRICS).out())
                    .contains("apiservice.apiregistration.k8s.io \"" + METRICS + "\" deleted");

            assertThat(sandbox.cluster().awaitConverged(() -> client.namespaces().withName("dev").get() == null,
                    Duration.ofSeconds(30))).isTrue();
            Kubectl.Result resources = k.run("api-resources");
            assertThat(resources.ok()).as(resources.err()).isTrue();
            assertThat(resources.out()).doesNotContain("metrics.k8s.io");
            assertThat(k.run("get", "--raw", "/apis/metrics.k8s.io/v1beta1").err())
                    .contains("Error from server (NotFound)");
        }
    }

    private static String errors(Kubectl.Running watch) {
        try {
            return watch.errors();
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private static String output(Kubectl.Running watch) {
        try {
            return watch.output();
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private static Kubectl kubectlFor(Sandbox sandbox, Path workDir) throws Exception {
        Files.createDirectories(workDir);
        Path kubeconfig = sandbox.cluster().writeKubeconfig(workDir.resolve("kubeconfig"));
        return new Kubectl(kubeconfig, workDir);
    }

    /** What the repair does, through the real SDK: the missing pod route of the metrics-server's node. */
    private static void repairTheMissingRoute(Sandbox sandbox) {
        Scenario scenario = sandbox.scenario();
        Scenario.Pod metrics = scenario.apiServices().get(0).pods().get(0);
        Scenario.Node node = scenario.nodes().stream().filter(n -> n.name().equals(metrics.node())).findFirst()
                .orElseThrow();
        String table = scenario.vpc().routeTables().get(0).id();
        new AliyunVpcApi(sandbox.cloudSettings()).createRouteEntry(new CreateRouteEntryRequest(table, node.podCIDR(),
                "Instance", node.instanceId(), "kubectl-drill-repair-1", "drill repair of " + node.podCIDR()));
    }
}
