package dev.unstuck.workflow;

import dev.unstuck.chat.ChatUser;
import dev.unstuck.chat.Conversation;

/** Someone asked about a namespace that already has a remediation: their conversation follows it too. */
public record JoinRequest(ChatUser requester, Conversation conversation) {
}
