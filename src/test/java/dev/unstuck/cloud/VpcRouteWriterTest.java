package dev.unstuck.cloud;

import dev.unstuck.remediation.RouteWriteResult;
import dev.unstuck.remediation.StepAttempt;
import dev.unstuck.remediation.StepRun;
import dev.unstuck.remediation.StepStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The remediation's route port on the VPC: cloud outcomes and failures become results, never exceptions. */
class VpcRouteWriterTest {
    private static final StepRun RUN = new StepRun("wf-ns-dev", "run-1", "step-1");

    private final ScriptedVpcApi vpc = new ScriptedVpcApi();
    private final FakeTime time = new FakeTime();
    private final VpcRouteWriter writer = new VpcRouteWriter(new RouteEntryRepair(vpc, 200, new RepairPolicy(3,
            Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(20),
            Duration.ofMillis(200), Duration.ofSeconds(1)), time, time, new Random(3)));

    @Test
    void aCreatedEntryIsReportedWithItsId() {
        RouteWriteResult r = writer.ensureRoute("vtb-1", "172.16.1.0/24", "i-node2", RUN, StepAttempt.FIRST);

        assertThat(r.status()).isEqualTo(StepStatus.CREATED);
        assertThat(r.routeEntryId()).isEqualTo(vpc.entries.get(0).routeEntryId());
    }

    @Test
    void aPermissionRefusalIsAFailureThatRetryingCannotFix() {
        vpc.createFailures.add(ScriptedVpcApi.error("Forbidden.RAM", 403));

        RouteWriteResult r = writer.ensureRoute("vtb-1", "172.16.1.0/24", "i-node2", RUN, StepAttempt.FIRST);

        assertThat(r.status()).isEqualTo(StepStatus.FAILED);
        assertThat(r.retryable()).isFalse();
        assertThat(r.message()).contains("vpc:CreateRouteEntry");
    }

    @Test
    void throttlingBeyondTheAttemptsIsAFailureWorthRetryingLater() {
        for (int i = 0; i < 3; i++) {
            vpc.createFailures.add(ScriptedVpcApi.error("Throttling.User", 400));
        }

        RouteWriteResult r = writer.ensureRoute("vtb-1", "172.16.1.0/24", "i-node2", RUN, StepAttempt.FIRST);

        assertThat(r.status()).isEqualTo(StepStatus.FAILED);
        assertThat(r.retryable()).isTrue();
        assertThat(r.message()).startsWith("gave up after 3 attempts");
    }

    @Test
    void anEntryPointingElsewhereIsAConflictAndNothingIsWritten() {
        vpc.add("172.16.1.0/24", "i-old2", RouteEntryStatus.AVAILABLE);

        RouteWriteResult r = writer.ensureRoute("vtb-1", "172.16.1.0/24", "i-node2", RUN, StepAttempt.FIRST);

        assertThat(r.status()).isEqualTo(StepStatus.CONFLICT);
        assertThat(vpc.creates).isEmpty();
    }
}
