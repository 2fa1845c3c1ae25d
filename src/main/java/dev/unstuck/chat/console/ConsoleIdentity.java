package dev.unstuck.chat.console;

import dev.unstuck.chat.ChatUser;

import java.util.List;

/** Who is using the console, either signed in or as picked on the page (auth none). */
public record ConsoleIdentity(String name, List<String> roles) {
    public ConsoleIdentity {
        roles = roles == null ? List.of() : List.copyOf(roles);
    }

    /**
     * The chat user the workflow sees. The id is prefixed with the adapter so that a console "bob" and a Discord
     * user can never be mistaken for each other by four-eyes.
     */
    public ChatUser chatUser() {
        return new ChatUser(ConsoleChatPort.ADAPTER + ":" + name, name, roles);
    }
}
