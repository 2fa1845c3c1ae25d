package dev.unstuck.sandbox.vpc;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Misbehaviour the sandbox VPC injects, to rehearse what the real cloud does on a bad day.
 *
 * @param throttleRate    share of requests answered 400 Throttling.User
 * @param serverErrorRate share of requests answered 500 InternalError
 * @param latencyMs       added to every request
 * @param pendingSeconds  how long a new route entry stays Pending before it becomes Available
 * @param failAction      action -> error code it always fails with, e.g. CreateRouteEntry -> Forbidden.RAM
 */
public record VpcFaults(double throttleRate, double serverErrorRate, long latencyMs, double pendingSeconds,
                        Map<String, String> failAction) {

    public VpcFaults {
        if (throttleRate < 0 || throttleRate > 1 || serverErrorRate < 0 || serverErrorRate > 1) {
            throw new IllegalArgumentException("rates must be between 0 and 1");
        }
        if (latencyMs < 0 || pendingSeconds < 0) {
            throw new IllegalArgumentException("latency and pending time must not be negative");
        }
        failAction = failAction == null ? Map.of() : Map.copyOf(failAction);
    }

    /** A well-behaved VPC whose new entries take a second to become Available, like a quiet real one. */
    public static VpcFaults none() {
        return new VpcFaults(0, 0, 0, 1.0, Map.of());
    }

    public VpcFaults withThrottleRate(double rate) {
        return new VpcFaults(rate, serverErrorRate, latencyMs, pendingSeconds, failAction);
    }

    public VpcFaults withServerErrorRate(double rate) {
        return new VpcFaults(throttleRate, rate, latencyMs, pendingSeconds, failAction);
    }

    public VpcFaults withLatencyMs(long ms) {
        return new VpcFaults(throttleRate, serverErrorRate, ms, pendingSeconds, failAction);
    }

    public VpcFaults withPendingSeconds(double seconds) {
        return new VpcFaults(throttleRate, serverErrorRate, latencyMs, seconds, failAction);
    }

    public VpcFaults withFailAction(String action, String code) {
        Map<String, String> m = new HashMap<>(failAction);
        m.put(action, code);
        return new VpcFaults(throttleRate, serverErrorRate, latencyMs, pendingSeconds, m);
    }

    public Duration pending() {
        return Duration.ofNanos(Math.round(pendingSeconds * 1_000_000_000d));
    }
}
