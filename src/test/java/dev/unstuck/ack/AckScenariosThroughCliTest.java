package dev.unstuck.ack;

import dev.unstuck.cli.UnstuckCli;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ACK shapes the seed incident does not cover, each through {@code diagnose}/{@code repair --output json} on the
 * built-in scenario: the real fabric8 client and the real VPC SDK against the sandbox, read as a script would.
 */
class AckScenariosThroughCliTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private record Run(int exit, JsonNode json, String err) {
    }

    private static Run cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new UnstuckCli(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0]), false)
                .run(args);
        String text = out.toString(StandardCharsets.UTF_8);
        return new Run(exit, text.isBlank() ? null : JSON.readTree(text), err.toString(StandardCharsets.UTF_8));
    }

    private static List<String> kinds(JsonNode causes) {
        List<String> kinds = new ArrayList<>();
        causes.forEach(c -> kinds.add(c.get("kind").asString()));
        return kinds;
    }

    @Test
    void givenTerway_theChainEndsAtAPodNetworkWithoutRoutes_andNothingIsProposed() {
        Run r = cli("diagnose", "dev", "--scenario", "terway", "--output", "json");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(kinds(r.json().get("causes"))).contains("POD_NETWORK_NOT_ROUTE_BASED")
                .doesNotContain("VPC_ROUTE_MISSING", "NODE_ROUTES_MISSING");
        assertThat(r.json().get("plan")).isEmpty();
        assertThat(r.json().get("auditPlan")).isEmpty();
        assertThat(r.json().get("unresolved").toString()).contains("POD_NETWORK_NOT_ROUTE_BASED");
    }

    @Test
    void givenABackendThatRefuses_theNetworkIsShownToWork_andNoRouteIsProposed() {
        Run r = cli("repair", "dev", "--scenario", "backend-refuses", "--yes", "--output", "json");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.json().get("plan")).isEmpty();
        assertThat(r.json().get("executed")).isEmpty();
        assertThat(r.json().get("outcome").asString()).isEqualTo("NOTHING_TO_DO");
        JsonNode unresolved = r.json().get("unresolved");
        assertThat(kinds(unresolved)).contains("APISERVICE_BACKEND_FAILING");
        assertThat(unresolved.toString()).contains("172.16.1.12").contains("refused");
    }

    @Test
    void givenTheControlPlanesTableLacksTheRoute_exactlyOneEntryIsCreatedInTheSystemTable_andDevIsGone() {
        Run r = cli("repair", "dev", "--scenario", "custom-route-table", "--yes", "--output", "json");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.json().get("plan")).singleElement().satisfies(step -> {
            assertThat(step.get("routeTableId").asString()).isEqualTo("vtb-system");
            assertThat(step.get("destinationCidrBlock").asString()).isEqualTo("172.16.1.0/24");
            assertThat(step.get("nextHopId").asString()).isEqualTo("i-node2");
            assertThat(step.get("preflight").get("verdict").asString()).isEqualTo("WOULD_SUCCEED");
        });
        assertThat(r.json().get("executed")).singleElement()
                .satisfies(e -> assertThat(e.get("status").asString()).isEqualTo("CREATED"));
        assertThat(r.json().get("outcome").asString()).isEqualTo("DONE");
        assertThat(r.json().get("namespaceStateAfter").asString()).isEqualTo("NOT_FOUND");
    }

    @Test
    void givenTheCustomTable_theDiagnosisSaysWhichTableMustCarryTheRouteAndThatTheCcmWillNotRestoreIt() {
        Run r = cli("diagnose", "dev", "--scenario", "custom-route-table", "--output", "json");

        String causes = r.json().get("causes").toString();
        assertThat(kinds(r.json().get("causes"))).contains("VPC_ROUTE_MISSING", "ROUTE_CONTROLLER_FAILING");
        assertThat(causes).contains("vtb-system").contains("vsw-control");
        assertThat(causes).contains("never restore");
    }

    @Test
    void givenAManagedCluster_theRouteGoesIntoTheTableOfTheControlPlanesVSwitch() {
        Run r = cli("repair", "dev", "--scenario", "managed-cluster", "--yes", "--output", "json");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.json().get("plan")).singleElement().satisfies(step -> {
            assertThat(step.get("routeTableId").asString()).isEqualTo("vtb-system");
            assertThat(step.get("destinationCidrBlock").asString()).isEqualTo("172.16.1.0/24");
            assertThat(step.get("nextHopId").asString()).isEqualTo("i-node2");
        });
        assertThat(r.json().get("outcome").asString()).isEqualTo("DONE");
        assertThat(r.json().get("namespaceStateAfter").asString()).isEqualTo("NOT_FOUND");
    }

    @Test
    void givenAFullRouteTable_thePreflightShowsQuotaExceeded_andNothingIsWritten() {
        Run r = cli("repair", "dev", "--scenario", "route-table-full", "--yes", "--output", "json");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.json().get("outcome").asString()).isEqualTo("PREFLIGHT_FAILED");
        assertThat(r.json().get("executed")).isEmpty();
        assertThat(r.json().get("plan")).singleElement().satisfies(step -> {
            JsonNode preflight = step.get("preflight");
            assertThat(preflight.get("verdict").asString()).isEqualTo("WOULD_FAIL");
            assertThat(preflight.get("code").asString()).isEqualTo("QuotaExceeded");
            assertThat(preflight.get("customEntries").asInt()).isEqualTo(48);
        });
        assertThat(r.json().get("message").asString()).contains("nothing was written").contains("QuotaExceeded");
        assertThat(r.json().get("namespaceStateAfter").asString()).isEqualTo("STUCK");
    }

    @Test
    void givenARouteAndAnOrphanedFinalizer_theRepairRestoresTheRouteAndEndsPartial() {
        Run r = cli("repair", "ml-jobs", "--scenario", "route-and-finalizer", "--yes", "--output", "json");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.json().get("unresolved")).singleElement().satisfies(c -> {
            assertThat(c.get("kind").asString()).isEqualTo("CONTENT_REMAINING");
            assertThat(c.get("summary").asString()).contains("batch.example.io/teardown").contains("resnet-nightly");
        });
        assertThat(r.json().get("executed")).singleElement()
                .satisfies(e -> assertThat(e.get("status").asString()).isEqualTo("CREATED"));
        assertThat(r.json().get("outcome").asString()).isEqualTo("PARTIAL");
        assertThat(r.json().get("namespaceStateAfter").asString()).isEqualTo("STUCK");
        assertThat(r.json().get("message").asString()).contains("172.16.1.0/24 -> i-node2")
                .contains("v1beta1.metrics.k8s.io is Available again").contains("a person must decide");
    }

    @Test
    void givenARouteAndAnOrphanedFinalizer_theTextReportSaysThePlanDoesNotFreeTheNamespace() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = new UnstuckCli(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(new byte[0]), false)
                .run("diagnose", "ml-jobs", "--scenario", "route-and-finalizer");

        assertThat(exit).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("Proposed repair (does NOT free the namespace by itself)")
                .contains("After this plan the namespace will still wait on")
                .contains("pre-flight: would succeed")
                .doesNotContain("Proposed repair (unblocks the namespace)");
    }
}
