package dev.unstuck.chat;

/**
 * A text file sent with a message: Discord uploads it, the console offers it for download.
 *
 * @param name        the file name a person saves, e.g. unstuck-dev-cluster-dev-6c1ab988.md
 * @param contentType e.g. text/markdown
 */
public record ChatAttachment(String name, String contentType, String text) {
}
