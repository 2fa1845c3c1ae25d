package dev.unstuck.watch;

import java.util.List;

/**
 * A namespace being deleted, as the watcher saw it.
 *
 * @param deletingSinceMillis  its {@code metadata.deletionTimestamp}
 * @param failingGroupVersions the group/versions its NamespaceDeletionDiscoveryFailure condition names (empty when
 *                             discovery is not what holds it)
 * @param conditions           its True deletion conditions, the namespace controller's own words
 */
public record NamespaceSeen(String name, long deletingSinceMillis, List<String> failingGroupVersions,
                            List<ConditionSeen> conditions) {
    public NamespaceSeen {
        failingGroupVersions = failingGroupVersions == null ? List.of() : List.copyOf(failingGroupVersions);
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
    }
}
