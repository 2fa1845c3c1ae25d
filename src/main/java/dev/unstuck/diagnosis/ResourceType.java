package dev.unstuck.diagnosis;

/** A namespaced, listable resource type the API server serves, e.g. example.com/v1 Widget (widgets). */
public record ResourceType(String group, String version, String kind, String plural) {
    public String groupVersion() {
        return group == null || group.isEmpty() ? version : group + "/" + version;
    }

    /** "widgets.example.com", as the namespace controller names a resource in its messages. */
    public String qualifiedName() {
        return group == null || group.isEmpty() ? plural : plural + "." + group;
    }
}
