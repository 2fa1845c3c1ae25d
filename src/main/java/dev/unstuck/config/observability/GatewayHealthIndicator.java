package dev.unstuck.config.observability;

import dev.unstuck.ops.GatewayConnection;
import dev.unstuck.ops.GatewayLeadership;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import java.util.function.Supplier;

/**
 * Readiness on the replica that holds the Discord gateway: its session must be connected, or commands go unanswered
 * until the lease moves. Replicas in standby, and every replica while Discord is off, are ready without one.
 */
public final class GatewayHealthIndicator implements HealthIndicator {
    private final GatewayLeadership leadership;
    private final Supplier<GatewayConnection> connection;

    /** @param connection the session to ask, null while nothing reports one (Discord off) */
    public GatewayHealthIndicator(GatewayLeadership leadership, Supplier<GatewayConnection> connection) {
        this.leadership = leadership;
        this.connection = connection;
    }

    @Override
    public Health health() {
        if (!leadership.isLeader()) {
            return Health.up().withDetail("holdsGateway", false).build();
        }
        GatewayConnection session = connection.get();
        if (session != null && session.connected()) {
            return Health.up().withDetail("holdsGateway", true).withDetail("connected", true).build();
        }
        return Health.down().withDetail("holdsGateway", true).withDetail("connected", false)
                .withDetail("error", "this replica holds the Discord gateway but its session is not connected")
                .build();
    }
}
