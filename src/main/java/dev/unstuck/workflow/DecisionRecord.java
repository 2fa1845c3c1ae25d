package dev.unstuck.workflow;

import dev.unstuck.chat.ChatUser;

/**
 * One decision attempt as the workflow judged it. Kept in workflow state (and so in every query and in the
 * summary) because update validators' rejections never reach the history; this list is the audit trail.
 *
 * @param atMillis workflow time of the attempt
 */
public record DecisionRecord(long atMillis, ChatUser user, Decision decision, String planFingerprint,
                             DecisionVerdict verdict, String reason) {
}
