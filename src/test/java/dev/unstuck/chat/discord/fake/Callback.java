package dev.unstuck.chat.discord.fake;

import com.google.gson.JsonObject;

/**
 * The bot's initial response to one interaction, as POSTed to {@code interactions/{id}/{token}/callback}.
 *
 * @param type          4 reply, 5 deferred reply, 6 deferred update, 7 update, 8 autocomplete result, 9 modal
 * @param flags         message flags from {@code data.flags}; 64 marks an ephemeral answer
 * @param data          the callback's {@code data} object, empty for a plain defer
 * @param receivedNanos {@link System#nanoTime()} when the fake received the callback
 */
public record Callback(int type, int flags, JsonObject data, long receivedNanos) {
    public static final int REPLY = 4;
    public static final int DEFER_REPLY = 5;
    public static final int DEFER_UPDATE = 6;
    public static final int UPDATE = 7;
    public static final int AUTOCOMPLETE_RESULT = 8;
    public static final int MODAL = 9;
    public static final int EPHEMERAL = 64;

    public boolean ephemeral() {
        return (flags & EPHEMERAL) != 0;
    }
}
