package dev.unstuck.workflow;

import dev.unstuck.chat.ChatBinding;
import dev.unstuck.chat.ChatMessage;
import dev.unstuck.chat.Conversation;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import org.slf4j.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The conversations one remediation talks in, and what each chat adapter reported back about them (message ids,
 * thread, what was posted once): kept in the workflow so that another process (a restart, the replica that takes
 * over the Discord gateway) edits the same message and never posts twice. Workflow code: deterministic, activities
 * only. Runs started before the bindings were recorded use the older activities, as their histories did.
 */
final class RemediationChats {
    private static final Logger log = Workflow.getLogger(RemediationChats.class);

    private final String workflowId;
    private final List<ChatBinding> chats = new ArrayList<>();
    private boolean bindings;
    private ChatActivities chat;
    private ChatActivities discordChat;

    RemediationChats(String workflowId, Conversation first) {
        this.workflowId = workflowId;
        chats.add(ChatBinding.of(first));
    }

    /** Called once at the start of the run, with what {@code Workflow.getVersion} decided. */
    void start(boolean recordBindings, RetryOptions readRetry) {
        this.bindings = recordBindings;
        chat = Workflow.newActivityStub(ChatActivities.class, ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(30)).setRetryOptions(readRetry).build());
        // Only the replica holding the Discord gateway polls this queue. While none does (a failover takes the
        // lease duration) the calls wait for it; a bound keeps a run from waiting forever when nobody ever will.
        discordChat = Workflow.newActivityStub(ChatActivities.class, ActivityOptions.newBuilder()
                .setTaskQueue(ChatActivities.DISCORD_TASK_QUEUE)
                .setStartToCloseTimeout(Duration.ofSeconds(30)).setScheduleToCloseTimeout(Duration.ofMinutes(3))
                .setRetryOptions(readRetry.toBuilder().setMaximumAttempts(0).build()).build());
    }

    /** A conversation that asked about the same remediation; false when it was already one of them. */
    boolean add(Conversation conversation) {
        ChatBinding asked = ChatBinding.of(conversation);
        if (chats.stream().anyMatch(b -> b.key().equals(asked.key()))) {
            return false;
        }
        chats.add(asked);
        return true;
    }

    List<ChatBinding> bindings() {
        return List.copyOf(chats);
    }

    List<Conversation> conversations() {
        return chats.stream().map(ChatBinding::conversation).toList();
    }

    /** Draws the live message in every conversation; a chat outage must not stop a repair. */
    void drawLive(ChatMessage message) {
        if (bindings) {
            List<Promise<ChatBinding>> sent = new ArrayList<>();
            for (ChatBinding b : List.copyOf(chats)) {
                sent.add(Async.function(stubFor(b)::updateLive, b, workflowId, message));
            }
            await(sent, "live message");
            return;
        }
        awaitLegacy(List.copyOf(chats).stream()
                .map(b -> Async.procedure(chat::showLive, b.conversation(), workflowId, message)).toList(),
                "live message");
    }

    /** Posts {@code message} once per conversation under {@code key} (a summary, a report). */
    void postOnce(String key, ChatMessage message, String what) {
        if (bindings) {
            List<Promise<ChatBinding>> sent = new ArrayList<>();
            for (ChatBinding b : List.copyOf(chats)) {
                if (!b.hasPosted(key)) {
                    sent.add(Async.function(stubFor(b)::postOnce, b, key, message));
                }
            }
            await(sent, what);
            return;
        }
        awaitLegacy(List.copyOf(chats).stream()
                .map(b -> Async.procedure(chat::post, b.conversation(), key, message)).toList(), what);
    }

    boolean recordsBindings() {
        return bindings;
    }

    private void await(List<Promise<ChatBinding>> sent, String what) {
        for (Promise<ChatBinding> p : sent) {
            try {
                record(p.get());
            } catch (ActivityFailure e) {
                log.warn("{} of {} not shown: {}", what, workflowId, RemediationFailures.rootMessage(e));
            }
        }
    }

    private void awaitLegacy(List<Promise<Void>> sent, String what) {
        for (Promise<Void> p : sent) {
            try {
                p.get();
            } catch (ActivityFailure e) {
                log.warn("{} of {} not shown: {}", what, workflowId, RemediationFailures.rootMessage(e));
            }
        }
    }

    private void record(ChatBinding reported) {
        for (int i = 0; i < chats.size(); i++) {
            if (chats.get(i).key().equals(reported.key())) {
                chats.set(i, chats.get(i).mergedWith(reported));
                return;
            }
        }
    }

    private ChatActivities stubFor(ChatBinding binding) {
        return ChatActivities.DISCORD_ADAPTER.equals(binding.conversation().adapter()) ? discordChat : chat;
    }
}
