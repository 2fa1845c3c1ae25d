package dev.unstuck.chat.discord;

/** A Discord call that failed or did not answer in time; the cause is JDA's error when there is one. */
public final class DiscordCallFailed extends RuntimeException {
    public DiscordCallFailed(String message, Throwable cause) {
        super(message, cause);
    }
}
