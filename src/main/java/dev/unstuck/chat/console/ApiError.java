package dev.unstuck.chat.console;

/** The body of every 4xx answer of the console API: one line a person can act on. */
public record ApiError(String error) {
}
