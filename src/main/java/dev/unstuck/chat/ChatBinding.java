package dev.unstuck.chat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Where a remediation talks and what it has already said there, as the workflow records it: the conversation with
 * every id its adapter needs to keep editing the live message (for Discord: channel, message and the thread the
 * evidence went to), and the keys of the messages posted once (the summary, each piece of evidence). An adapter
 * gets the binding with every call and returns it updated, so whichever process makes the next call, after a
 * restart or on another replica, edits the same message and never posts anything twice.
 */
public record ChatBinding(Conversation conversation, List<String> posted) {
    public ChatBinding {
        if (conversation == null) {
            throw new IllegalArgumentException("a chat binding needs a conversation");
        }
        posted = posted == null ? List.of() : List.copyOf(new LinkedHashSet<>(posted));
    }

    /** A conversation nothing has been posted in yet. */
    public static ChatBinding of(Conversation conversation) {
        return new ChatBinding(conversation, List.of());
    }

    /** Adapter and conversation id: two bindings with the same key are the same conversation. */
    public String key() {
        return conversation.adapter() + ":" + conversation.conversationId();
    }

    public boolean hasPosted(String postKey) {
        return posted.contains(postKey);
    }

    public ChatBinding withPosted(String postKey) {
        if (hasPosted(postKey)) {
            return this;
        }
        List<String> more = new ArrayList<>(posted);
        more.add(postKey);
        return new ChatBinding(conversation, more);
    }

    public ChatBinding withConversation(Conversation updated) {
        return new ChatBinding(updated, posted);
    }

    /**
     * This binding after an adapter reported {@code later} for the same conversation: the later ids, and everything
     * either knows was posted (two calls may have run side by side, each reporting only its own posts).
     */
    public ChatBinding mergedWith(ChatBinding later) {
        if (!later.key().equals(key())) {
            throw new IllegalArgumentException("cannot merge " + later.key() + " into " + key());
        }
        List<String> all = new ArrayList<>(posted);
        all.addAll(later.posted);
        return new ChatBinding(later.conversation, all);
    }
}
