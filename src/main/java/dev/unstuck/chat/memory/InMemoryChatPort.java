package dev.unstuck.chat.memory;

import dev.unstuck.chat.ChatBinding;
import dev.unstuck.chat.ChatMessage;
import dev.unstuck.chat.ChatPort;
import dev.unstuck.chat.Conversation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A chat adapter that keeps messages in memory, adapter name {@code memory}: for tests and for running Unstuck
 * without any chat (the sandbox mode). Thread-safe; waiting for a message uses the object's monitor, no polling.
 */
public final class InMemoryChatPort implements ChatPort {
    public static final String ADAPTER = "memory";

    private final Map<String, ChatMessage> live = new LinkedHashMap<>();
    private final Map<String, List<ChatMessage>> liveHistory = new LinkedHashMap<>();
    private final Map<String, ChatMessage> posts = new LinkedHashMap<>();

    @Override
    public String adapter() {
        return ADAPTER;
    }

    @Override
    public synchronized ChatBinding showLive(ChatBinding binding, String liveKey, ChatMessage message) {
        String key = key(binding.conversation(), liveKey);
        live.put(key, message);
        liveHistory.computeIfAbsent(key, k -> new ArrayList<>()).add(message);
        notifyAll();
        return binding;
    }

    @Override
    public synchronized ChatBinding post(ChatBinding binding, String postKey, ChatMessage message) {
        // Once per key: a retried activity must not post twice.
        if (!binding.hasPosted(postKey)) {
            posts.putIfAbsent(key(binding.conversation(), postKey), message);
            notifyAll();
        }
        return binding.withPosted(postKey);
    }

    public synchronized Optional<ChatMessage> live(Conversation conversation, String liveKey) {
        return Optional.ofNullable(live.get(key(conversation, liveKey)));
    }

    /** Every version the live message went through, oldest first. */
    public synchronized List<ChatMessage> liveVersions(Conversation conversation, String liveKey) {
        return List.copyOf(liveHistory.getOrDefault(key(conversation, liveKey), List.of()));
    }

    public synchronized Optional<ChatMessage> posted(Conversation conversation, String postKey) {
        return Optional.ofNullable(posts.get(key(conversation, postKey)));
    }

    public synchronized List<ChatMessage> posts(Conversation conversation) {
        String prefix = conversation.conversationId() + "\u0000";
        return posts.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).map(Map.Entry::getValue).toList();
    }

    /** Waits until the live message satisfies {@code condition}; the last seen message (or empty) on timeout. */
    public synchronized Optional<ChatMessage> awaitLive(Conversation conversation, String liveKey,
                                                        Predicate<ChatMessage> condition, long timeout, TimeUnit unit)
            throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        String key = key(conversation, liveKey);
        while (true) {
            ChatMessage m = live.get(key);
            if (m != null && condition.test(m)) {
                return Optional.of(m);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.ofNullable(m);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    private static String key(Conversation c, String key) {
        return c.conversationId() + "\u0000" + key;
    }
}
