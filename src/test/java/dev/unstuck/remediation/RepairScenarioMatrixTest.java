package dev.unstuck.remediation;

import dev.unstuck.cloud.RouteEntry;
import dev.unstuck.config.ClusterConnection;
import dev.unstuck.config.ClusterTarget;
import dev.unstuck.diagnosis.Diagnosis;
import dev.unstuck.diagnosis.NamespaceState;
import dev.unstuck.sandbox.Sandbox;
import dev.unstuck.sandbox.Scenario;
import dev.unstuck.sandbox.ScenarioLoader;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The repair path (diagnose, plan, execute through the real VPC SDK) against the sandbox, scenario by scenario.
 * Each asserts on the VPC itself: what entries exist and how many CreateRouteEntry calls were made.
 */
class RepairScenarioMatrixTest {

    record Outcome(Diagnosis before, List<StepResult> results, NamespaceState after, List<RouteEntry> table,
                   long createCalls) {
    }

    private static Outcome repair(Scenario scenario, String namespace) {
        return repair(scenario, namespace, Duration.ofSeconds(1));
    }

    private static Outcome repair(Scenario scenario, String namespace, Duration waitWithoutWrite) {
        try (Sandbox sandbox = Sandbox.start(scenario);
             ClusterConnection cluster = ClusterConnection.open(ClusterTarget.of(sandbox))) {
            Diagnosis before = cluster.engine().diagnose(namespace);
            List<StepResult> results = new ArrayList<>();
            int i = 1;
            for (PlanStep step : before.plan()) {
                results.add(cluster.executor().execute(step, "test/" + scenario.name(), "run-1", "step-" + i++));
            }
            sandbox.cluster().awaitConverged(() -> cluster.client().namespaces().withName(namespace).get() == null,
                    results.stream().anyMatch(StepResult::succeeded) ? Duration.ofSeconds(30) : waitWithoutWrite);
            NamespaceState after = cluster.engine().diagnose(namespace).state();
            return new Outcome(before, results, after, sandbox.vpc().server().entries("vtb-hz001"),
                    sandbox.vpc().server().requestCount("CreateRouteEntry"));
        }
    }

    private static Scenario builtIn(String name) {
        return ScenarioLoader.loadBuiltIn(name);
    }

