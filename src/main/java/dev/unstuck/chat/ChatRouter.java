package dev.unstuck.chat;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sends each call to the adapter a conversation names, so a remediation can talk to Discord and the console alike.
 * Not a ChatPort itself, so that collecting every ChatPort bean never collects the router too.
 */
public final class ChatRouter {
    private final Map<String, ChatPort> ports = new LinkedHashMap<>();

    public ChatRouter(Collection<? extends ChatPort> adapters) {
        for (ChatPort p : adapters) {
            if (ports.putIfAbsent(p.adapter(), p) != null) {
                throw new IllegalArgumentException("two chat adapters named " + p.adapter());
            }
        }
    }

    public void showLive(Conversation conversation, String liveKey, ChatMessage message) {
        port(conversation).showLive(conversation, liveKey, message);
    }

    public void post(Conversation conversation, String postKey, ChatMessage message) {
        port(conversation).post(conversation, postKey, message);
    }

    public ChatBinding showLive(ChatBinding binding, String liveKey, ChatMessage message) {
        return port(binding.conversation()).showLive(binding, liveKey, message);
    }

    public ChatBinding post(ChatBinding binding, String postKey, ChatMessage message) {
        return port(binding.conversation()).post(binding, postKey, message);
    }

    private ChatPort port(Conversation c) {
        ChatPort p = ports.get(c.adapter());
        if (p == null) {
            throw new IllegalArgumentException("no chat adapter '" + c.adapter() + "' is running; running: "
                    + ports.keySet());
        }
        return p;
    }
}
