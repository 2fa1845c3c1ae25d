package dev.unstuck.config.observability;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Answers from the last check while it is fresh. The cluster and cloud checks call remote APIs (the VPC API is
 * rate-limited per account), and whoever polls {@code /actuator/health} must not multiply those calls.
 */
final class CachedHealth implements HealthIndicator {
    private final HealthIndicator check;
    private final Duration ttl;
    private final Clock clock;
    private Health last;
    private Instant checkedAt;

    CachedHealth(HealthIndicator check, Duration ttl, Clock clock) {
        this.check = check;
        this.ttl = ttl;
        this.clock = clock;
    }

    @Override
    public synchronized Health health() {
        Instant now = clock.instant();
        if (last == null || !now.isBefore(checkedAt.plus(ttl))) {
            last = check.health();
            checkedAt = now;
        }
        return last;
    }
}
