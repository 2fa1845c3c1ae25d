package dev.unstuck.workflow;

/**
 * @param joined  true when the request attached to a remediation already running for the namespace
 * @param message what to tell the requester ("already being handled by ..." or "started")
 */
public record StartResult(String workflowId, String runId, boolean joined, String message) {
}
