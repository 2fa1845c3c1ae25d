package dev.unstuck.cloud;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Retries RETRYABLE cloud failures (throttling, busy VPC, 5xx, timeouts) with exponential backoff and jitter, within
 * a policy's bounds; every other failure goes to the caller at once. Reads and writes share it so a throttled
 * account slows Unstuck down instead of failing it.
 */
public final class CloudRetry {
    private static final Logger log = LoggerFactory.getLogger(CloudRetry.class);

    private final RepairPolicy policy;
    private final Sleeper sleeper;
    private final Clock clock;
    private final Random random;

    public CloudRetry(RepairPolicy policy, Sleeper sleeper, Clock clock, Random random) {
        this.policy = Objects.requireNonNull(policy);
        this.sleeper = Objects.requireNonNull(sleeper);
        this.clock = Objects.requireNonNull(clock);
        this.random = Objects.requireNonNull(random);
    }

    public static CloudRetry defaults() {
        return new CloudRetry(RepairPolicy.defaults(), Sleeper.REAL, Clock.systemUTC(), new Random());
    }

    public <T> T call(Supplier<T> call) {
        return call(clock.instant(), call, null);
    }

    /**
     * Runs {@code call}, retrying RETRYABLE failures within the policy, counting from {@code started}.
     * {@code attempts}, when given, receives the number of requests made.
     */
    public <T> T call(Instant started, Supplier<T> call, int[] attempts) {
        int attempt = 0;
        while (true) {
            attempt++;
            if (attempts != null) {
                attempts[0] = attempt;
            }
            try {
                return call.get();
            } catch (CloudException e) {
                if (!e.isRetryable()) {
                    throw e;
                }
                Duration wait = backoff(attempt);
                Instant giveUpAt = started.plus(policy.maxElapsed());
                if (attempt >= policy.maxAttempts() || clock.instant().plus(wait).isAfter(giveUpAt)) {
                    throw new CloudException(CloudErrorClass.RETRYABLE, e.code(), e.requestId(), e.httpStatus(),
                            "gave up after " + attempt + " attempts: " + e.getMessage(), e);
                }
                log.info("Attempt {} failed, retrying in {} ms: {}", attempt, wait.toMillis(), e.getMessage());
                pause(wait);
            }
        }
    }

    /** Exponential backoff with "equal jitter": between half and all of the exponential delay. */
    Duration backoff(int attempt) {
        long base = policy.initialBackoff().toMillis() << Math.min(attempt - 1, 20);
        long capped = Math.min(base, policy.maxBackoff().toMillis());
        long half = capped / 2;
        return Duration.ofMillis(half + (half > 0 ? (long) (random.nextDouble() * (capped - half + 1)) : 0));
    }

    void pause(Duration d) {
        try {
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CloudException(CloudErrorClass.PERMANENT, "Unstuck.Interrupted", null, 0,
                    "interrupted while waiting to retry a cloud call", e);
        }
    }
}
