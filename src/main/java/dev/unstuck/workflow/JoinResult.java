package dev.unstuck.workflow;

/**
 * @param joinedExisting false when this request started the remediation, true when it attached to one already
 *                       running (then {@code message} tells the requester so)
 */
public record JoinResult(boolean joinedExisting, RemediationPhase phase, String message) {
}
