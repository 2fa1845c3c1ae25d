package dev.unstuck.cloud.aliyun;

import dev.unstuck.cloud.CloudErrorClass;
import dev.unstuck.cloud.CloudException;
import dev.unstuck.cloud.RepairOutcome;
import dev.unstuck.cloud.RepairPolicy;
import dev.unstuck.cloud.RepairResult;
import dev.unstuck.cloud.RouteEntry;
import dev.unstuck.cloud.RouteEntryRepair;
import dev.unstuck.cloud.RouteEntryStatus;
import dev.unstuck.cloud.Sleeper;
import dev.unstuck.remediation.StepRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import static dev.unstuck.cloud.aliyun.SandboxVpc.NODE_INSTANCE;
import static dev.unstuck.cloud.aliyun.SandboxVpc.POD_CIDR;
import static dev.unstuck.cloud.aliyun.SandboxVpc.TABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The whole repair of a missing pod route, through the real SDK, against the sandbox VPC. */
class RouteRepairThroughSdkTest {
    /** Short waits so the suite stays fast; the bounds are still generous for a loaded machine. */
    static final RepairPolicy FAST = new RepairPolicy(30, Duration.ofMillis(10), Duration.ofMillis(100),
            Duration.ofSeconds(20), Duration.ofSeconds(10), Duration.ofMillis(50), Duration.ofMillis(200));

    private final SandboxVpc sandbox = new SandboxVpc(5);
    private final AliyunVpcApi api = sandbox.api();
    private final RouteEntryRepair repair = new RouteEntryRepair(api, 200, FAST, Sleeper.REAL, Clock.systemUTC(),
            new Random(3));

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private RepairResult ensure(String workflowId, String stepId) {
        return repair.ensureRoute(TABLE, POD_CIDR, NODE_INSTANCE, new StepRun(workflowId, "run-1", stepId));
    }

    @Test
    void missingPodRouteIsCreatedAndAwaitedUntilAvailable() {
        RepairResult result = ensure("wf-ns-dev", "1");

        assertThat(result.outcome()).isEqualTo(RepairOutcome.CREATED);
        assertThat(result.attempts()).isEqualTo(1);
        assertThat(sandbox.server.entries(TABLE)).singleElement().satisfies(e -> {
            assertThat(e.routeEntryId()).isEqualTo(result.routeEntryId());
            assertThat(e.status()).isEqualTo(RouteEntryStatus.AVAILABLE);
            assertThat(e.pointsToInstance(NODE_INSTANCE)).isTrue();
            assertThat(e.description()).isEqualTo("unstuck wf=wf-ns-dev run=run-1");
        });
        assertThat(sandbox.server.requestCount("CreateRouteEntry")).isEqualTo(1);
    }

    @Test
    void replayedWorkflowStepFindsTheRouteAndWritesNothing() {
        RepairResult first = ensure("wf-ns-dev", "1");
        RepairResult replay = ensure("wf-ns-dev", "1");

        // The entry's Description names this run: the replay reports the write the run made, and makes none.
        assertThat(replay.outcome()).isEqualTo(RepairOutcome.CREATED);
        assertThat(replay.message()).contains("written by an earlier attempt of this run");
        assertThat(replay.attempts()).isZero();
        assertThat(replay.routeEntryId()).isEqualTo(first.routeEntryId());
        assertThat(sandbox.server.entries(TABLE)).hasSize(1);
        assertThat(sandbox.server.requestCount("CreateRouteEntry")).isEqualTo(1);
    }

