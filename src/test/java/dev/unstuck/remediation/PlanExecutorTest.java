package dev.unstuck.remediation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The executor's own rules: a malformed step or run never reaches the cloud, and every route write names the
 * workflow, the run and the step it belongs to.
 */
class PlanExecutorTest {

    /** Records what reached the cloud side and answers as told. */
    private static final class RecordingRouteWriter implements RouteWriter {
        final List<String> writes = new ArrayList<>();
        final List<StepRun> runs = new ArrayList<>();
        RouteWriteResult answer = new RouteWriteResult(StepStatus.CREATED, "rte-1", "created rte-1", false);

        @Override
        public RouteWriteResult ensureRoute(String routeTableId, String destinationCidrBlock, String instanceId,
                                            StepRun run, StepAttempt attempt) {
            writes.add(routeTableId + " " + destinationCidrBlock + " -> " + instanceId);
            runs.add(run);
            return answer;
        }
    }

    /** These tests write routes only; an APIService step reaching the remover would be a bug. */
    private static final ApiServiceRemover NO_APISERVICES = name -> {
        throw new AssertionError("no APIService is deleted in these tests, yet " + name + " was");
    };

    private final RecordingRouteWriter routes = new RecordingRouteWriter();
    private final PlanExecutor executor = new PlanExecutor(routes, NO_APISERVICES);

    private static PlanStep route(String table, String cidr, String hopType, String instance) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("routeTableId", table);
        p.put("destinationCidrBlock", cidr);
        p.put("nextHopType", hopType);
        p.put("nextHopId", instance);
        return new PlanStep(RemediationAction.CREATE_ROUTE_ENTRY, p);
    }

    @Test
    void aRouteStepIsWrittenForTheWorkflowItsRunAndTheStep() {
        StepResult r = executor.execute(route("vtb-system", "172.16.1.0/24", "Instance", "i-node2"), "wf-ns-dev",
                "8c1f0e2a", "step-1");

        assertThat(r.status()).isEqualTo(StepStatus.CREATED);
        assertThat(r.routeEntryId()).isEqualTo("rte-1");
        assertThat(routes.writes).containsExactly("vtb-system 172.16.1.0/24 -> i-node2");
        assertThat(routes.runs).containsExactly(new StepRun("wf-ns-dev", "8c1f0e2a", "step-1"));
    }

    @ParameterizedTest(name = "{0}/{1}/{2}/{3} -> {4}")
    @CsvSource({
            "vtb-system, 172.16.1.0/24, NatGateway, i-node2, next hop type NatGateway is not supported",
            "'', 172.16.1.0/24, Instance, i-node2, routeTableId '' is not a route table id",
            "vtb-system, 172.16.1.0, Instance, i-node2, destinationCidrBlock '172.16.1.0' is not an IPv4 CIDR block",
            "vtb-system, 172.16.1.0/24, Instance, node2, nextHopId 'node2' is not an ECS instance id"
    })
    void aMalformedRouteStepFailsInOneLineAndNeverReachesTheCloud(String table, String cidr, String hopType,
                                                                  String instance, String expected) {
        StepResult r = executor.execute(route(table, cidr, hopType, instance), "wf-ns-dev", "run-1", "step-1");

        assertThat(r.status()).isEqualTo(StepStatus.FAILED);
        assertThat(r.retryable()).isFalse();
        assertThat(r.message()).startsWith("invalid step: ").contains(expected).doesNotContain("\n");
        assertThat(routes.writes).isEmpty();
    }

    @Test
    void aStepWithoutARunIdIsRefusedBeforeAnyWrite() {
        StepResult r = executor.execute(route("vtb-system", "172.16.1.0/24", "Instance", "i-node2"), "wf-ns-dev",
                " ", "step-1");

        assertThat(r.status()).isEqualTo(StepStatus.FAILED);
        assertThat(r.message()).isEqualTo("invalid step: run id must not be blank");
        assertThat(routes.writes).isEmpty();
    }

    @Test
    void withoutACloudARouteStepSaysWhatToConfigure() {
        StepResult r = new PlanExecutor(null, NO_APISERVICES).execute(
                route("vtb-system", "172.16.1.0/24", "Instance", "i-node2"), "wf", "run-1", "step-1");

        assertThat(r.status()).isEqualTo(StepStatus.FAILED);
        assertThat(r.message()).contains("no cloud is configured for this cluster");
    }

    @Test
    void aFailedWriteKeepsWhetherTryingAgainLaterCanHelp() {
        routes.answer = new RouteWriteResult(StepStatus.FAILED, null, "gave up after 20 attempts: throttled", true);

        StepResult r = executor.execute(route("vtb-system", "172.16.1.0/24", "Instance", "i-node2"), "wf", "run-1",
                "step-1");

        assertThat(r.status()).isEqualTo(StepStatus.FAILED);
        assertThat(r.retryable()).isTrue();
        assertThat(r.message()).isEqualTo("gave up after 20 attempts: throttled");
    }

    @Test
    void aConflictIsReportedAndNeverRetryable() {
        routes.answer = new RouteWriteResult(StepStatus.CONFLICT, null, "vtb-system already routes it elsewhere",
                false);

        StepResult r = executor.execute(route("vtb-system", "172.16.1.0/24", "Instance", "i-node2"), "wf", "run-1",
                "step-1");

        assertThat(r.status()).isEqualTo(StepStatus.CONFLICT);
        assertThat(r.retryable()).isFalse();
        assertThat(r.succeeded()).isFalse();
    }
}
