package dev.unstuck.diagnosis;

import java.time.Instant;

/** A Kubernetes event about some object (for Unstuck: the route controller's events on nodes). */
public record ClusterEvent(String objectKind, String objectName, String reason, String message, int count,
                           Instant lastSeen) {
}
