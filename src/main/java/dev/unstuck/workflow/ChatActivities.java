package dev.unstuck.workflow;

import dev.unstuck.chat.ChatMessage;
import dev.unstuck.chat.Conversation;
import io.temporal.activity.ActivityInterface;

/** The chat port as activities; the keys make retries harmless (ChatPort calls are idempotent per key). */
@ActivityInterface
public interface ChatActivities {
    void showLive(Conversation conversation, String liveKey, ChatMessage message);

    void post(Conversation conversation, String postKey, ChatMessage message);
}
