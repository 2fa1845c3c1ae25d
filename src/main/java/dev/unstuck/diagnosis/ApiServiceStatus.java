package dev.unstuck.diagnosis;

import java.util.Optional;

/**
 * An APIService (apiregistration.k8s.io/v1). {@code service} is null for a local, built-in group;
 * {@code available} is null when the aggregator has not reported yet.
 */
public record ApiServiceStatus(String name, String group, String version, ServiceRef service, Condition available) {
    public boolean isLocal() {
        return service == null;
    }

    public boolean isAvailable() {
        return available != null && available.isTrue();
    }

    public Optional<Condition> availableCondition() {
        return Optional.ofNullable(available);
    }

    public String groupVersion() {
        return group == null || group.isEmpty() ? version : group + "/" + version;
    }
}
