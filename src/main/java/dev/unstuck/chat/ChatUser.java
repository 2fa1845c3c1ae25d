package dev.unstuck.chat;

import java.util.List;

/** A person in a conversation, as the chat platform identifies them; roles decide who may approve. */
public record ChatUser(String id, String displayName, List<String> roles) {
    public ChatUser {
        roles = roles == null ? List.of() : List.copyOf(roles);
    }
}
