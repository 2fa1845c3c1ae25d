package dev.unstuck.remediation;

/**
 * One execution of one plan step: the workflow (one per incident and namespace), its run (a fresh id every time the
 * workflow or the CLI runs) and the step. A cloud write is made idempotent per StepRun: retries and replays of the
 * same run never write twice, while an incident on the same namespace months later is a new run and writes again.
 */
public record StepRun(String workflowId, String runId, String stepId) {
    public StepRun {
        require(workflowId, "workflow id");
        require(runId, "run id");
        require(stepId, "step id");
    }

    private static void require(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
    }
}
