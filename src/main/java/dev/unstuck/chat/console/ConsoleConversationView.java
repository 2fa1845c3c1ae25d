package dev.unstuck.chat.console;

import java.util.List;

/** A conversation as {@code GET /api/console/conversations/{id}} returns it. */
public record ConsoleConversationView(String conversationId, String workflowId, List<ConsoleMessage> messages) {
    public ConsoleConversationView {
        messages = List.copyOf(messages);
    }
}
