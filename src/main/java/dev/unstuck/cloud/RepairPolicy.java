package dev.unstuck.cloud;

import java.time.Duration;

/**
 * Bounds of a route repair. Retries use exponential backoff with jitter so that several Unstuck workers throttled at
 * the same moment do not come back at the same moment.
 *
 * @param maxAttempts      attempts per call, first one included
 * @param initialBackoff   wait after the first retryable failure
 * @param maxBackoff       cap of one wait
 * @param maxElapsed       a call is given up when the next wait would end later than this after the repair began
 * @param availableTimeout how long a created (or found Pending) entry may take to become Available
 * @param pollInterval     first wait between status reads
 * @param maxPollInterval  cap of the wait between status reads
 */
public record RepairPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxElapsed,
                           Duration availableTimeout, Duration pollInterval, Duration maxPollInterval) {

    public RepairPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    /**
     * Sized for the real cloud: route entries typically become Available within seconds. Twenty attempts because a
     * throttled account can refuse half its calls for a while; the two-minute bound still ends a real outage.
     */
    public static RepairPolicy defaults() {
        return new RepairPolicy(20, Duration.ofMillis(500), Duration.ofSeconds(10), Duration.ofMinutes(2),
                Duration.ofMinutes(3), Duration.ofMillis(500), Duration.ofSeconds(5));
    }
}
