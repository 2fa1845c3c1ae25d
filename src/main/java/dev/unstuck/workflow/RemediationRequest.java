package dev.unstuck.workflow;

import dev.unstuck.chat.ChatUser;
import dev.unstuck.chat.Conversation;

/** The start of a remediation: which namespace of which registered cluster, who asked, where to talk. */
public record RemediationRequest(String cluster, String namespace, ChatUser requester, Conversation conversation,
                                 RemediationPolicy policy) {
}
