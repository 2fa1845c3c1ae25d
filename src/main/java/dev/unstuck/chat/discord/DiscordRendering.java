package dev.unstuck.chat.discord;

import dev.unstuck.chat.ChatField;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.entities.MessageEmbed;

import java.util.List;

/**
 * A chat message as Discord can take it: one embed and button rows within Discord's limits, plus everything that
 * did not fit in full ({@code overflow}), which goes to a thread or follow-up messages, never dropped.
 */
public record DiscordRendering(MessageEmbed embed, List<ActionRow> rows, List<ChatField> overflow) {
    public DiscordRendering {
        rows = List.copyOf(rows);
        overflow = List.copyOf(overflow);
    }
}
