package dev.unstuck.diagnosis;

import java.util.List;

/** An object still present in a deleting namespace, with the finalizers that hold it. */
public record RemainingObject(String group, String version, String kind, String name, List<String> finalizers,
                              boolean deleting) {
    public RemainingObject {
        finalizers = List.copyOf(finalizers);
    }

    public RemainingObject(String group, String kind, String name, List<String> finalizers, boolean deleting) {
        this(group, null, kind, name, finalizers, deleting);
    }

    public String describe() {
        String g = group == null || group.isEmpty() ? "core" : group;
        return g + "/" + kind + "/" + name + (finalizers.isEmpty() ? "" : " finalizers=" + finalizers);
    }

    /** "batch.example.io/v1", or just the group (or "v1" for core) when the version is not known. */
    public String apiVersion() {
        boolean core = group == null || group.isEmpty();
        if (version == null || version.isEmpty()) {
            return core ? "v1" : group;
        }
        return core ? version : group + "/" + version;
    }

    /** "example.com/Widget", the key remaining objects are counted by. */
    public String typeKey() {
        return (group == null || group.isEmpty() ? "core" : group) + "/" + kind;
    }

    public boolean heldByFinalizers() {
        return !finalizers.isEmpty();
    }
}
