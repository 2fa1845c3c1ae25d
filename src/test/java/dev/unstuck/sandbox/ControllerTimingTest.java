package dev.unstuck.sandbox;

import dev.unstuck.sandbox.vpc.VpcSdk;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code timing} the controllers keep their real pace: a repaired route is noticed at kube-aggregator's next
 * resync, and the namespace controller comes back to a failing namespace only when its backoff says so.
 */
class ControllerTimingTest {

    /** A clock the test moves, so that periods are stepped through instead of waited for. */
    static final class SteppedClock extends Clock {
        private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-25T08:00:00Z"));

        void advance(Duration d) {
            now.updateAndGet(t -> t.plus(d));
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }

    @Test
    void givenSlowControllers_aRepairedRouteIsNoticedAtTheNextResync_andDevGoesAtItsNextRetry() {
        String yaml = SandboxNetworkTest.builtInText("seed-incident")
                + "faults: {vpc: {pendingSeconds: 0}}\ntiming: {apiServiceResyncSeconds: 10, namespaceRetryMaxSeconds: 20}\n";
        Scenario scenario = ScenarioLoader.parse(yaml, "stepped");
        SteppedClock clock = new SteppedClock();
        try (ScenarioRoutes routes = ScenarioRoutes.of(scenario);
             SandboxCluster sandbox = SandboxCluster.start(scenario, routes, Duration.ofMillis(50), clock);
             KubernetesClient k = sandbox.newClient()) {
            sandbox.reconcileNow();
            clock.advance(Duration.ofSeconds(6));
            sandbox.reconcileNow(); // dev's retry after the grace period fails again: next one in 20 s, at t=26 s

            assertThat(routes.createRoute("vtb-hz001", "172.16.1.0/24", "i-node2")).isEmpty();
            sandbox.reconcileNow();
            assertThat(SandboxNetworkTest.available(k).getStatus()).as("not before the resync").isEqualTo("False");

            clock.advance(Duration.ofSeconds(4));
            sandbox.reconcileNow();
            assertThat(SandboxNetworkTest.available(k).getReason()).as("at the resync, t=10 s").isEqualTo("Passed");
            assertThat(k.namespaces().withName("dev").get()).as("dev waits for its own retry").isNotNull();

            clock.advance(Duration.ofSeconds(15));
            sandbox.reconcileNow();
            assertThat(k.namespaces().withName("dev").get()).as("t=25 s: still backing off").isNotNull();

            clock.advance(Duration.ofSeconds(1));
            sandbox.reconcileNow();
            assertThat(k.namespaces().withName("dev").get()).as("t=26 s: retried and finished").isNull();
        }
    }

    @Test
    void givenTwoSecondTimings_theSeedIncidentRecoversAfterARepairThroughTheVpcApi() throws Exception {
        String yaml = SandboxNetworkTest.builtInText("slow-controllers")
                .replace("timing: {apiServiceResyncSeconds: 30, namespaceRetryMaxSeconds: 60}",
                        "timing: {apiServiceResyncSeconds: 2, namespaceRetryMaxSeconds: 2}");
        try (Sandbox sandbox = Sandbox.start(ScenarioLoader.parse(yaml, "two-second-timing"));
             KubernetesClient k = sandbox.cluster().newClient()) {
            assertThat(sandbox.scenario().timing()).isEqualTo(new Scenario.Timing(2, 2));
            new VpcSdk(sandbox.cloudSettings()).call(VpcSdk.createRoute("vtb-hz001", "172.16.1.0/24", "i-node2"));

            assertThat(sandbox.cluster().awaitConverged(() -> k.namespaces().withName("dev").get() == null,
                    Duration.ofSeconds(60))).as("dev finishes after the resync and the next retry").isTrue();
            assertThat(SandboxNetworkTest.available(k).getReason()).isEqualTo("Passed");
        }
    }

    @Test
    void theSlowControllersScenarioKeepsTheRealPeriods() {
        assertThat(ScenarioLoader.loadBuiltIn("slow-controllers").timing()).isEqualTo(new Scenario.Timing(30, 60));
    }
}
