package dev.unstuck.ops;

import dev.unstuck.cloud.CloudCallListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Counts VPC OpenAPI calls by action and answer as {@code unstuck_cloud_calls_total{action,code}}. */
public final class CloudCallMeter implements CloudCallListener {
    public static final String METER = "unstuck_cloud_calls";

    private final MeterRegistry registry;

    public CloudCallMeter(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void called(String action, String code) {
        Counter.builder(METER)
                .description("VPC OpenAPI calls by action and answer code (OK or the error code)")
                .tag("action", action == null ? "Unknown" : action)
                .tag("code", code == null || code.isBlank() ? "Unknown" : code)
                .register(registry)
                .increment();
    }
}
