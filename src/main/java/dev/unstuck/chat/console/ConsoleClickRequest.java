package dev.unstuck.chat.console;

import java.util.List;

/** {@code POST .../buttons/{buttonId}}; user and roles are ignored when the console signs people in. */
public record ConsoleClickRequest(String user, List<String> roles) {
}
