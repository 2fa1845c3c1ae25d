package dev.unstuck.diagnosis;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A namespace as read from the cluster; deletionTimestamp is null while it is not being deleted. */
public record NamespaceInfo(String name, String phase, Instant deletionTimestamp, List<String> specFinalizers,
                            List<Condition> conditions) {
    public NamespaceInfo {
        specFinalizers = List.copyOf(specFinalizers);
        conditions = List.copyOf(conditions);
    }

    public Optional<Condition> condition(String type) {
        return conditions.stream().filter(c -> type.equals(c.type())).findFirst();
    }
}
