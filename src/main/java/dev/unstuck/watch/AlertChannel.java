package dev.unstuck.watch;

import dev.unstuck.chat.ChatMessage;

/**
 * A chat adapter that posts cards to channels (Discord today). Posting goes through the adapter's REST calls, never
 * through a gateway session, so the watcher's activity can post from any replica.
 */
public interface AlertChannel {

    /** The adapter name targets name in {@link AlertTarget#adapter()}. */
    String adapter();

    /**
     * Posts {@code card} to the target's channel, or edits message {@code messageId} there; returns the message id.
     * A post retried with the same {@code cardKey} must come back with the first message: the watcher records the id
     * only once the call returns.
     */
    String show(AlertTarget target, String cardKey, ChatMessage card, String messageId);
}
