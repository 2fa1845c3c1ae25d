package dev.unstuck.cloud;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RouteEntryRepairTest {
    private static final String CIDR = "172.20.2.0/24";
    private static final String NODE_INSTANCE = "i-node2";

    private final ScriptedVpcApi vpc = new ScriptedVpcApi();
    private final FakeTime time = new FakeTime();
    private final RepairPolicy policy = new RepairPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(2),
            Duration.ofSeconds(30), Duration.ofSeconds(20), Duration.ofMillis(200), Duration.ofSeconds(1));
    private final RouteEntryRepair repair = new RouteEntryRepair(vpc, policy, time, time, new Random(7));

    private RepairResult ensure() {
        return repair.ensureRoute("vtb-1", CIDR, NODE_INSTANCE, "wf-dev", "2");
    }

    @Test
    void missingPodRouteIsCreatedWithStepTokenAndAwaitedUntilAvailable() {
        RepairResult result = ensure();

        assertThat(result.outcome()).isEqualTo(RepairOutcome.CREATED);
        assertThat(result.attempts()).isEqualTo(1);
        assertThat(vpc.creates).singleElement().satisfies(r -> {
            assertThat(r.nextHopType()).isEqualTo("Instance");
            assertThat(r.nextHopId()).isEqualTo(NODE_INSTANCE);
            assertThat(r.clientToken()).isEqualTo(ClientTokens.forStep("wf-dev", "2"));
            assertThat(r.description()).isEqualTo("created by Unstuck for workflow wf-dev step 2");
        });
        assertThat(vpc.entries).singleElement().satisfies(e -> {
            assertThat(e.routeEntryId()).isEqualTo(result.routeEntryId());
            assertThat(e.status()).isEqualTo(RouteEntryStatus.AVAILABLE);
        });
        assertThat(time.sleeps).isNotEmpty();
    }

    @Test
    void availableRouteToTheNodeIsLeftAloneAndNothingIsWritten() {
        RouteEntry existing = vpc.add(CIDR, NODE_INSTANCE, RouteEntryStatus.AVAILABLE);

        RepairResult result = ensure();

        assertThat(result.outcome()).isEqualTo(RepairOutcome.ALREADY_PRESENT);
        assertThat(result.routeEntryId()).isEqualTo(existing.routeEntryId());
        assertThat(result.attempts()).isZero();
        assertThat(vpc.creates).isEmpty();
    }

    @Test
    void pendingRouteToTheNodeIsAwaitedInsteadOfCreatedAgain() {
        vpc.add(CIDR, NODE_INSTANCE, RouteEntryStatus.PENDING);

        RepairResult result = ensure();

        assertThat(result.outcome()).isEqualTo(RepairOutcome.ALREADY_PRESENT);
        assertThat(vpc.creates).isEmpty();
        assertThat(vpc.entries.get(0).status()).isEqualTo(RouteEntryStatus.AVAILABLE);
    }

    @Test
    void podCidrRoutedToAnotherInstanceIsReportedAndNeverTouched() {
        RouteEntry stale = vpc.add(CIDR, "i-old-node", RouteEntryStatus.AVAILABLE);

        RepairResult result = ensure();

        assertThat(result.outcome()).isEqualTo(RepairOutcome.CONFLICT);
        assertThat(result.blockingEntry()).isEqualTo(stale);
        assertThat(result.message()).contains("i-old-node").contains(stale.routeEntryId()).contains("a person");
        assertThat(vpc.creates).isEmpty();
        assertThat(vpc.entries).containsExactly(stale);
    }

    @Test
    void throttledCreateIsRetriedWithGrowingJitteredBackoff() {
        vpc.createFailures.add(ScriptedVpcApi.error("Throttling.User", 400));
        vpc.createFailures.add(ScriptedVpcApi.error("TaskConflict", 400));
        vpc.createFailures.add(ScriptedVpcApi.error("ServiceUnavailable", 503));

        RepairResult result = ensure();

        assertThat(result.outcome()).isEqualTo(RepairOutcome.CREATED);
        assertThat(result.attempts()).isEqualTo(4);
        assertThat(vpc.creates).extracting(CreateRouteEntryRequest::clientToken).containsOnly(
                ClientTokens.forStep("wf-dev", "2"));
        // Backoff doubles (100, 200, 400 ms) and equal jitter keeps each wait within [half, full].
        assertThat(time.sleeps.get(0)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
        assertThat(time.sleeps.get(1)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(time.sleeps.get(2)).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
    }

    @Test
    void retriesStopAtTheAttemptBound() {
        for (int i = 0; i < 10; i++) {
            vpc.createFailures.add(ScriptedVpcApi.error("Throttling", 400));
        }

        assertThatThrownBy(this::ensure).isInstanceOfSatisfying(CloudException.class, e -> {
            assertThat(e.errorClass()).isEqualTo(CloudErrorClass.RETRYABLE);
            assertThat(e.getMessage()).startsWith("gave up after 5 attempts");
        });
        assertThat(vpc.creates).hasSize(5);
    }

    @Test
    void retriesStopAtTheTimeBound() {
        RouteEntryRepair impatient = new RouteEntryRepair(vpc, new RepairPolicy(100, Duration.ofSeconds(1),
                Duration.ofSeconds(4), Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofMillis(200),
                Duration.ofSeconds(1)), time, time, new Random(1));
        for (int i = 0; i < 100; i++) {
            vpc.createFailures.add(ScriptedVpcApi.error("IncorrectRouteEntryStatus", 400));
        }

        assertThatThrownBy(() -> impatient.ensureRoute("vtb-1", CIDR, NODE_INSTANCE, "wf", "1"))
                .isInstanceOf(CloudException.class);
        assertThat(time.slept()).isLessThanOrEqualTo(Duration.ofSeconds(10));
        assertThat(vpc.creates.size()).isLessThan(10);
    }

    @Test
    void duplicateAnswerWithTheNodesEntryInPlaceCountsAsDone() {
        vpc.beforeCreateFailure = r -> vpc.add(CIDR, NODE_INSTANCE, RouteEntryStatus.AVAILABLE);
        vpc.createFailures.add(ScriptedVpcApi.error("InvalidCIDRBlock.Duplicate", 400));

        RepairResult result = ensure();

        assertThat(result.outcome()).isEqualTo(RepairOutcome.ALREADY_PRESENT);
        assertThat(result.attempts()).isEqualTo(1);
        assertThat(vpc.entries).hasSize(1);
    }

    @Test
    void duplicateAnswerWithAnotherInstancesEntryIsAConflict() {
        vpc.beforeCreateFailure = r -> vpc.add(CIDR, "i-someone-else", RouteEntryStatus.AVAILABLE);
        vpc.createFailures.add(ScriptedVpcApi.error("RouteConflict.AlreadyExist", 400));

        RepairResult result = ensure();

        assertThat(result.outcome()).isEqualTo(RepairOutcome.CONFLICT);
        assertThat(result.blockingEntry().nextHopId()).isEqualTo("i-someone-else");
    }

    @Test
    void missingRamPermissionFailsAtOnceNamingTheAction() {
        vpc.createFailures.add(ScriptedVpcApi.error("Forbidden.RAM", 403));

        assertThatThrownBy(this::ensure).isInstanceOfSatisfying(CloudException.class, e -> {
            assertThat(e.errorClass()).isEqualTo(CloudErrorClass.PERMANENT);
            assertThat(e.getMessage()).contains("vpc:CreateRouteEntry");
        });
        assertThat(vpc.creates).hasSize(1);
        assertThat(time.sleeps).isEmpty();
    }

    @Test
    void throttledReadsAreRetriedToo() {
        vpc.readFailures.add(ScriptedVpcApi.error("Throttling.Api", 400));
        vpc.add(CIDR, NODE_INSTANCE, RouteEntryStatus.AVAILABLE);

        assertThat(ensure().outcome()).isEqualTo(RepairOutcome.ALREADY_PRESENT);
        assertThat(time.sleeps).hasSize(1);
    }

    @Test
    void entryThatStaysPendingIsGivenUpOnAfterTheTimeout() {
        vpc.readsUntilAvailable = Integer.MAX_VALUE;

        assertThatThrownBy(this::ensure).isInstanceOfSatisfying(CloudException.class, e -> {
            assertThat(e.code()).isEqualTo(CloudErrors.GAVE_UP);
            assertThat(e.getMessage()).contains("still Pending");
        });
        assertThat(time.slept()).isEqualTo(policy.availableTimeout());
        assertThat(vpc.creates).hasSize(1);
    }

    @Test
    void entryBeingDeletedIsLeftToAPerson() {
        vpc.add(CIDR, NODE_INSTANCE, RouteEntryStatus.DELETING);

        RepairResult result = ensure();

        assertThat(result.outcome()).isEqualTo(RepairOutcome.CONFLICT);
        assertThat(result.message()).contains("deleting");
        assertThat(vpc.creates).isEmpty();
    }

    @Test
    void entryReplacedByAnotherNextHopWhileWaitingIsAConflictNotASuccess() {
        time.onSleep(() -> {
            if (!vpc.entries.isEmpty() && vpc.entries.get(0).nextHopId().equals(NODE_INSTANCE)) {
                vpc.entries.clear();
                vpc.add(CIDR, "i-intruder", RouteEntryStatus.AVAILABLE);
            }
        });

        RepairResult result = ensure();

        assertThat(result.outcome()).isEqualTo(RepairOutcome.CONFLICT);
        assertThat(result.blockingEntry().nextHopId()).isEqualTo("i-intruder");
        assertThat(result.attempts()).isEqualTo(1);
    }

    @Test
    void descriptionIsCutToTheOpenApiLimit() {
        assertThat(RouteEntryRepair.description("w".repeat(400), "1")).hasSize(256);
    }
}
