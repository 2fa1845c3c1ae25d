package dev.unstuck.chat.console;

import dev.unstuck.chat.ChatAttachment;
import dev.unstuck.chat.ChatButton;
import dev.unstuck.chat.ChatField;
import dev.unstuck.chat.ChatMessage;
import dev.unstuck.chat.PhaseLine;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One message of a console conversation as the API returns it. {@code text} is the whole message as plain text
 * (for scripts and screen readers); title, checklist, fields and buttons let the page draw it as a card.
 */
public record ConsoleMessage(String id, String author, Instant time, String text, String title, String summary,
                             List<PhaseLine> checklist, List<ChatField> fields, List<ChatButton> buttons,
                             String footer, ChatAttachment attachment) {
    public ConsoleMessage {
        checklist = checklist == null ? List.of() : List.copyOf(checklist);
        fields = fields == null ? List.of() : List.copyOf(fields);
        buttons = buttons == null ? List.of() : List.copyOf(buttons);
    }

    /** What a person typed. */
    public static ConsoleMessage typed(String id, String author, Instant time, String text) {
        return new ConsoleMessage(id, author, time, text, null, null, null, null, null, null, null);
    }

    /** A message from the bot, drawn from the chat-neutral form every adapter receives. */
    public static ConsoleMessage of(String id, String author, Instant time, ChatMessage m) {
        StringBuilder text = new StringBuilder();
        if (m.title() != null) {
            text.append(m.title());
        }
        if (m.summary() != null) {
            text.append(text.isEmpty() ? "" : "\n").append(m.summary());
        }
        if (!m.checklist().isEmpty()) {
            text.append("\n").append(m.checklist().stream().map(ConsoleMessage::line)
                    .collect(Collectors.joining("\n")));
        }
        return new ConsoleMessage(id, author, time, text.toString(), m.title(), m.summary(), m.checklist(), m.fields(),
                m.buttons(), m.footer(), m.attachment());
    }

    private static String line(PhaseLine l) {
        String box = switch (l.mark()) {
            case DONE -> "[x]";
            case ACTIVE -> "[>]";
            case PENDING -> "[ ]";
            case FAILED -> "[!]";
            case SKIPPED -> "[-]";
        };
        return box + " " + l.label() + (l.detail() == null ? "" : " (" + l.detail() + ")");
    }
}
