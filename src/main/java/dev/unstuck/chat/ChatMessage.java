package dev.unstuck.chat;

import java.util.List;

/**
 * A chat-neutral message: each adapter draws it its own way (a Discord embed with buttons, an HTML card in the web
 * console). Fields hold the cause chain with its evidence and the plan; nothing is cut here: adapters that have
 * size limits move what does not fit to a thread or follow-up rather than truncating silently.
 *
 * @param attachment a file sent with the message (the incident report), or null
 */
public record ChatMessage(String title, String summary, List<PhaseLine> checklist, List<ChatField> fields,
                          List<ChatButton> buttons, String footer, ChatAttachment attachment) {
    public ChatMessage {
        checklist = checklist == null ? List.of() : List.copyOf(checklist);
        fields = fields == null ? List.of() : List.copyOf(fields);
        buttons = buttons == null ? List.of() : List.copyOf(buttons);
    }

    /** A message without a file. */
    public ChatMessage(String title, String summary, List<PhaseLine> checklist, List<ChatField> fields,
                       List<ChatButton> buttons, String footer) {
        this(title, summary, checklist, fields, buttons, footer, null);
    }

    /** A plain text message. */
    public static ChatMessage text(String title, String summary) {
        return new ChatMessage(title, summary, List.of(), List.of(), List.of(), null);
    }
}
