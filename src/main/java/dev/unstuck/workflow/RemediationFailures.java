package dev.unstuck.workflow;

import dev.unstuck.remediation.PlanStep;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.failure.TimeoutFailure;

/** What an activity failure means for a person: the one-line message the run ends with. */
final class RemediationFailures {
    private RemediationFailures() {
    }

    static String stepFailure(int n, PlanStep step, ActivityFailure e) {
        Throwable cause = e.getCause();
        if (cause instanceof ApplicationFailure af && RepairActivities.PERMANENT.equals(af.getType())) {
            return "step " + n + " (" + step.describe() + ") failed and retrying will not help: "
                    + af.getOriginalMessage() + ". A person must fix this, then ask again; nothing else was changed.";
        }
        if (cause instanceof TimeoutFailure) {
            return "step " + n + " (" + step.describe() + ") timed out. Check the cloud console before asking again.";
        }
        return "step " + n + " (" + step.describe() + ") still failed after retries: " + rootMessage(e)
                + ". Try again later.";
    }

    /** The innermost message: the activity's own words, not Temporal's wrapping. */
    static String rootMessage(TemporalFailure e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t instanceof ApplicationFailure af ? af.getOriginalMessage() : t.getMessage();
    }
}
