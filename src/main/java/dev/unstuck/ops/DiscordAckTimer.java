package dev.unstuck.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.time.Duration;
import java.time.Instant;

/**
 * How long Discord waited for our acknowledgement of an interaction, as {@code unstuck_discord_ack_seconds}: from
 * the moment Discord created the interaction (its snowflake) to the moment it accepted our ack. Discord drops an
 * interaction that is not acknowledged within 3 s, so this is the latency people feel first. Registered up front so
 * it reads 0 rather than missing while Discord is off.
 */
public final class DiscordAckTimer implements MeterBinder {
    public static final String METER = "unstuck_discord_ack";

    /** For code that runs without a registry (tests of the adapter alone). */
    public static final DiscordAckTimer NONE = new DiscordAckTimer();

    private volatile Timer timer;

    @Override
    public void bindTo(MeterRegistry registry) {
        timer = Timer.builder(METER)
                .description("Time from a Discord interaction's creation to Discord accepting its acknowledgement")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofSeconds(5))
                .register(registry);
    }

    /** Records one acknowledgement; clock skew between Discord and this host never yields a negative sample. */
    public void acknowledged(Instant interactionCreated, Instant accepted) {
        Timer t = timer;
        if (t != null && interactionCreated != null && accepted != null) {
            Duration d = Duration.between(interactionCreated, accepted);
            t.record(d.isNegative() ? Duration.ZERO : d);
        }
    }
}
