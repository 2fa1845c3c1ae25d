package dev.unstuck.ha;

import java.time.Duration;

/** One Lease as an election uses it, every value resolved and checked. */
public record LeaseSettings(String namespace, String name, String identity, Duration duration,
                            Duration renewDeadline, Duration retryPeriod) {

    /** {@code namespace/name}, for log lines. */
    public String describe() {
        return namespace + "/" + name;
    }
}
