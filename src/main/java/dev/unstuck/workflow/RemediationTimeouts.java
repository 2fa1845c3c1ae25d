package dev.unstuck.workflow;

import java.time.Duration;

/** Time limits given to every new remediation (configured as {@code unstuck.remediation.*}). */
public record RemediationTimeouts(Duration approval, Duration step, Duration apiService, Duration namespace) {
    public static RemediationTimeouts defaults() {
        return new RemediationTimeouts(Duration.ofMinutes(30), Duration.ofMinutes(2), Duration.ofMinutes(10),
                Duration.ofMinutes(10));
    }
}
