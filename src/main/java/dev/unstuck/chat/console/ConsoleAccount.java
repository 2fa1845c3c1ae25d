package dev.unstuck.chat.console;

import java.util.List;

/**
 * One console user. {@code passwordHash} is only read with {@code auth: basic}; its format is
 * {@code pbkdf2-sha256:<iterations>:<salt hex>:<hash hex>} (see {@link Pbkdf2Password}).
 */
public record ConsoleAccount(List<String> roles, String passwordHash) {
    public ConsoleAccount {
        roles = roles == null ? List.of() : List.copyOf(roles);
    }
}
