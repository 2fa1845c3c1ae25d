package dev.unstuck.diagnosis;

import java.util.List;
import java.util.Map;

/**
 * What discovery returned: the namespaced listable types, and the group/versions whose discovery failed
 * (group/version -> error), which the namespace controller trips over too.
 */
public record DiscoveryResult(List<ResourceType> namespacedTypes, Map<String, String> failedGroupVersions) {
    public DiscoveryResult {
        namespacedTypes = List.copyOf(namespacedTypes);
        failedGroupVersions = Map.copyOf(failedGroupVersions);
    }
}
