package dev.unstuck.workflow;

/**
 * A button id read back (see {@link RemediationIds}).
 *
 * @param run         the run tag of the run that drew the button; null for Details, which is not bound to a run
 * @param fingerprint the plan the clicker saw; null for Details
 */
public record ButtonClick(Action action, String workflowId, String run, String fingerprint) {

    public enum Action {
        APPROVE, REJECT, DETAILS
    }

    /** Approve or Reject: clicks that ask the workflow to decide. */
    public boolean decides() {
        return action != Action.DETAILS;
    }

    public Decision decision() {
        return switch (action) {
            case APPROVE -> Decision.APPROVE;
            case REJECT -> Decision.REJECT;
            case DETAILS -> throw new IllegalStateException("Details decides nothing");
        };
    }
}
