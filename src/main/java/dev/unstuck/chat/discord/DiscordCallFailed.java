package dev.unstuck.chat.discord;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A Discord call that failed or did not answer in time; the cause is JDA's error when there is one. */
public final class DiscordCallFailed extends RuntimeException {
    public DiscordCallFailed(String message, Throwable cause) {
        super(message, cause);
    }

    /** Waits for a submitted JDA call, never longer than {@code timeout}; a call that does not answer is cancelled. */
    static <T> T await(CompletableFuture<T> call, Duration timeout) {
        try {
            return call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new DiscordCallFailed("interrupted", e);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new DiscordCallFailed("Discord did not answer within " + timeout.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            throw new DiscordCallFailed(e.getCause().getMessage(), e.getCause());
        }
    }
}
