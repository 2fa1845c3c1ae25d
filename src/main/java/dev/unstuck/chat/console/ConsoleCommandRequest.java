package dev.unstuck.chat.console;

/**
 * {@code POST /api/console/commands}. {@code user} says who asks only with {@code auth: none} (the sandbox); signed
 * in, the signed-in user asks. Roles are never taken from a request.
 */
public record ConsoleCommandRequest(String user, String text) {
}
