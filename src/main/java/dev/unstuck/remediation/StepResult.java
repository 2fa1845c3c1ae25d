package dev.unstuck.remediation;

/**
 * The outcome of one executed plan step.
 *
 * @param routeEntryId the entry that carries the route, for CREATE_ROUTE_ENTRY steps that succeeded
 * @param retryable    for FAILED: whether running it again later may succeed (throttling, outage) or a person must
 *                     act first (permissions, quota, credentials)
 */
public record StepResult(PlanStep step, StepStatus status, String routeEntryId, String message, boolean retryable) {
    public boolean succeeded() {
        return status == StepStatus.CREATED || status == StepStatus.ALREADY_PRESENT || status == StepStatus.DELETED;
    }
}
