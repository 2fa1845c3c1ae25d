package dev.unstuck.workflow;

import dev.unstuck.chat.ChatUser;

/** A click on Approve or Reject, naming the fingerprint of the plan the clicker saw. */
public record DecisionRequest(ChatUser user, Decision decision, String planFingerprint) {
}
