package dev.unstuck.chat.console;

/**
 * {@code POST .../buttons/{buttonId}}. {@code user} says who clicks only with {@code auth: none} (the sandbox); signed
 * in, the signed-in user clicks. Roles are never taken from a request.
 */
public record ConsoleClickRequest(String user) {
}
