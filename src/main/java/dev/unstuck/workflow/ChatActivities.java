package dev.unstuck.workflow;

import dev.unstuck.chat.ChatBinding;
import dev.unstuck.chat.ChatMessage;
import dev.unstuck.chat.Conversation;
import io.temporal.activity.ActivityInterface;

/**
 * The chat port as activities; the keys make retries harmless (ChatPort calls are idempotent per key).
 *
 * <p>{@link #updateLive} and {@link #postOnce} return the binding as the adapter left it, and the workflow records
 * it: a restarted or failed-over process continues from there. {@link #showLive} and {@link #post} are what runs
 * started before bindings were recorded still schedule.
 */
@ActivityInterface
public interface ChatActivities {
    /** The adapter whose calls need its live connection: only the replica holding the Discord gateway makes them. */
    String DISCORD_ADAPTER = "discord";
    /** The task queue of Discord chat activities, polled only by the replica holding the Discord gateway. */
    String DISCORD_TASK_QUEUE = "unstuck-discord";

    ChatBinding updateLive(ChatBinding binding, String liveKey, ChatMessage message);

    ChatBinding postOnce(ChatBinding binding, String postKey, ChatMessage message);

    void showLive(Conversation conversation, String liveKey, ChatMessage message);

    void post(Conversation conversation, String postKey, ChatMessage message);
}
