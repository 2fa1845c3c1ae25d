package dev.unstuck.chain;

import dev.unstuck.cloud.RouteEntryStatus;
import dev.unstuck.config.ApprovalRules;
import dev.unstuck.config.ClusterRegistry;
import dev.unstuck.config.ClusterTarget;
import dev.unstuck.diagnosis.Cause;
import dev.unstuck.diagnosis.Diagnosis;
import dev.unstuck.sandbox.Sandbox;
import dev.unstuck.sandbox.ScenarioLoader;
import dev.unstuck.workflow.ClusterChains;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The cause chain read object by object from the sandbox, as the history records it and the console redraws it. */
class CauseChainOnSandboxTest {
    private Sandbox sandbox;
    private ClusterRegistry registry;

    private ClusterChains start(String yaml) {
        sandbox = Sandbox.start(yaml == null ? ScenarioLoader.loadBuiltIn("seed-incident")
                : ScenarioLoader.parse(yaml, "test"));
        registry = new ClusterRegistry();
        registry.register("dev-cluster", ClusterTarget.of(sandbox), new ApprovalRules(List.of("sre"), true));
        return new ClusterChains(registry, sandbox);
    }

    @AfterEach
    void stop() {
        registry.close();
        sandbox.close();
    }

    private ChainQuery asDiagnosed(String namespace) {
        Diagnosis d = registry.connection("dev-cluster").engine().diagnose(namespace);
        return new ChainQuery("dev-cluster", namespace, List.of(), d.plan(), List.of(),
                d.causes().stream().map(Cause::kind).collect(Collectors.toSet()));
    }

    private static List<String> states(CauseChain chain) {
        return chain.links().stream().map(l -> l.kind() + "=" + l.state()).toList();
    }

    @Test
    void givenTheSeedIncident_theChainAsDiagnosedIsRedAtTheRouteAndTheCloudController() {
        ClusterChains chains = start(null);

        ChainSnapshot then = chains.read(asDiagnosed("dev"));

        assertThat(then.apiServices()).containsExactly("v1beta1.metrics.k8s.io");
        assertThat(states(then.chains().get(0))).containsExactly("NAMESPACE=BROKEN", "APISERVICE=BROKEN",
                "SERVICE=OK", "POD=OK", "NODE=OK", "ROUTE=BROKEN", "CLOUD_CONTROLLER=BROKEN");
        ChainLink route = then.chains().get(0).links().get(5);
        assertThat(route.name()).isEqualTo("172.16.1.0/24 -> i-node2");
        assertThat(route.detail()).startsWith("missing from route table vtb-hz001; pre-flight: would succeed");
        assertThat(then.cloudController().configuredVpcId()).isEqualTo("vpc-typo01");
        assertThat(then.cloudController().clusterVpcId()).isEqualTo("vpc-hz001");
        assertThat(then.cloudController().wrongVpc()).isTrue();
        assertThat(then.terminatingSince()).isNotNull();
        assertThat(then.alsoBlocked()).isEmpty();
    }

    @Test
    void givenTheRouteRestored_theSameObjectsReadNowAreGreenUpToTheRoute() {
        ClusterChains chains = start(null);
        ChainSnapshot then = chains.read(asDiagnosed("dev"));

        String entry = sandbox.vpc().server().addRouteEntry("vtb-hz001", "172.16.1.0/24", "i-node2",
                RouteEntryStatus.AVAILABLE);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> registry.connection("dev-cluster").client()
                .namespaces().withName("dev").get() == null);
        ChainSnapshot now = chains.read(new ChainQuery("dev-cluster", "dev", then.apiServices(), List.of(), List.of(),
                null));

        assertThat(states(now.chains().get(0))).containsExactly("NAMESPACE=OK", "APISERVICE=OK", "SERVICE=OK",
                "POD=OK", "NODE=OK", "ROUTE=OK", "CLOUD_CONTROLLER=BROKEN");
        assertThat(now.chains().get(0).links().get(0).detail()).isEqualTo("deleted");
        assertThat(now.chains().get(0).links().get(5).detail()).isEqualTo(entry + " in vtb-hz001 (Available)");
    }

    @Test
    void givenTwoNamespacesStuckOnTheSameApiService_eachNamesTheOtherAsAlsoBlocked() throws IOException {
        String seed = Files.readString(Path.of("src/main/resources/scenarios/seed-incident.yaml"));
        ClusterChains chains = start(seed.replace("  - {name: payments}",
                "  - {name: payments}\n  - {name: staging, deleting: true, deletingForMinutes: 30}"));

        assertThat(chains.read(asDiagnosed("dev")).alsoBlocked()).containsExactly("staging");
        assertThat(chains.read(asDiagnosed("staging")).alsoBlocked()).containsExactly("dev");
    }
}
