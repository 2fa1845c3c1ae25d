package dev.unstuck.chat;

/** A named block of the message: one cause with its evidence, the plan, who decided. */
public record ChatField(String name, String value) {
}
