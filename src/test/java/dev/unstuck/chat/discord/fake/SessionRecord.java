package dev.unstuck.chat.discord.fake;

/**
 * One gateway session as the fake saw it: when it was opened and when its GUILD_CREATE (after which JDA is ready)
 * was sent, whether its socket is connected now, and whether its client ended it. Times are {@link System#nanoTime()}.
 */
public final class SessionRecord {
    private final String id;
    private final long identifiedNanos;
    private volatile long readyNanos;
    private volatile boolean connected;
    private volatile boolean ended;

    SessionRecord(String id, long identifiedNanos) {
        this.id = id;
        this.identifiedNanos = identifiedNanos;
    }

    public String id() {
        return id;
    }

    public long identifiedNanos() {
        return identifiedNanos;
    }

    /** When the guild was sent, so the bot's session became ready; 0 until then. */
    public long readyNanos() {
        return readyNanos;
    }

    public boolean connected() {
        return connected;
    }

    public boolean ended() {
        return ended;
    }

    void ready(long nanos) {
        readyNanos = nanos;
    }

    void markConnected() {
        connected = true;
    }

    void markDisconnected() {
        connected = false;
    }

    void markEnded() {
        ended = true;
    }

    @Override
    public String toString() {
        return id + (ended ? " (ended)" : connected ? " (connected)" : " (disconnected)");
    }
}
