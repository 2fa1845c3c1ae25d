package dev.unstuck.chat.console;

/** How the console knows who is typing. */
public enum ConsoleAuthMode {
    /** Nobody signs in: the page says who you are. Only for loopback use (the sandbox); refused in production. */
    NONE,
    /** HTTP Basic against {@code unstuck.console.users} with PBKDF2 password hashes. */
    BASIC,
    /** {@code Authorization: Bearer <token>} with one shared token, signing in as {@code bearer-user}. */
    BEARER
}
