package dev.unstuck.chat.console;

import dev.unstuck.chat.ChatMessage;

import java.util.List;

/**
 * A console conversation as the remediation it follows recorded it: what a process that never served the
 * conversation (a restarted bot, another replica) shows when asked for it.
 *
 * @param live    the live message, drawn from the remediation's state now
 * @param summary the summary, when the remediation recorded it as posted in this conversation; else null
 * @param posted  the keys the remediation recorded as posted in this conversation
 */
public record RestoredConversation(String workflowId, ChatMessage live, ChatMessage summary, List<String> posted) {
    public RestoredConversation {
        posted = posted == null ? List.of() : List.copyOf(posted);
    }
}
