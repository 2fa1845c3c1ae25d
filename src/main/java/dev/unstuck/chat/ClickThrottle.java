package dev.unstuck.chat;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The click rate limit every chat adapter shares, per person ({@link ChatUser#identity()}), so using two adapters
 * does not double anyone's budget. A click within the limit goes on and is judged, and recorded, on its own. A click
 * past it is answered "slow down" and only counted: the count per person and remediation is reported once per
 * window, so a flood of clicks becomes one history event per window instead of one per click.
 */
public final class ClickThrottle implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClickThrottle.class);

    /**
     * Clicks of {@code user} past the limit in one window.
     *
     * @param workflowId the remediation the buttons named; null when the clicks named none we know (forged ids)
     * @param action     what the first of them was: approve, reject or details
     * @param limit      the limit they were past, as a person reads it
     */
    public record Flood(String workflowId, ChatUser user, String action, int clicks, String limit) {
    }

    private record Key(String workflowId, String identity) {
    }

    private static final class Count {
        final ChatUser user;
        final String action;
        final long firstNanos;
        int clicks;

        Count(ChatUser user, String action, long firstNanos) {
            this.user = user;
            this.action = action;
            this.firstNanos = firstNanos;
        }
    }

    private final UserRateLimiter limiter;
    private final LongSupplier nanoClock;
    private final Consumer<Flood> report;
    private final Map<Key, Count> floods = new LinkedHashMap<>();
    private ScheduledExecutorService sweeper;

    /**
     * @param report where each window's count goes (the remediation's history, or the refusal log); called outside
     *               any lock, from the sweeper thread
     */
    public ClickThrottle(int clicks, Duration per, LongSupplier nanoClock, Consumer<Flood> report) {
        this.limiter = new UserRateLimiter(clicks, per, nanoClock, "unstuck.click-rate-limit");
        this.nanoClock = nanoClock;
        this.report = report;
    }

    /** Sweeps every second on a thread of its own until {@link #close()}. */
    public synchronized ClickThrottle start() {
        if (sweeper == null) {
            sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "unstuck-click-throttle");
                t.setDaemon(true);
                return t;
            });
            sweeper.scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.SECONDS);
        }
        return this;
    }

    /**
     * Counts a click: zero when it may go on, else how long {@code user} must wait (and the click is only counted).
     *
     * @param workflowId the remediation the button names, null when it names none
     */
    public Duration admit(ChatUser user, String workflowId, String action) {
        Duration wait = limiter.tryAcquire(user.identity());
        if (wait.isZero()) {
            return wait;
        }
        synchronized (this) {
            floods.computeIfAbsent(new Key(workflowId, user.identity()),
                    k -> new Count(user, action, nanoClock.getAsLong())).clicks++;
        }
        return wait;
    }

    /** The one line a throttled clicker reads. */
    public String slowDown(Duration wait) {
        return "Slow down: at most " + limit() + "; try again in " + Math.max(1, wait.toSeconds())
                + " s. Clicks past the limit are not looked at, only counted.";
    }

    /** "10 clicks per 1 min". */
    public String limit() {
        return limiter.limit() + " clicks per " + UserRateLimiter.human(limiter.window());
    }

    /** Reports every count whose window has passed. */
    public void sweep() {
        report(take(false));
    }

    /** Reports every count now, window passed or not (at shutdown). */
    public void flush() {
        report(take(true));
    }

    private synchronized List<Flood> take(boolean all) {
        long now = nanoClock.getAsLong();
        long window = limiter.window().toNanos();
        List<Flood> due = new ArrayList<>();
        for (Iterator<Map.Entry<Key, Count>> it = floods.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Key, Count> e = it.next();
            Count c = e.getValue();
            if (all || now - c.firstNanos >= window) {
                due.add(new Flood(e.getKey().workflowId(), c.user, c.action, c.clicks, limit()));
                it.remove();
            }
        }
        return due;
    }

    private void report(List<Flood> due) {
        for (Flood f : due) {
            try {
                report.accept(f);
            } catch (RuntimeException e) {
                // Temporal unreachable, say: the count is lost, the clicks were refused all the same.
                log.warn("{} throttled clicks of {} on {} not recorded: {}", f.clicks(), f.user().id(),
                        f.workflowId(), e.toString());
            }
        }
    }

    @Override
    public void close() {
        ScheduledExecutorService s;
        synchronized (this) {
            s = sweeper;
            sweeper = null;
        }
        if (s != null) {
            s.shutdownNow();
        }
        flush();
    }
}
