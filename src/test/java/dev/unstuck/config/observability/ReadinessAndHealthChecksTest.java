package dev.unstuck.config.observability;

import dev.unstuck.ops.GatewayConnection;
import dev.unstuck.ops.GatewayLeadership;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The pieces readiness and the shown-only checks are made of, one situation each. */
class ReadinessAndHealthChecksTest {

    @Test
    void withDiscordOff_noReplicaHoldsTheGateway_soEveryReplicaIsReady_andTheGaugeReadsZero() {
        GatewayLeadership leadership = new GatewayLeadership();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        leadership.bindTo(registry);

        Health h = new GatewayHealthIndicator(leadership, () -> null).health();

        assertThat(h.getStatus()).isEqualTo(Status.UP);
        assertThat(h.getDetails()).containsEntry("holdsGateway", false);
        assertThat(registry.get(GatewayLeadership.METER).gauge().value()).isZero();
    }

    @Test
    void theReplicaHoldingTheGateway_isReadyOnlyWhileItsSessionIsConnected() {
        GatewayLeadership leadership = new GatewayLeadership();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        leadership.bindTo(registry);
        AtomicBoolean connected = new AtomicBoolean(true);
        GatewayConnection session = connected::get;
        GatewayHealthIndicator gateway = new GatewayHealthIndicator(leadership, () -> session);

        leadership.set(true);
        assertThat(gateway.health().getStatus()).isEqualTo(Status.UP);
        assertThat(registry.get(GatewayLeadership.METER).gauge().value()).isEqualTo(1.0);

        connected.set(false);
        Health down = gateway.health();
        assertThat(down.getStatus()).isEqualTo(Status.DOWN);
        assertThat(down.getDetails().get("error").toString()).contains("session is not connected");

        leadership.set(false);
        assertThat(gateway.health().getStatus()).as("a standby needs no session").isEqualTo(Status.UP);
        assertThat(registry.get(GatewayLeadership.METER).gauge().value()).isZero();
    }

    @Test
    void holdingTheGatewayWithNothingReportingASession_isNotReady() {
        GatewayLeadership leadership = new GatewayLeadership();
        leadership.set(true);
        assertThat(new GatewayHealthIndicator(leadership, () -> null).health().getStatus()).isEqualTo(Status.DOWN);
    }

    @Test
    void remoteChecksAnswerFromTheLastResultWhileItIsFresh_thenAskAgain() {
        AtomicInteger asked = new AtomicInteger();
        MutableClock clock = new MutableClock();
        CachedHealth cached = new CachedHealth(() -> Health.up().withDetail("n", asked.incrementAndGet()).build(),
                Duration.ofSeconds(20), clock);

        assertThat(cached.health().getDetails()).containsEntry("n", 1);
        clock.advance(Duration.ofSeconds(19));
        assertThat(cached.health().getDetails()).containsEntry("n", 1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(cached.health().getDetails()).containsEntry("n", 2);
        assertThat(asked).hasValue(2);
    }

    @Test
    void aFailureDetailIsTheFirstLineOfTheMessage() {
        assertThat(Problems.oneLine(new IllegalStateException("kubeconfig cannot be read\n\tat stack"))).isEqualTo(
                "kubeconfig cannot be read");
        assertThat(Problems.oneLine(new IllegalStateException())).isEqualTo("IllegalStateException");
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
