package dev.unstuck.chat;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** Sends each call to the adapter a conversation names, so a remediation can talk to Discord and the console alike. */
public final class ChatRouter implements ChatPort {
    private final Map<String, ChatPort> ports = new LinkedHashMap<>();

    public ChatRouter(Collection<? extends ChatPort> adapters) {
        for (ChatPort p : adapters) {
            if (p instanceof ChatRouter) {
                continue;
            }
            if (ports.putIfAbsent(p.adapter(), p) != null) {
                throw new IllegalArgumentException("two chat adapters named " + p.adapter());
            }
        }
    }

    @Override
    public String adapter() {
        return "router";
    }

    @Override
    public void showLive(Conversation conversation, String liveKey, ChatMessage message) {
        port(conversation).showLive(conversation, liveKey, message);
    }

    @Override
    public void post(Conversation conversation, String postKey, ChatMessage message) {
        port(conversation).post(conversation, postKey, message);
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
