package dev.unstuck.chat.discord.fake;

/** One REST call as the fake saw it, for tests that check what the bot asked for rather than what it got. */
public record RecordedRequest(String method, String path, String query, int status, long receivedNanos) {
}
