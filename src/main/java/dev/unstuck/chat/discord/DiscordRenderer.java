package dev.unstuck.chat.discord;

import dev.unstuck.chat.ChatButton;
import dev.unstuck.chat.ChatField;
import dev.unstuck.chat.ChatMessage;
import dev.unstuck.chat.PhaseLine;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.EmbedBuilder;
import net.dv8tion.jda.api.entities.MessageEmbed;

import java.util.ArrayList;
import java.util.List;

/**
 * Draws a {@link ChatMessage} within Discord's limits (25 fields, 1024 characters per field value, 6000 per
 * message's embeds, 5 buttons per row). Whatever is shortened says so in the message and is handed back whole as
 * overflow, so the reader always learns there is more and where it is.
 */
public final class DiscordRenderer {
    static final int MAX_TITLE = 256;
    static final int MAX_DESCRIPTION = 4096;
    static final int MAX_FIELDS = 25;
    static final int MAX_FIELD_NAME = 256;
    static final int MAX_FIELD_VALUE = 1024;
    static final int MAX_FOOTER = 2048;
    static final int MAX_EMBED_TOTAL = 6000;
    static final int MAX_CONTENT = 2000;
    static final int BUTTONS_PER_ROW = 5;
    static final int MAX_ROWS = 5;
    /** Room kept under the 6000 total for the "more in the thread" field. */
    private static final int TOTAL_BUDGET = MAX_EMBED_TOTAL - 300;
    static final String MORE_NOTE = "continued in the thread below";

    private DiscordRenderer() {
    }

    public static DiscordRendering render(ChatMessage m) {
        List<ChatField> overflow = new ArrayList<>();
        String title = cut(orDash(m.title()), MAX_TITLE);
        if (title.length() < orDash(m.title()).length()) {
            overflow.add(new ChatField("Title", m.title()));
        }
        String description = description(m);
        if (description.length() > MAX_DESCRIPTION) {
            overflow.add(new ChatField("Summary", description));
            description = head(description, MAX_DESCRIPTION - 60) + "\n… (" + MORE_NOTE + ")";
        }
        String footer = m.footer() == null ? null : cut(m.footer(), MAX_FOOTER);
        int total = title.length() + description.length() + (footer == null ? 0 : footer.length());

        List<MessageEmbed.Field> fields = new ArrayList<>();
        List<String> moved = new ArrayList<>();
        for (ChatField f : m.fields()) {
            String name = cut(orDash(f.name()), MAX_FIELD_NAME);
            String value = orDash(f.value());
            if (value.length() > MAX_FIELD_VALUE) {
                overflow.add(f);
                value = head(value, MAX_FIELD_VALUE - 60) + "\n… (full text " + MORE_NOTE + ")";
            }
            if (fields.size() < MAX_FIELDS - 1 && total + name.length() + value.length() <= TOTAL_BUDGET) {
                fields.add(new MessageEmbed.Field(name, value, false));
                total += name.length() + value.length();
            } else {
                if (!overflow.contains(f)) {
                    overflow.add(f);
                }
                moved.add(name);
            }
        }
        if (!moved.isEmpty()) {
            String value = cut(moved.size() + " more section(s), " + MORE_NOTE + ": " + String.join(", ", moved),
                    Math.min(MAX_FIELD_VALUE, Math.max(40, MAX_EMBED_TOTAL - total - 10)));
            fields.add(new MessageEmbed.Field("More", value, false));
        }
        EmbedBuilder embed = new EmbedBuilder().setTitle(title).setDescription(description).setColor(color(m))
                .setFooter(footer);
        fields.forEach(embed::addField);
        return new DiscordRendering(embed.build(), rows(m.buttons()), overflow);
    }

    /** The message without buttons: what a status or details answer shows. */
    public static DiscordRendering renderWithoutButtons(ChatMessage m) {
        return render(new ChatMessage(m.title(), m.summary(), m.checklist(), m.fields(), List.of(), m.footer()));
    }

    static String description(ChatMessage m) {
        StringBuilder sb = new StringBuilder(m.summary() == null ? "" : m.summary());
        if (!m.checklist().isEmpty()) {
            sb.append(sb.length() == 0 ? "" : "\n\n");
            for (PhaseLine line : m.checklist()) {
                sb.append(mark(line)).append(' ').append(line.label())
                        .append(line.detail() == null ? "" : " (" + line.detail() + ")").append('\n');
            }
        }
        return sb.toString().strip();
    }

    private static String mark(PhaseLine line) {
        return switch (line.mark()) {
            case DONE -> "\u2705";
            case ACTIVE -> "\u23f3";
            case PENDING -> "\u25ab\ufe0f";
            case FAILED -> "\u274c";
            case SKIPPED -> "\u2796";
        };
    }

    private static int color(ChatMessage m) {
        boolean failed = m.checklist().stream().anyMatch(l -> l.mark() == dev.unstuck.chat.PhaseMark.FAILED);
        boolean active = m.checklist().stream().anyMatch(l -> l.mark() == dev.unstuck.chat.PhaseMark.ACTIVE);
        return failed ? 0xD64545 : active ? 0xE0A526 : 0x2EA44F;
    }

    static List<ActionRow> rows(List<ChatButton> buttons) {
        List<ActionRow> rows = new ArrayList<>();
        List<Button> row = new ArrayList<>();
        for (ChatButton b : buttons) {
            if (rows.size() == MAX_ROWS) {
                throw new IllegalArgumentException("more than " + MAX_ROWS * BUTTONS_PER_ROW + " buttons");
            }
            Button button = switch (b.style()) {
                case PRIMARY -> Button.primary(b.id(), cut(b.label(), Button.LABEL_MAX_LENGTH));
                case SUCCESS -> Button.success(b.id(), cut(b.label(), Button.LABEL_MAX_LENGTH));
                case DANGER -> Button.danger(b.id(), cut(b.label(), Button.LABEL_MAX_LENGTH));
                case SECONDARY -> Button.secondary(b.id(), cut(b.label(), Button.LABEL_MAX_LENGTH));
            };
            row.add(b.disabled() ? button.asDisabled() : button);
            if (row.size() == BUTTONS_PER_ROW) {
                rows.add(ActionRow.of(row));
                row = new ArrayList<>();
            }
        }
        if (!row.isEmpty()) {
            rows.add(ActionRow.of(row));
        }
        return rows;
    }

    /**
     * Splits long text into pieces of at most {@code max} characters, at line ends where possible, so each piece
     * can be its own message; nothing is lost.
     */
    public static List<String> chunks(String text, int max) {
        List<String> out = new ArrayList<>();
        String rest = text;
        while (rest.length() > max) {
            int cut = rest.lastIndexOf('\n', max);
            if (cut < max / 2) {
                cut = max;
            }
            out.add(rest.substring(0, cut));
            rest = rest.substring(cut).stripLeading();
        }
        if (!rest.isEmpty()) {
            out.add(rest);
        }
        return out;
    }

    private static String head(String text, int max) {
        return chunks(text, max).get(0);
    }

    static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "\u2026";
    }

    private static String orDash(String s) {
        return s == null || s.isBlank() ? "-" : s;
    }
}
