package dev.unstuck.diagnosis;

/**
 * What an event is about. {@code kind} may be null to match any kind: the Alibaba Cloud route controller records its
 * cluster-wide failures against a synthetic object named {@code route-controller} whose kind is whatever its scheme
 * assigns, not a Node.
 */
public record InvolvedObject(String kind, String name) {

    public static InvolvedObject node(String name) {
        return new InvolvedObject("Node", name);
    }

    public static InvolvedObject anyKind(String name) {
        return new InvolvedObject(null, name);
    }

    public boolean matches(String eventObjectKind, String eventObjectName) {
        return name.equals(eventObjectName) && (kind == null || kind.equals(eventObjectKind));
    }
}
