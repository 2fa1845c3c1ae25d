package dev.unstuck.chat.discord;

import net.dv8tion.jda.api.JDA;

/**
 * The bot's JDA connection once {@link DiscordBot} has logged in. Separate from the bot so the chat port and the
 * interaction handlers can be built before the connection exists (the bot needs them as listeners).
 */
public final class DiscordSession {
    private volatile JDA jda;

    void connected(JDA connection) {
        this.jda = connection;
    }

    /** The live connection; throws while the bot is not logged in, which a retried chat activity rides out. */
    public JDA jda() {
        JDA j = jda;
        if (j == null || j.getStatus() == JDA.Status.SHUTDOWN || j.getStatus() == JDA.Status.SHUTTING_DOWN) {
            throw new IllegalStateException("the Discord bot is not connected");
        }
        return j;
    }
}
