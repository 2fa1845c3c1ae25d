package dev.unstuck.cloud.aliyun;

import dev.unstuck.cloud.RepairOutcome;
import dev.unstuck.cloud.RepairResult;
import dev.unstuck.cloud.RouteEntryRepair;
import dev.unstuck.cloud.RouteEntryStatus;
import dev.unstuck.cloud.Sleeper;
import dev.unstuck.remediation.StepAttempt;
import dev.unstuck.remediation.StepRun;
import dev.unstuck.sandbox.vpc.VpcFaults;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.unstuck.cloud.aliyun.SandboxVpc.NODE_INSTANCE;
import static dev.unstuck.cloud.aliyun.SandboxVpc.POD_CIDR;
import static dev.unstuck.cloud.aliyun.SandboxVpc.TABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A slow VPC (every call 200 ms late, new entries Pending for 1.5 s) through the real SDK: the repair heartbeats all
 * along, and when its first attempt is timed out after the write, the retry writes nothing and reports the entry.
 */
class SlowVpcRepairTest {
    private final SandboxVpc sandbox = new SandboxVpc(9);
    private final RouteEntryRepair repair = new RouteEntryRepair(sandbox.api(), 200, RouteRepairThroughSdkTest.FAST,
            Sleeper.REAL, Clock.systemUTC(), new Random(5));
    private final StepRun run = new StepRun("unstuck/dev-cluster/dev", "run-3", "step-1");

    SlowVpcRepairTest() {
        sandbox.server.setFaults(VpcFaults.none().withLatencyMs(200).withPendingSeconds(1.5));
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    @DisplayName("given a slow VPC and a first attempt timed out while its entry is Pending, the second attempt "
            + "re-reads, reports the entry as created by this run, and the VPC saw exactly one CreateRouteEntry")
    void timedOutAttemptThenRetry() {
        StepAttempt first = new StepAttempt(1, () -> {
            if (!sandbox.server.entries(TABLE).isEmpty()) {
                throw new IllegalStateException("activity attempt timed out");
            }
        });
        assertThatThrownBy(() -> repair.ensureRoute(TABLE, POD_CIDR, NODE_INSTANCE, run, first))
                .hasMessage("activity attempt timed out");

        AtomicInteger beats = new AtomicInteger();
        RepairResult second = repair.ensureRoute(TABLE, POD_CIDR, NODE_INSTANCE, run,
                new StepAttempt(2, beats::incrementAndGet));

        assertThat(second.outcome()).isEqualTo(RepairOutcome.CREATED);
        assertThat(second.message()).contains("written by an earlier attempt of this run; attempt 2 found it "
                + "Available and wrote nothing");
        assertThat(sandbox.server.requestCount("CreateRouteEntry")).isEqualTo(1);
        assertThat(sandbox.server.entries(TABLE)).singleElement().satisfies(e -> {
            assertThat(e.routeEntryId()).isEqualTo(second.routeEntryId());
            assertThat(e.status()).isEqualTo(RouteEntryStatus.AVAILABLE);
        });
        assertThat(beats.get()).as("one heartbeat per DescribeRouteEntryList at least")
                .isGreaterThanOrEqualTo(2);
    }
}
