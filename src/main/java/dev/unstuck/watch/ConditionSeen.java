package dev.unstuck.watch;

/** A condition that is True on a terminating namespace: what the namespace controller says holds it. */
public record ConditionSeen(String type, String reason, String message) {
}
