package dev.unstuck.diagnosis;

import java.util.List;

/** An object still present in a deleting namespace, with the finalizers that hold it. */
public record RemainingObject(String group, String kind, String name, List<String> finalizers, boolean deleting) {
    public RemainingObject {
        finalizers = List.copyOf(finalizers);
    }

    public String describe() {
        String g = group == null || group.isEmpty() ? "core" : group;
        return g + "/" + kind + "/" + name + (finalizers.isEmpty() ? "" : " finalizers=" + finalizers);
    }
}
