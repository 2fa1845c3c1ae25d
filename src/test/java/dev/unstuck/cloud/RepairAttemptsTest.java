package dev.unstuck.cloud;

import dev.unstuck.remediation.StepAttempt;
import dev.unstuck.remediation.StepRun;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A repair step as the workflow runs it: heartbeating while it works, stopped when its attempt's time is up, and a
 * retry that finds what the stopped attempt wrote instead of writing again.
 */
class RepairAttemptsTest {
    private static final String TABLE = "vtb-1";
    private static final String CIDR = "172.16.1.0/24";
    private static final String NODE2 = "i-node2";
    private static final StepRun RUN = new StepRun("unstuck/dev-cluster/dev", "run-7", "step-1");

    private final ScriptedVpcApi vpc = new ScriptedVpcApi();
    private final FakeTime time = new FakeTime();
    /** Polls that back off to 10 s and a 2-minute wait for Available: long waits the heartbeat must cut up. */
    private final RepairPolicy policy = new RepairPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(10),
            Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofSeconds(1), Duration.ofSeconds(10));
    private final RouteEntryRepair repair = new RouteEntryRepair(vpc, 200, policy, time, time, new Random(11));

    /** What Temporal's heartbeat throws once the server has timed the attempt out. */
    private static final class AttemptTimedOut extends RuntimeException {
        AttemptTimedOut() {
            super("activity attempt timed out");
        }
    }

    @Test
    @DisplayName("given the first attempt is timed out while its new entry is still Pending, the retry reads the "
            + "table, waits for that entry and reports it created by this run: exactly one write")
    void retryReportsTheEntryTheTimedOutAttemptWrote() {
        vpc.readsUntilAvailable = 5;
        StepAttempt first = new StepAttempt(1, () -> {
            if (!vpc.creates.isEmpty()) {
                throw new AttemptTimedOut();
            }
        });

        assertThatThrownBy(() -> repair.ensureRoute(TABLE, CIDR, NODE2, RUN, first))
                .isInstanceOf(AttemptTimedOut.class);
        assertThat(vpc.entries).singleElement().satisfies(e -> assertThat(e.status())
                .isEqualTo(RouteEntryStatus.PENDING));

        RepairResult retry = repair.ensureRoute(TABLE, CIDR, NODE2, RUN, new StepAttempt(2, () -> { }));

        assertThat(retry.outcome()).isEqualTo(RepairOutcome.CREATED);
        assertThat(retry.routeEntryId()).isEqualTo(vpc.entries.get(0).routeEntryId());
        assertThat(retry.message()).isEqualTo("created " + retry.routeEntryId() + ": 172.16.1.0/24 -> i-node2 in "
                + "vtb-1 (written by an earlier attempt of this run; attempt 2 found it Available and wrote nothing)");
        assertThat(retry.attempts()).isZero();
        assertThat(vpc.creates).hasSize(1);
        assertThat(vpc.entries).singleElement().satisfies(e -> assertThat(e.status())
                .isEqualTo(RouteEntryStatus.AVAILABLE));
    }

    @Test
    @DisplayName("an entry to the same node written by another run is already present, not claimed by this one")
    void anotherRunsEntryIsNotClaimed() {
        vpc.entries.add(new RouteEntry("rte-other", TABLE, CIDR, "Instance", NODE2, RouteEntryStatus.AVAILABLE,
                "Custom", "unstuck wf=unstuck/dev-cluster/dev run=run-1"));

        RepairResult retry = repair.ensureRoute(TABLE, CIDR, NODE2, RUN, new StepAttempt(2, () -> { }));

        assertThat(retry.outcome()).isEqualTo(RepairOutcome.ALREADY_PRESENT);
        assertThat(retry.message()).endsWith("nothing written");
        assertThat(vpc.creates).isEmpty();
    }

    @Test
    @DisplayName("while a slow entry is awaited, the attempt heartbeats before every call and every slice of waiting, "
            + "and no wait between heartbeats is longer than 2 s")
    void heartbeatsWhileWaiting() {
        vpc.readsUntilAvailable = 12;
        List<Integer> beatsBeforeSleep = new ArrayList<>();
        int[] beats = {0};
        time.onSleep(() -> beatsBeforeSleep.add(beats[0]));

        RepairResult r = repair.ensureRoute(TABLE, CIDR, NODE2, RUN, new StepAttempt(1, () -> beats[0]++));

        assertThat(r.outcome()).isEqualTo(RepairOutcome.CREATED);
        assertThat(time.slept()).as("the pending entry took a while").isGreaterThan(Duration.ofSeconds(20));
        assertThat(time.sleeps).allMatch(d -> d.compareTo(Duration.ofSeconds(RouteEntryRepair.HEARTBEAT_SECONDS)) <= 0);
        for (int i = 1; i < beatsBeforeSleep.size(); i++) {
            assertThat(beatsBeforeSleep.get(i)).as("a heartbeat before sleep " + i)
                    .isGreaterThan(beatsBeforeSleep.get(i - 1));
        }
        assertThat(beats[0]).isGreaterThanOrEqualTo(time.sleeps.size() + vpc.callsByAction.values().stream()
                .mapToInt(Integer::intValue).sum());
    }

    @Test
    @DisplayName("the longest a repair can take covers its retries and its wait for Available: 6 minutes by default")
    void longestRunCoversThePolicy() {
        assertThat(RouteEntryRepair.longestRun(RepairPolicy.defaults())).isEqualTo(Duration.ofMinutes(6));
        assertThat(RouteEntryRepair.longestRun(policy)).isEqualTo(Duration.ofMinutes(4));
    }
}
