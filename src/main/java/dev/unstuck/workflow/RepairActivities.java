package dev.unstuck.workflow;

import dev.unstuck.remediation.PlanStep;
import dev.unstuck.remediation.StepResult;
import io.temporal.activity.ActivityInterface;

@ActivityInterface
public interface RepairActivities {
    /** Failure type of a step that may succeed when tried again later (throttling, outage). */
    String RETRYABLE = "RetryableStepFailure";
    /** Failure type of a step a person must unblock first (permissions, quota, credentials). */
    String PERMANENT = "PermanentStepFailure";

    /**
     * Executes one step; {@code runId} and {@code stepId} fix the cloud ClientToken, so a retried or replayed
     * attempt can never create a second entry. Returns successes and conflicts; failures are thrown as
     * ApplicationFailure of type {@link #RETRYABLE} or {@link #PERMANENT} (non-retryable).
     */
    StepResult executeStep(String cluster, PlanStep step, String runId, String stepId);
}
