package dev.unstuck.chat.discord;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code unstuck.discord.token} (or {@code UNSTUCK_DISCORD_TOKEN}) is non-blank. A plain
 * property condition would also match an empty value, which an unset environment variable placeholder gives.
 */
public final class DiscordTokenConfigured extends SpringBootCondition {
    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        String token = context.getEnvironment().getProperty("unstuck.discord.token");
        return token == null || token.isBlank()
                ? ConditionOutcome.noMatch("no Discord bot token (unstuck.discord.token / UNSTUCK_DISCORD_TOKEN)")
                : ConditionOutcome.match("a Discord bot token is configured");
    }
}
