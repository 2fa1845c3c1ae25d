package dev.unstuck.watch;

import dev.unstuck.chat.ChatUser;

/** Mute a cluster's new cards for {@code seconds} (0 lifts the mute); only the cluster's approvers may. */
public record MuteRequest(ChatUser user, long seconds) {
    /** A week: longer than that, a cluster should rather be watched by nobody on purpose (unstuck.watch.enabled). */
    public static final long MAX_SECONDS = 7 * 24 * 3600;
}
