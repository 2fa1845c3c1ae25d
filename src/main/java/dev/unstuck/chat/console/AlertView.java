package dev.unstuck.chat.console;

import dev.unstuck.chat.ChatButton;
import dev.unstuck.chat.ChatField;
import dev.unstuck.watch.AlertCard;

import java.time.Instant;
import java.util.List;

/**
 * One card of the console's Alerts view, as {@code GET /api/alerts} returns it.
 *
 * @param since      when the fault began
 * @param resolved   whether the incident has resolved
 * @param resolvedAt when, or null while open
 */
public record AlertView(String id, String cluster, String kind, String title, Instant since, boolean resolved,
                        Instant resolvedAt, String summary, List<ChatField> fields, List<ButtonView> buttons,
                        String footer) {

    /** A card's button: what the API promises ({@code id}, {@code label}, {@code disabled}) and its style. */
    public record ButtonView(String id, String label, boolean disabled, String style) {
    }

    static AlertView of(AlertCard c) {
        List<ButtonView> buttons = c.message().buttons().stream()
                .map((ChatButton b) -> new ButtonView(b.id(), b.label(), b.disabled(), b.style().name())).toList();
        return new AlertView(c.id(), c.cluster(), c.kind().name(), c.title(), Instant.ofEpochMilli(c.sinceMillis()),
                c.resolvedAtMillis() != 0, c.resolvedAtMillis() == 0 ? null : Instant.ofEpochMilli(c.resolvedAtMillis()),
                c.message().summary(), c.message().fields(), buttons, c.message().footer());
    }
}
