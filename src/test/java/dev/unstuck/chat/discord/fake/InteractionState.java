package dev.unstuck.chat.discord.fake;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** What the fake remembers of one interaction; mutable fields are guarded by the {@link DiscordState} lock. */
final class InteractionState {
    static final int APPLICATION_COMMAND = 2;
    static final int MESSAGE_COMPONENT = 3;
    static final int AUTOCOMPLETE = 4;

    final String id;
    final String token;
    final int type;
    final String userId;
    final String channelId;
    final Instant createdAt;
    /** The clicked message of a component interaction, null otherwise. */
    final String componentMessageId;
    final CompletableFuture<Callback> callback = new CompletableFuture<>();
    volatile long sentNanos;
    /** The gateway sessions the interaction was given to: Discord gives it to exactly one. */
    volatile List<String> deliveredTo = List.of();

    boolean acknowledged;
    String originalMessageId;
    final List<String> followUpIds = new ArrayList<>();

    InteractionState(String id, String token, int type, String userId, String channelId, Instant createdAt,
                     String componentMessageId) {
        this.id = id;
        this.token = token;
        this.type = type;
        this.userId = userId;
        this.channelId = channelId;
        this.createdAt = createdAt;
        this.componentMessageId = componentMessageId;
    }
}
