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
    private final List<Shown> shown = new ArrayList<>();

    /** One post or edit, when it reached the channel. */
    record Shown(long atMillis, String messageId, boolean post, ChatMessage card) {
    }

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
            shown.add(new Shown(System.currentTimeMillis(), messageId, false, card));
            return messageId;
        }
        String id = "m" + (messages.size() + 1);
        messages.put(id, card);
        calls.add("post " + id + " " + cardKey);
        shown.add(new Shown(System.currentTimeMillis(), id, true, card));
        return id;
    }

    synchronized Map<String, ChatMessage> messages() {
        return new LinkedHashMap<>(messages);
    }

    synchronized List<Shown> shown() {
        return List.copyOf(shown);
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
