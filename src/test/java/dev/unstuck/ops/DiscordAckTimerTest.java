package dev.unstuck.ops;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class DiscordAckTimerTest {

    @Test
    void anAckIsTimedFromTheInteractionsCreation_andClockSkewNeverRecordsANegativeTime() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        DiscordAckTimer acks = new DiscordAckTimer();
        acks.bindTo(registry);
        Timer timer = registry.get(DiscordAckTimer.METER).timer();
        assertThat(timer.count()).as("registered before any ack").isZero();

        Instant created = Instant.parse("2026-01-01T10:00:00.000Z");
        acks.acknowledged(created, created.plusMillis(180));
        acks.acknowledged(created, created.minusMillis(40));

        assertThat(timer.count()).isEqualTo(2);
        assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(180.0);
        assertThat(timer.max(TimeUnit.MILLISECONDS)).isEqualTo(180.0);
    }

    @Test
    void withoutARegistryNothingIsRecordedAndNothingFails() {
        DiscordAckTimer.NONE.acknowledged(Instant.now(), Instant.now());
        DiscordAckTimer.NONE.acknowledged(null, Instant.now());
    }
}
