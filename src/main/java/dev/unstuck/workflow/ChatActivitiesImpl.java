package dev.unstuck.workflow;

import dev.unstuck.chat.ChatBinding;
import dev.unstuck.chat.ChatMessage;
import dev.unstuck.chat.ChatRouter;
import dev.unstuck.chat.Conversation;
import io.temporal.spring.boot.ActivityImpl;
import org.springframework.stereotype.Component;

@Component
@ActivityImpl(taskQueues = RemediationIds.TASK_QUEUE)
public class ChatActivitiesImpl implements ChatActivities {
    private final ChatRouter router;

    public ChatActivitiesImpl(ChatRouter router) {
        this.router = router;
    }

    @Override
    public ChatBinding updateLive(ChatBinding binding, String liveKey, ChatMessage message) {
        return router.showLive(binding, liveKey, message);
    }

    @Override
    public ChatBinding postOnce(ChatBinding binding, String postKey, ChatMessage message) {
        return router.post(binding, postKey, message);
    }

    @Override
    public void showLive(Conversation conversation, String liveKey, ChatMessage message) {
        router.showLive(conversation, liveKey, message);
    }

    @Override
    public void post(Conversation conversation, String postKey, ChatMessage message) {
        router.post(conversation, postKey, message);
    }
}
