package dev.unstuck.workflow;

/** The answer shown to the clicker only (an ephemeral reply in chat). */
public record DecisionResult(DecisionVerdict verdict, String message) {
    public boolean accepted() {
        return verdict == DecisionVerdict.APPROVED || verdict == DecisionVerdict.REJECTED;
    }
}
