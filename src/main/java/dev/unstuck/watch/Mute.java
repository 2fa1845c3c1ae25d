package dev.unstuck.watch;

/** No new card for a cluster until {@code untilMillis}; who asked, for the record. */
public record Mute(long untilMillis, String by) {
    public static final Mute NONE = new Mute(0, null);

    public boolean active(long nowMillis) {
        return nowMillis < untilMillis;
    }
}
