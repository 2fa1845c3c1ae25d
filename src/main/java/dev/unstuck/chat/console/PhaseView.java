package dev.unstuck.chat.console;

/** How long one phase took; {@code running} while it still does (then {@code millis} is so far). */
public record PhaseView(String phase, String label, long millis, boolean running) {
}
