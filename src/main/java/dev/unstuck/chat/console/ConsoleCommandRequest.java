package dev.unstuck.chat.console;

import java.util.List;

/** {@code POST /api/console/commands}; user and roles are ignored when the console signs people in. */
public record ConsoleCommandRequest(String user, List<String> roles, String text) {
}
