package dev.unstuck.watch;

/**
 * A card as posted to one target: the message id the chat answered with, kept in the watcher's state so that a
 * restart or another replica edits that message instead of posting a second one.
 *
 * @param revision the incident revision the message shows
 */
public record CardPost(AlertTarget target, String messageId, int revision) {
}
