package dev.unstuck.config.observability;

import io.grpc.StatusRuntimeException;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.api.workflowservice.v1.GetSystemInfoResponse;
import io.temporal.serviceclient.WorkflowServiceStubs;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Readiness: the Temporal frontend answers. Without it a replica can neither start a remediation nor record a
 * decision, so it should not be sent console traffic. Asks for the server's system info, the call the SDK itself
 * makes first on a new connection, with a short deadline so a probe never hangs on a dead frontend.
 */
public final class TemporalHealthIndicator implements HealthIndicator {
    static final Duration DEADLINE = Duration.ofSeconds(3);

    private final WorkflowServiceStubs stubs;
    private final String target;
    private final String namespace;

    /** @param target what to call the frontend in the details ({@code host:port}, or "embedded") */
    public TemporalHealthIndicator(WorkflowServiceStubs stubs, String target, String namespace) {
        this.stubs = stubs;
        this.target = target;
        this.namespace = namespace;
    }

    @Override
    public Health health() {
        try {
            GetSystemInfoResponse info = stubs.blockingStub()
                    .withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                    .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
            Health.Builder up = Health.up().withDetail("frontend", target).withDetail("namespace", namespace);
            if (!info.getServerVersion().isBlank()) {
                up.withDetail("serverVersion", info.getServerVersion());
            }
            return up.build();
        } catch (StatusRuntimeException e) {
            return Health.down().withDetail("frontend", target).withDetail("namespace", namespace)
                    .withDetail("error", "the Temporal frontend did not answer: " + e.getStatus().getCode()
                            + (e.getStatus().getDescription() == null ? "" : " " + e.getStatus().getDescription()))
                    .build();
        }
    }
}
