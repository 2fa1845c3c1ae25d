package dev.unstuck.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether this replica holds the Discord gateway. Exactly one replica may hold it, so the sum of
 * {@code unstuck_gateway_leader} over the replicas is the alert signal: 0 means nobody answers Discord. Stays false
 * while Discord is off; the gateway leader election calls {@link #set(boolean)} as it wins or loses the lease.
 */
public final class GatewayLeadership implements MeterBinder {
    public static final String METER = "unstuck_gateway_leader";

    private final AtomicBoolean leader = new AtomicBoolean();

    public void set(boolean holdsGateway) {
        leader.set(holdsGateway);
    }

    public boolean isLeader() {
        return leader.get();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder(METER, leader, l -> l.get() ? 1 : 0)
                .description("1 while this replica holds the Discord gateway, else 0")
                .register(registry);
    }
}