    @Test
    void podCidrRoutedToAnotherNodeIsLeftUntouchedAndReported() {
        String stale = sandbox.server.addRouteEntry(TABLE, POD_CIDR, "i-node3", RouteEntryStatus.AVAILABLE);
        sandbox.server.addRouteEntry(TABLE, "172.20.1.0/24", "i-node1", RouteEntryStatus.AVAILABLE);
        List<RouteEntry> before = sandbox.server.entries(TABLE);

        RepairResult result = ensure("wf-ns-dev", "1");

        assertThat(result.outcome()).isEqualTo(RepairOutcome.CONFLICT);
        assertThat(result.blockingEntry().routeEntryId()).isEqualTo(stale);
        assertThat(result.message()).contains("i-node3");
        assertThat(sandbox.server.entries(TABLE)).isEqualTo(before);
        assertThat(sandbox.server.requestCount("CreateRouteEntry")).isZero();
    }

    @Test
    void pendingRouteToTheNodeIsAwaitedNotDuplicated() {
        String pending = sandbox.server.addRouteEntry(TABLE, POD_CIDR, NODE_INSTANCE, RouteEntryStatus.PENDING);

        RepairResult result = ensure("wf-ns-dev", "1");

        assertThat(result.outcome()).isEqualTo(RepairOutcome.ALREADY_PRESENT);
        assertThat(result.routeEntryId()).isEqualTo(pending);
        assertThat(sandbox.server.entries(TABLE)).singleElement()
                .satisfies(e -> assertThat(e.status()).isEqualTo(RouteEntryStatus.AVAILABLE));
        assertThat(sandbox.server.requestCount("CreateRouteEntry")).isZero();
    }

    @Test
    void anotherRouteChangeInProgressIsWaitedOutViaTaskConflictRetries() {
        sandbox.server.addRouteEntry(TABLE, "172.20.1.0/24", "i-node1", RouteEntryStatus.PENDING);

        RepairResult result = ensure("wf-ns-dev", "1");

        assertThat(result.outcome()).isEqualTo(RepairOutcome.CREATED);
        assertThat(result.attempts()).isGreaterThan(1);
        assertThat(sandbox.server.entries(TABLE)).hasSize(2)
                .allSatisfy(e -> assertThat(e.status()).isEqualTo(RouteEntryStatus.AVAILABLE));
    }

    @Test
    void halfOfAllRequestsThrottledStillEndsWithExactlyOneRoute() {
        sandbox.server.setFaults(sandbox.server.faults().withThrottleRate(0.5));

        RepairResult result = ensure("wf-ns-dev", "1");

        assertThat(result.outcome()).isEqualTo(RepairOutcome.CREATED);
        assertThat(sandbox.server.entries(TABLE)).singleElement()
                .satisfies(e -> assertThat(e.status()).isEqualTo(RouteEntryStatus.AVAILABLE));
        assertThat(api.callCount()).isEqualTo(sandbox.server.requestCount());
        assertThat(sandbox.server.requestCount()).isGreaterThan(3);
    }

    @Test
    void missingRamPermissionStopsTheRepairWithTheActionToGrant() {
        sandbox.server.setFaults(sandbox.server.faults().withFailAction("CreateRouteEntry", "Forbidden.RAM"));

        assertThatThrownBy(() -> ensure("wf-ns-dev", "1")).isInstanceOfSatisfying(CloudException.class, e -> {
            assertThat(e.errorClass()).isEqualTo(CloudErrorClass.PERMANENT);
            assertThat(e.getMessage()).contains("the RAM identity lacks permission vpc:CreateRouteEntry");
        });
        assertThat(sandbox.server.requestCount("CreateRouteEntry")).isEqualTo(1);
        assertThat(sandbox.server.entries(TABLE)).isEmpty();
    }

    @Test
    void releasedNodeInstanceFailsAtOnce() {
        assertThatThrownBy(() -> repair.ensureRoute(TABLE, POD_CIDR, "i-released", new StepRun("wf", "run-1", "1")))
                .isInstanceOfSatisfying(CloudException.class,
                        e -> assertThat(e.code()).isEqualTo("InvalidInstanId.NotFound"));
        assertThat(sandbox.server.requestCount("CreateRouteEntry")).isEqualTo(1);
    }
}
