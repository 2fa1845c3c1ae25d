package dev.unstuck.chat.console;

import dev.unstuck.chat.ChatUser;

import java.util.List;

/**
 * Who is using the console: signed in, or picked on the page (auth none, sandbox only). Roles always come from
 * {@code unstuck.console.users}, never from a request.
 *
 * @param person the name under {@code unstuck.people} this login belongs to, or null
 */
public record ConsoleIdentity(String name, List<String> roles, String person) {
    public ConsoleIdentity {
        roles = roles == null ? List.of() : List.copyOf(roles);
    }

    /** The chat user the workflow sees: the console account, linked to its person. */
    public ChatUser chatUser() {
        return new ChatUser(ConsoleChatPort.ADAPTER + ":" + name, name, roles, person);
    }
}
