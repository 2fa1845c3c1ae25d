package dev.unstuck.chat.discord.fake;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Discord ids. JDA reads the creation time out of an interaction's id to decide locally whether its token is
 * past 15 minutes, so the timestamp bits have to be real or JDA refuses hook calls before they reach the fake.
 */
final class Snowflakes {
    private static final long DISCORD_EPOCH = 1420070400000L;
    private final AtomicLong sequence = new AtomicLong();

    String next() {
        long millis = System.currentTimeMillis() - DISCORD_EPOCH;
        return Long.toString((millis << 22) | (sequence.incrementAndGet() & 0x3FFFFF));
    }
}
