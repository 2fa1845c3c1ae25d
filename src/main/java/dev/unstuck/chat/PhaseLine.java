package dev.unstuck.chat;

/** One line of the live checklist, e.g. "verifying APIService" ACTIVE. */
public record PhaseLine(String label, PhaseMark mark, String detail) {
}
