package dev.unstuck.remediation;

/**
 * What a {@link RouteWriter} did.
 *
 * @param status       CREATED, ALREADY_PRESENT, CONFLICT or FAILED
 * @param routeEntryId the entry that carries the route (CREATED, ALREADY_PRESENT), else null
 * @param message      one line for chat
 * @param retryable    for FAILED: whether running the step again later may succeed
 */
public record RouteWriteResult(StepStatus status, String routeEntryId, String message, boolean retryable) {
    public RouteWriteResult {
        if (status != StepStatus.CREATED && status != StepStatus.ALREADY_PRESENT && status != StepStatus.CONFLICT
                && status != StepStatus.FAILED) {
            throw new IllegalArgumentException("a route write ends CREATED, ALREADY_PRESENT, CONFLICT or FAILED, not "
                    + status);
        }
    }
}
