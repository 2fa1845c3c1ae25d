package dev.unstuck.chat;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * At most {@code limit} actions per user in any sliding window of {@code window}: every command may start a
 * workflow and a diagnosis against a cluster, and every click may become a workflow history event, so one person
 * (or a stuck script) must not flood them.
 */
public final class UserRateLimiter {
    private final int limit;
    private final long windowNanos;
    private final LongSupplier nanoClock;
    private final Map<String, Deque<Long>> recent = new HashMap<>();

    /** @param what the setting, named in the start-up error when the numbers make no sense */
    public UserRateLimiter(int limit, Duration window, LongSupplier nanoClock, String what) {
        if (limit < 1 || window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException(what + " needs a limit of at least 1 and a positive period");
        }
        this.limit = limit;
        this.windowNanos = window.toNanos();
        this.nanoClock = nanoClock;
    }

    public int limit() {
        return limit;
    }

    public Duration window() {
        return Duration.ofNanos(windowNanos);
    }

    /** Counts the action and returns zero, or how long the user must wait (that action is not counted). */
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

    /** "1 min", "30 s": a period as answers and audit lines say it. */
    public static String human(Duration per) {
        return per.toSeconds() % 60 == 0 && per.toSeconds() > 0 ? per.toMinutes() + " min" : per.toSeconds() + " s";
    }
}
