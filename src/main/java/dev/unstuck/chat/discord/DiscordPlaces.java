package dev.unstuck.chat.discord;

import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.channel.Channel;
import net.dv8tion.jda.api.entities.channel.concrete.ThreadChannel;
import net.dv8tion.jda.api.interactions.Interaction;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Where Unstuck answers on Discord: the allowed servers ({@code allowed-guilds}, else {@code guild-ids}) and
 * channels (and their threads). Commands, buttons and autocomplete from anywhere else are refused with one line.
 */
final class DiscordPlaces {
    private final DiscordProperties props;

    DiscordPlaces(DiscordProperties props) {
        this.props = props;
    }

    /** The one line to answer, or empty when the interaction comes from a place Unstuck serves. */
    Optional<String> refusal(Interaction e) {
        Guild guild = e.getGuild();
        if (guild == null) {
            return Optional.of("Unstuck works in server channels only.");
        }
        List<String> guilds = props.effectiveAllowedGuilds();
        if (!guilds.isEmpty() && !guilds.contains(guild.getId())) {
            return Optional.of("Unstuck is not enabled in this server.");
        }
        if (props.allowedChannels().isEmpty()) {
            return Optional.empty();
        }
        Channel channel = e.getChannel();
        if (channel != null && (allowed(channel) || channel instanceof ThreadChannel t
                && allowed(t.getParentChannel()))) {
            return Optional.empty();
        }
        return Optional.of("Unstuck is not enabled in this channel; use " + props.allowedChannels().stream()
                .map(c -> c.chars().allMatch(Character::isDigit) ? "<#" + c + ">" : "#" + c)
                .collect(Collectors.joining(", ")) + ".");
    }

    private boolean allowed(Channel channel) {
        return props.allowedChannels().contains(channel.getId()) || props.allowedChannels().contains(channel.getName());
    }
}
