package dev.unstuck.chat.console;

import java.util.List;

/**
 * One console user ({@code unstuck.console.users.<login>}): the roles that decide what they may approve, and, for
 * {@code auth: basic} only, their password hash: bcrypt as {@code htpasswd -nbBC 12 <login> '<password>'} prints
 * it after {@code <login>:}, or a legacy {@code pbkdf2-sha256:} hash (see {@link ConsolePasswords}).
 */
public record ConsoleAccount(List<String> roles, String passwordHash) {
    public ConsoleAccount {
        roles = roles == null ? List.of() : List.copyOf(roles);
    }
}
