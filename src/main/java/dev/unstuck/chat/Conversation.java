package dev.unstuck.chat;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a remediation talks: which chat adapter ({@code discord}, {@code console}, {@code memory}) and that
 * adapter's own ids (channel, message, interaction token...). Stored in workflow history, so it must never hold a
 * secret: interaction tokens expire after 15 minutes and are useless afterwards, bot tokens never go here.
 */
public record Conversation(String adapter, String conversationId, Map<String, String> attributes) {
    public Conversation {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    public String attribute(String name) {
        return attributes.get(name);
    }

    /** The same conversation with one more id the adapter learned (e.g. the thread its evidence went to). */
    public Conversation withAttribute(String name, String value) {
        if (value == null || value.equals(attributes.get(name))) {
            return this;
        }
        Map<String, String> more = new LinkedHashMap<>(attributes);
        more.put(name, value);
        return new Conversation(adapter, conversationId, more);
    }
}
