package dev.unstuck.chat.discord;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * At most {@code limit} commands per user in any sliding window of {@code window}: every command may start a
 * workflow and a diagnosis against a cluster, so one person (or a stuck script) must not flood them.
 */
public final class UserRateLimiter {
    private final int limit;
    private final long windowNanos;
    private final LongSupplier nanoClock;
    private final Map<String, Deque<Long>> recent = new HashMap<>();

    public UserRateLimiter(int limit, Duration window, LongSupplier nanoClock) {
        if (limit < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("unstuck.discord.rate-limit needs commands >= 1 and a positive period");
        }
        this.limit = limit;
        this.windowNanos = window.toNanos();
        this.nanoClock = nanoClock;
    }

    /** Counts the command and returns zero, or how long the user must wait (that command is not counted). */
    public synchronized Duration tryAcquire(String userId) {
        long now = nanoClock.getAsLong();
        Deque<Long> times = recent.computeIfAbsent(userId, k -> new ArrayDeque<>());
        while (!times.isEmpty() && now - times.peekFirst() >= windowNanos) {
            times.pollFirst();
        }
        if (times.size() >= limit) {
            return Duration.ofNanos(windowNanos - (now - times.peekFirst()));
        }
        times.addLast(now);
        // Forget idle users so the map does not grow with everyone who ever typed a command.
        if (recent.size() > 10_000) {
            recent.values().removeIf(d -> d.isEmpty() || now - d.peekLast() >= windowNanos);
        }
        return Duration.ZERO;
    }
}
