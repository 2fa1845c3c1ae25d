package dev.unstuck.chat.discord;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code unstuck.discord.*}: the Discord bot. It runs only when a token is set ({@code UNSTUCK_DISCORD_TOKEN});
 * {@link #toString()} never shows the token, so the properties can be logged or shown in a failure message.
 *
 * @param token            bot token, from the environment; never logged
 * @param applicationId    the application's id, only to check the token belongs to it (JDA learns it at login)
 * @param guildIds         guilds whose slash commands are registered when {@code commandScope} is GUILD (changes
 *                         show at once there; global registration can take up to an hour on Discord)
 * @param commandScope     GUILD or GLOBAL
 * @param restBaseUrl      REST API base (".../api/v10/"); only set to reach a stand-in Discord
 * @param gatewayUrl       gateway URL (ws:// or wss://); only set to reach a stand-in Discord
 * @param allowedGuilds    guild ids commands are accepted from; empty means {@code guildIds}, and when both are
 *                         empty any guild
 * @param allowedChannels  channel ids or names commands are accepted from; empty means any channel
 * @param approverRoles    per cluster alias, the ids of the Discord roles whose members get that cluster's approver
 *                         roles (unstuck.clusters.&lt;alias&gt;.approver-roles, or the sandbox's). Ids, because
 *                         anyone allowed to manage roles can make a role of any name
 * @param roleNamesAsRoles off by default. When true, role names are matched too, and a member's Discord role names
 *                         count as Unstuck roles, so any role named "sre" approves where the approver role is "sre";
 *                         a warning says so at start-up
 * @param defaultCluster   the cluster for commands without a cluster option when more than one is configured
 * @param rateLimit        slash commands one user may run per period
 * @param callTimeout      limit of one Discord call made for a remediation, so that a chat outage never holds a
 *                         workflow activity longer than its own timeout
 * @param redeliverEvery   how often a live message that could not be updated is tried again
 * @param readyTimeout     how long start-up waits for the gateway session before going on without it
 * @param shutdownTimeout  how long shutdown waits for commands being answered before closing the connection
 */
@ConfigurationProperties("unstuck.discord")
public record DiscordProperties(String token, String applicationId, List<String> guildIds,
                                @DefaultValue("GUILD") CommandScope commandScope, String restBaseUrl,
                                String gatewayUrl, List<String> allowedGuilds, List<String> allowedChannels,
                                Map<String, List<String>> approverRoles,
                                @DefaultValue("false") boolean roleNamesAsRoles, String defaultCluster,
                                @DefaultValue RateLimit rateLimit, @DefaultValue("10s") Duration callTimeout,
                                @DefaultValue("5s") Duration redeliverEvery,
                                @DefaultValue("30s") Duration readyTimeout,
                                @DefaultValue("10s") Duration shutdownTimeout) {
    public DiscordProperties {
        guildIds = guildIds == null ? List.of() : List.copyOf(guildIds);
        allowedGuilds = allowedGuilds == null ? List.of() : List.copyOf(allowedGuilds);
        allowedChannels = allowedChannels == null ? List.of() : List.copyOf(allowedChannels);
        approverRoles = approverRoles == null ? Map.of() : Map.copyOf(approverRoles);
    }

    /** Where slash commands are registered. */
    public enum CommandScope {
        GUILD, GLOBAL
    }

    /** At most {@code commands} slash commands per user per {@code per}. */
    public record RateLimit(@DefaultValue("5") int commands, @DefaultValue("1m") Duration per) {
    }

    /** The guilds commands are accepted from: the allow-list, else the registration guilds, else any (empty). */
    public List<String> effectiveAllowedGuilds() {
        return allowedGuilds.isEmpty() ? guildIds : allowedGuilds;
    }

    @Override
    public String toString() {
        return "DiscordProperties[token=" + (token == null || token.isBlank() ? "(none)" : "(set)")
                + ", applicationId=" + applicationId + ", guildIds=" + guildIds + ", commandScope=" + commandScope
                + ", restBaseUrl=" + restBaseUrl + ", gatewayUrl=" + gatewayUrl + ", allowedGuilds=" + allowedGuilds
                + ", allowedChannels=" + allowedChannels + ", approverRoles=" + approverRoles
                + ", roleNamesAsRoles=" + roleNamesAsRoles + ", defaultCluster=" + defaultCluster
                + ", rateLimit=" + rateLimit + "]";
    }
}
