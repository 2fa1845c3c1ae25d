package dev.unstuck.chat.discord;

import dev.unstuck.ops.GatewayConnection;
import net.dv8tion.jda.api.JDA;

/**
 * The bot's JDA connection while this replica holds the Discord gateway. Separate from the bot so the chat port and
 * the interaction handlers can be built before any connection exists (the bot needs them as listeners). Readiness
 * asks it whether the session is connected.
 */
public final class DiscordSession implements GatewayConnection {
    private volatile JDA jda;

    void connected(JDA connection) {
        this.jda = connection;
    }

    /** Forgets {@code connection} if it is still the current one. */
    void disconnected(JDA connection) {
        if (jda == connection) {
            jda = null;
        }
    }

    /** The live connection; throws while the bot is not logged in, which a retried chat activity rides out. */
    public JDA jda() {
        JDA j = jda;
        if (j == null || j.getStatus() == JDA.Status.SHUTDOWN || j.getStatus() == JDA.Status.SHUTTING_DOWN) {
            throw new IllegalStateException("the Discord bot is not connected");
        }
        return j;
    }

    @Override
    public boolean connected() {
        JDA j = jda;
        return j != null && j.getStatus() == JDA.Status.CONNECTED;
    }
}
