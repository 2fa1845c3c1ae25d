package dev.unstuck.ops;

/**
 * Whether the Discord gateway session of this replica is connected. Readiness asks it only while this replica holds
 * the gateway ({@link GatewayLeadership}): a standby is ready without a session of its own.
 */
@FunctionalInterface
public interface GatewayConnection {

    boolean connected();
}
