package dev.unstuck.chat.discord.fake;

/** A file uploaded with a message, as Discord serves it attached to that message. */
public record FakeUpload(String messageId, String filename, String text) {
}
