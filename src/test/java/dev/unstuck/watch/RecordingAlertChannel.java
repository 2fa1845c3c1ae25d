package dev.unstuck.watch;

import dev.unstuck.chat.ChatMessage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A chat channel for the watcher's workflow tests: every post and edit kept, in order. */
final class RecordingAlertChannel implements AlertChannel {
    private final String adapter;
    private final Map<String, ChatMessage> messages = new LinkedHashMap<>();
    private final List<String> calls = new ArrayList<>();

    RecordingAlertChannel(String adapter) {
        this.adapter = adapter;
    }

    @Override
    public String adapter() {
        return adapter;
    }

    @Override
    public synchronized String show(AlertTarget target, String cardKey, ChatMessage card, String messageId) {
        if (messageId != null && messages.containsKey(messageId)) {
            messages.put(messageId, card);
            calls.add("edit " + messageId);
            return messageId;
        }
        String id = "m" + (messages.size() + 1);
        messages.put(id, card);
        calls.add("post " + id + " " + cardKey);
        return id;
    }

    synchronized Map<String, ChatMessage> messages() {
        return new LinkedHashMap<>(messages);
    }

    synchronized long posts() {
        return calls.stream().filter(c -> c.startsWith("post ")).count();
    }

    synchronized long edits() {
        return calls.stream().filter(c -> c.startsWith("edit ")).count();
    }

    synchronized ChatMessage titled(String prefix) {
        return messages.values().stream().filter(m -> m.title().startsWith(prefix)).findFirst().orElse(null);
    }
}
