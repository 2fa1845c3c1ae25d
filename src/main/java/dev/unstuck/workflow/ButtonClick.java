package dev.unstuck.workflow;

/** A parsed button id: {@code action} is approve, reject or details; {@code fingerprint} is null for details. */
public record ButtonClick(String action, String workflowId, String fingerprint) {
}
