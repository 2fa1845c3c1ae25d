package dev.unstuck.watch;

/** A remediation someone started from a card. */
public record RemediationLink(String workflowId, String requestedBy, long atMillis) {
}
