package dev.unstuck.watch;

/**
 * The answer to a click on a card's button.
 *
 * @param workflowId the remediation started or joined; null when none was
 */
public record AlertClickResult(AlertVerdict verdict, String message, String workflowId) {
    public boolean started() {
        return verdict == AlertVerdict.STARTED || verdict == AlertVerdict.JOINED;
    }
}
