package dev.unstuck.watch;

/** The answer to a mute: what the watcher did and one line for the person; {@code untilMillis} 0 when not muted. */
public record MuteResult(MuteVerdict verdict, String message, long untilMillis) {
}
