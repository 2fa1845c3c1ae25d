package dev.unstuck.cloud;

import java.time.Duration;

/** Waiting between attempts, injectable so tests advance a fake clock instead of waiting. */
@FunctionalInterface
public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;

    Sleeper REAL = d -> {
        if (!d.isNegative() && !d.isZero()) {
            Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);
        }
    };
}
