package dev.unstuck.chat.discord.fake;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * Handle on one interaction the fake sent: what the bot answered (the callback), how fast, and the messages the
 * interaction's token produced. All waits take a timeout so that a bot that never answers fails the test.
 */
public final class InteractionResult {
    private final InteractionState interaction;
    private final DiscordState state;

    InteractionResult(InteractionState interaction, DiscordState state) {
        this.interaction = interaction;
        this.state = state;
    }

    public String interactionId() {
        return interaction.id;
    }

    public String token() {
        return interaction.token;
    }

    /** The gateway sessions the fake gave this interaction to (one, as Discord does; none if no session existed). */
    public List<String> deliveredTo() {
        return interaction.deliveredTo;
    }

    /** {@link System#nanoTime()} when the INTERACTION_CREATE frame was written to the bot's socket (0 until then). */
    public long sentNanos() {
        return interaction.sentNanos;
    }

    public Optional<Callback> callback() {
        return Optional.ofNullable(interaction.callback.getNow(null));
    }

    public Callback awaitCallback(Duration timeout) throws TimeoutException {
        try {
            return interaction.callback.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TimeoutException("interrupted waiting for the callback of interaction " + interaction.id);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new TimeoutException("no callback for interaction " + interaction.id + " within " + timeout);
        }
    }

    /** Time from the INTERACTION_CREATE frame leaving the fake to the bot's callback arriving: Discord allows 3 s. */
    public Duration awaitAckLatency(Duration timeout) throws TimeoutException {
        Callback callback = awaitCallback(timeout);
        return Duration.ofNanos(callback.receivedNanos() - interaction.sentNanos);
    }

    /** The message {@code @original} points at: the reply, the deferred placeholder, or the clicked message. */
    public Optional<StoredMessage> original() {
        return state.original(interaction.id);
    }

    /** Waits until {@code @original} exists and satisfies {@code condition}, e.g. a deferred reply edited with embeds. */
    public StoredMessage awaitOriginal(Duration timeout, Predicate<StoredMessage> condition) throws TimeoutException {
        return state.await(() -> state.original(interaction.id).filter(condition), timeout,
                "@original of interaction " + interaction.id);
    }

    public List<StoredMessage> followUps() {
        return state.followUps(interaction.id);
    }

    /** Ephemeral messages of this interaction: only the clicking user would see them. */
    public List<StoredMessage> ephemeralReplies() {
        return state.ephemeralReplies(interaction.id);
    }

    public List<StoredMessage> awaitEphemeralReplies(Duration timeout, int atLeast) throws TimeoutException {
        return state.await(() -> Optional.of(state.ephemeralReplies(interaction.id))
                        .filter(list -> list.size() >= atLeast && list.stream().noneMatch(StoredMessage::loading)),
                timeout, atLeast + " ephemeral replies to interaction " + interaction.id);
    }
}