    private static Scenario builtInWith(String name, String replace, String with) {
        try (InputStream in = RepairScenarioMatrixTest.class.getResourceAsStream("/scenarios/" + name + ".yaml")) {
            String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(yaml).contains(replace);
            return ScenarioLoader.parse(yaml.replace(replace, with), name + " (test variant)");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long routes(List<RouteEntry> table, String cidr, String instance) {
        return table.stream().filter(e -> e.hasDestination(cidr) && e.pointsToInstance(instance)).count();
    }

    @Test
    void givenTheSeedScenario_theRouteFor172_16_1_0_24ToINode2ExistsOnceAndDevIsGone() {
        Outcome o = repair(builtIn("seed-incident"), "dev");

        assertThat(o.results()).extracting(StepResult::status).containsExactly(StepStatus.CREATED);
        assertThat(routes(o.table(), "172.16.1.0/24", "i-node2")).isEqualTo(1);
        assertThat(o.results().get(0).routeEntryId()).isEqualTo(o.table().stream()
                .filter(e -> e.hasDestination("172.16.1.0/24")).findFirst().orElseThrow().routeEntryId());
        assertThat(o.table().stream().filter(e -> e.hasDestination("172.16.1.0/24")).findFirst().orElseThrow()
                .description()).isEqualTo("unstuck wf=test/seed-incident run=run-1");
        assertThat(o.createCalls()).isEqualTo(1);
        assertThat(o.after()).isEqualTo(NamespaceState.NOT_FOUND);
    }

    @Test
    void givenTwoApiServicesFailingOnTwoNodes_bothRoutesAreCreatedAndDevIsGone() {
        Outcome o = repair(builtIn("two-apiservices-two-nodes"), "dev");

        assertThat(o.results()).extracting(StepResult::status).containsExactly(StepStatus.CREATED, StepStatus.CREATED);
        assertThat(routes(o.table(), "172.16.1.0/24", "i-node2")).isEqualTo(1);
        assertThat(routes(o.table(), "172.16.2.0/24", "i-node3")).isEqualTo(1);
        assertThat(routes(o.table(), "172.16.3.0/24", "i-node4")).as("the optional audit step is not executed").isZero();
        assertThat(o.after()).isEqualTo(NamespaceState.NOT_FOUND);
    }

    @Test
    void givenARouteToAReplacedInstance_nothingIsWrittenAndTheConflictStays() {
        Outcome o = repair(builtIn("route-conflict"), "dev");

        assertThat(o.before().plan()).isEmpty();
        assertThat(o.createCalls()).isZero();
        assertThat(routes(o.table(), "172.16.1.0/24", "i-old2")).isEqualTo(1);
        assertThat(o.after()).isEqualTo(NamespaceState.STUCK);
    }

    @Test
    void givenARouteStillPending_nothingIsWrittenAndDevFinishesOnceItIsAvailable() {
        Outcome o = repair(builtInWith("route-pending", "pendingSeconds: 30", "pendingSeconds: 2"), "dev",
                Duration.ofSeconds(20));

        assertThat(o.createCalls()).isZero();
        assertThat(routes(o.table(), "172.16.1.0/24", "i-node2")).isEqualTo(1);
        assertThat(o.after()).isEqualTo(NamespaceState.NOT_FOUND);
    }

    @Test
    void givenHalfOfAllVpcCallsThrottled_theRepairStillCompletesWithExactlyOneEntry() {
        Outcome o = repair(builtIn("throttled-vpc"), "dev");

        assertThat(o.results()).extracting(StepResult::status).containsExactly(StepStatus.CREATED);
        assertThat(routes(o.table(), "172.16.1.0/24", "i-node2")).isEqualTo(1);
        assertThat(o.after()).isEqualTo(NamespaceState.NOT_FOUND);
    }

    @Test
    void givenTheRamRoleLacksCreateRouteEntry_theStepFailsPermanentlyNamingTheMissingAction() {
        Outcome o = repair(builtInWith("seed-incident", "ccm:", "faults: {vpc: {failAction: {CreateRouteEntry: Forbidden.RAM}}}\nccm:"),
                "dev");

        assertThat(o.results()).hasSize(1);
        StepResult r = o.results().get(0);
        assertThat(r.status()).isEqualTo(StepStatus.FAILED);
        assertThat(r.retryable()).isFalse();
        assertThat(r.message()).contains("vpc:CreateRouteEntry");
        assertThat(routes(o.table(), "172.16.1.0/24", "i-node2")).isZero();
        assertThat(o.after()).isEqualTo(NamespaceState.STUCK);
    }

    @Test
    void executingTheSameStepTwiceCreatesOneEntry() {
        try (Sandbox sandbox = Sandbox.start(builtIn("seed-incident"));
             ClusterConnection cluster = ClusterConnection.open(ClusterTarget.of(sandbox))) {
            PlanStep step = cluster.engine().diagnose("dev").plan().get(0);

            StepResult first = cluster.executor().execute(step, "wf-1", "run-1", "step-1");
            StepResult second = cluster.executor().execute(step, "wf-1", "run-1", "step-1");

            assertThat(first.status()).isEqualTo(StepStatus.CREATED);
            assertThat(second.status()).isEqualTo(StepStatus.ALREADY_PRESENT);
            assertThat(second.routeEntryId()).isEqualTo(first.routeEntryId());
            assertThat(routes(sandbox.vpc().server().entries("vtb-hz001"), "172.16.1.0/24", "i-node2")).isEqualTo(1);
        }
    }

    @Test
    void givenAnUninstalledExtension_deletingTheLeftoverApiServiceFinishesStaging() {
        Outcome o = repair(builtIn("uninstalled-extension"), "staging");

        assertThat(o.results()).extracting(StepResult::status).containsExactly(StepStatus.DELETED);
        assertThat(o.createCalls()).isZero();
        assertThat(o.after()).isEqualTo(NamespaceState.NOT_FOUND);
    }
}
