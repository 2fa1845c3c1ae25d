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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The repair path (diagnose, plan, execute through the real VPC SDK) against the sandbox, scenario by scenario.
 * Each asserts on the VPC itself: what entries exist, in which table, and how many of them Unstuck wrote (entries it
 * writes carry "unstuck wf=... run=..."; pre-flight dry runs write nothing).
 */
class RepairScenarioMatrixTest {

    /** @param table the entries of the scenario's first table, {@code tables} those of every table asked for */
    record Outcome(Diagnosis before, List<StepResult> results, NamespaceState after, List<RouteEntry> table,
                   Map<String, List<RouteEntry>> tables, long writes) {
    }

    private static Outcome repair(Scenario scenario, String namespace) {
        return repair(scenario, namespace, Duration.ofSeconds(1));
    }

    private static Outcome repair(Scenario scenario, String namespace, Duration waitWithoutWrite) {
        return repair(scenario, namespace, waitWithoutWrite, List.of("vtb-hz001"));
    }

    private static Outcome repair(Scenario scenario, String namespace, Duration waitWithoutWrite,
                                  List<String> tableIds) {
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
            Map<String, List<RouteEntry>> tables = new LinkedHashMap<>();
            tableIds.forEach(id -> tables.put(id, sandbox.vpc().server().entries(id)));
            long writes = tables.values().stream().flatMap(List::stream)
                    .filter(e -> e.description() != null && e.description().startsWith("unstuck wf=")).count();
            return new Outcome(before, results, after, tables.get(tableIds.get(0)), tables, writes);
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
        assertThat(o.writes()).isEqualTo(1);
        assertThat(o.after()).isEqualTo(NamespaceState.NOT_FOUND);
    }

    @Test
    void givenTheCustomRouteTableScenario_exactlyOneEntry172_16_1_0_24ToINode2IsCreatedInVtbSystem() {
        Outcome o = repair(builtIn("custom-route-table"), "dev", Duration.ofSeconds(1),
                List.of("vtb-system", "vtb-workers"));

        assertThat(o.before().plan()).singleElement().satisfies(s -> {
            assertThat(s.parameter("routeTableId")).isEqualTo("vtb-system");
            assertThat(s.preflight().verdict()).isEqualTo(PreflightVerdict.WOULD_SUCCEED);
        });
        assertThat(o.results()).extracting(StepResult::status).containsExactly(StepStatus.CREATED);
        assertThat(routes(o.tables().get("vtb-system"), "172.16.1.0/24", "i-node2")).isEqualTo(1);
        assertThat(routes(o.tables().get("vtb-workers"), "172.16.1.0/24", "i-node2"))
                .as("the workers' table already had it and is left alone").isEqualTo(1);
        assertThat(o.writes()).isEqualTo(1);
        assertThat(o.after()).isEqualTo(NamespaceState.NOT_FOUND);
    }

    @Test
    void givenTheManagedClusterScenario_theRouteIsCreatedInTheTableOfTheControlPlanesVSwitch() {
        Outcome o = repair(builtIn("managed-cluster"), "dev", Duration.ofSeconds(1),
                List.of("vtb-system", "vtb-office"));

        assertThat(o.results()).extracting(StepResult::status).containsExactly(StepStatus.CREATED);
        assertThat(routes(o.tables().get("vtb-system"), "172.16.1.0/24", "i-node2")).isEqualTo(1);
        assertThat(o.tables().get("vtb-office")).noneMatch(e -> e.hasDestination("172.16.1.0/24"));
        assertThat(o.writes()).isEqualTo(1);
        assertThat(o.after()).isEqualTo(NamespaceState.NOT_FOUND);
    }

    @Test
    void givenAFullRouteTable_thePreflightSaysSoWithTheCountAndTheWriteStopsAtOnce() {
        Outcome o = repair(builtIn("route-table-full"), "dev");

        assertThat(o.before().plan()).singleElement().satisfies(s -> {
            assertThat(s.preflight().verdict()).isEqualTo(PreflightVerdict.WOULD_FAIL);
            assertThat(s.preflight().code()).isEqualTo("QuotaExceeded");
            assertThat(s.preflight().customEntries()).isEqualTo(48);
        });
        assertThat(o.results()).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(StepStatus.FAILED);
            assertThat(r.retryable()).isFalse();
            assertThat(r.message()).contains("vtb-hz001 holds 48");
        });
        assertThat(o.writes()).isZero();
        assertThat(o.after()).isEqualTo(NamespaceState.STUCK);
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
        assertThat(o.writes()).isZero();
        assertThat(routes(o.table(), "172.16.1.0/24", "i-old2")).isEqualTo(1);
        assertThat(o.after()).isEqualTo(NamespaceState.STUCK);
    }

    @Test
    void givenARouteStillPending_nothingIsWrittenAndDevFinishesOnceItIsAvailable() {
        Outcome o = repair(builtInWith("route-pending", "pendingSeconds: 30", "pendingSeconds: 2"), "dev",
                Duration.ofSeconds(20));

        assertThat(o.writes()).isZero();
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
            // The same run's entry (its Description names the run) is this run's write, found, not made again.
            assertThat(second.status()).isEqualTo(StepStatus.CREATED);
            assertThat(second.message()).contains("written by an earlier attempt of this run");
            assertThat(second.routeEntryId()).isEqualTo(first.routeEntryId());
            assertThat(sandbox.vpc().server().requestCount("CreateRouteEntry")).isEqualTo(1);
            assertThat(routes(sandbox.vpc().server().entries("vtb-hz001"), "172.16.1.0/24", "i-node2")).isEqualTo(1);
        }
    }

    @Test
    void givenAnUninstalledExtension_deletingTheLeftoverApiServiceFinishesStaging() {
        Outcome o = repair(builtIn("uninstalled-extension"), "staging");

        assertThat(o.results()).extracting(StepResult::status).containsExactly(StepStatus.DELETED);
        assertThat(o.writes()).isZero();
        assertThat(o.after()).isEqualTo(NamespaceState.NOT_FOUND);
    }
}
