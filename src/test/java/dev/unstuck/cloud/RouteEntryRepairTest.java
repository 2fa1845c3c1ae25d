package dev.unstuck.cloud;

import dev.unstuck.remediation.StepRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
    private static final StepRun RUN = new StepRun("wf-dev", "run-1", "2");
    private final RouteEntryRepair repair = new RouteEntryRepair(vpc, 200, policy, time, time, new Random(7));

    private RepairResult ensure() {
        return repair.ensureRoute("vtb-1", CIDR, NODE_INSTANCE, RUN);
    }

    @Test
    void missingPodRouteIsCreatedWithStepTokenAndAwaitedUntilAvailable() {
        RepairResult result = ensure();

        assertThat(result.outcome()).isEqualTo(RepairOutcome.CREATED);
        assertThat(result.attempts()).isEqualTo(1);
        assertThat(vpc.creates).singleElement().satisfies(r -> {
            assertThat(r.nextHopType()).isEqualTo("Instance");
            assertThat(r.nextHopId()).isEqualTo(NODE_INSTANCE);
            assertThat(r.clientToken()).isEqualTo(ClientTokens.forStep(RUN));
            assertThat(r.description()).isEqualTo("unstuck wf=wf-dev run=run-1");
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
                ClientTokens.forStep(RUN));
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
        RouteEntryRepair impatient = new RouteEntryRepair(vpc, 200, new RepairPolicy(100, Duration.ofSeconds(1),
                Duration.ofSeconds(4), Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofMillis(200),
                Duration.ofSeconds(1)), time, time, new Random(1));
        for (int i = 0; i < 100; i++) {
            vpc.createFailures.add(ScriptedVpcApi.error("IncorrectRouteEntryStatus", 400));
        }

        assertThatThrownBy(() -> impatient.ensureRoute("vtb-1", CIDR, NODE_INSTANCE, RUN))
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
    void descriptionNamesUnstuckAndTheRunAndIsCutToTheOpenApiLimit() {
        assertThat(RouteEntryRepair.description(new StepRun("wf-ns-dev", "7f3c", "step-1")))
                .isEqualTo("unstuck wf=wf-ns-dev run=7f3c");
        assertThat(RouteEntryRepair.description(new StepRun("w".repeat(400), "r", "1"))).hasSize(256)
                .doesNotStartWith("http://").doesNotStartWith("https://");
    }

    @Test
    void givenTheSamePlanRunMonthsApart_eachRunCreatesTheEntryThatWentMissingInBetween() {
        StepRun january = new StepRun("wf-ns-dev", "run-january", "step-1");
        StepRun june = new StepRun("wf-ns-dev", "run-june", "step-1");

        RepairResult first = repair.ensureRoute("vtb-1", CIDR, NODE_INSTANCE, january);
        vpc.entries.clear();
        time.sleep(Duration.ofDays(150));
        RepairResult second = repair.ensureRoute("vtb-1", CIDR, NODE_INSTANCE, june);

        assertThat(first.outcome()).isEqualTo(RepairOutcome.CREATED);
        assertThat(second.outcome()).isEqualTo(RepairOutcome.CREATED);
        assertThat(second.routeEntryId()).isNotEqualTo(first.routeEntryId());
        assertThat(vpc.creates).extracting(CreateRouteEntryRequest::clientToken)
                .containsExactly(ClientTokens.forStep(january), ClientTokens.forStep(june));
        assertThat(vpc.entries).singleElement().satisfies(e -> {
            assertThat(e.routeEntryId()).isEqualTo(second.routeEntryId());
            assertThat(e.description()).isEqualTo("unstuck wf=wf-ns-dev run=run-june");
        });
    }

    @Test
    void aFullRouteTableStopsTheRepairAtOnceSayingHowFullItIs() {
        RouteEntryRepair smallQuota = new RouteEntryRepair(vpc, 3, policy, time, time, new Random(7));
        vpc.add("172.20.7.0/24", "i-a", RouteEntryStatus.AVAILABLE);
        vpc.add("172.20.8.0/24", "i-b", RouteEntryStatus.AVAILABLE);
        vpc.add("172.20.9.0/24", "i-c", RouteEntryStatus.AVAILABLE);
        vpc.createFailures.add(ScriptedVpcApi.error("QuotaExceeded", 400));

        assertThatThrownBy(() -> smallQuota.ensureRoute("vtb-1", CIDR, NODE_INSTANCE, RUN))
                .isInstanceOfSatisfying(CloudException.class, e -> {
                    assertThat(e.code()).isEqualTo("QuotaExceeded");
                    assertThat(e.errorClass()).isEqualTo(CloudErrorClass.PERMANENT);
                    assertThat(e.getMessage()).contains("route table vtb-1 holds 3 of 3 custom entries")
                            .doesNotContain("\n");
                });
        assertThat(vpc.creates).hasSize(1);
        assertThat(time.sleeps).isEmpty();
    }

    @ParameterizedTest(name = "{0} stops the repair after one request")
    @ValueSource(strings = {"InvalidRouteTableId.NotFound", "InvalidNextHopId.NotFound", "IncorrectInstanceStatus",
            "Forbidden.RAM"})
    void errorsThatRetryingCannotFixStopAtOnce(String code) {
        vpc.createFailures.add(ScriptedVpcApi.error(code, code.endsWith("NotFound") ? 404 : 400));

        assertThatThrownBy(this::ensure).isInstanceOfSatisfying(CloudException.class,
                e -> assertThat(e.errorClass()).isEqualTo(CloudErrorClass.PERMANENT));
        assertThat(vpc.creates).hasSize(1);
        assertThat(time.sleeps).isEmpty();
    }

    @ParameterizedTest(name = "{0} is retried")
    @ValueSource(strings = {"TaskConflict", "OperationConflict", "IncorrectRouteEntryStatus",
            "IncorrectStatus.RouteTableStatus", "LastTokenProcessing", "OperationFailed.DistibuteLock", "SystemBusy",
            "ServiceUnavailable", "Throttling.User"})
    void busyAndThrottledAnswersAreRetriedWithTheSameToken(String code) {
        vpc.createFailures.add(ScriptedVpcApi.error(code, code.equals("ServiceUnavailable") ? 503 : 400));

        RepairResult result = ensure();

        assertThat(result.outcome()).isEqualTo(RepairOutcome.CREATED);
        assertThat(vpc.creates).hasSize(2).extracting(CreateRouteEntryRequest::clientToken).containsOnly(
                ClientTokens.forStep(RUN));
    }

    @Test
    void duplicateAnswerWithAnotherNextHopIsAConflictAndNothingIsChanged() {
        vpc.beforeCreateFailure = r -> vpc.add(CIDR, "i-other", RouteEntryStatus.AVAILABLE);
        vpc.createFailures.add(ScriptedVpcApi.error("InvalidCIDRBlock.Duplicate", 400));

        RepairResult result = ensure();

        assertThat(result.outcome()).isEqualTo(RepairOutcome.CONFLICT);
        assertThat(result.blockingEntry().nextHopId()).isEqualTo("i-other");
        assertThat(vpc.entries).singleElement().satisfies(e -> assertThat(e.nextHopId()).isEqualTo("i-other"));
    }

    @Test
    void anEntryTheCloudReportsCreatedCountsAsAvailable() {
        vpc.entries.add(new RouteEntry("rte-created", "vtb-1", CIDR, "Instance", NODE_INSTANCE,
                RouteEntryStatus.parse("Created"), "Custom", ""));

        RepairResult result = ensure();

        assertThat(result.outcome()).isEqualTo(RepairOutcome.ALREADY_PRESENT);
        assertThat(result.routeEntryId()).isEqualTo("rte-created");
        assertThat(time.sleeps).isEmpty();
    }

    @Test
    void anEntryStillCreatingIsAwaitedNotWrittenAgain() {
        vpc.entries.add(new RouteEntry("rte-creating", "vtb-1", CIDR, "Instance", NODE_INSTANCE,
                RouteEntryStatus.parse("Creating"), "Custom", ""));

        RepairResult result = ensure();

        assertThat(result.outcome()).isEqualTo(RepairOutcome.ALREADY_PRESENT);
        assertThat(vpc.creates).isEmpty();
        assertThat(time.sleeps).isNotEmpty();
    }
}
