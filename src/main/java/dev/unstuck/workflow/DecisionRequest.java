package dev.unstuck.workflow;

import dev.unstuck.chat.ChatUser;

/**
 * A click on Approve or Reject, naming the plan the clicker saw and the run that drew the button.
 *
 * @param run the run tag from the button ({@link RemediationIds#runTag}); null only in requests recorded before
 *            buttons were bound to a run, which are judged as they were then
 */
public record DecisionRequest(ChatUser user, Decision decision, String planFingerprint, String run) {

    /** A decision not bound to a run: what histories recorded before run-bound buttons hold. */
    public DecisionRequest(ChatUser user, Decision decision, String planFingerprint) {
        this(user, decision, planFingerprint, null);
    }
}
