package dev.unstuck.chat.discord;

import dev.unstuck.chat.ChatField;
import dev.unstuck.chat.ChatMessage;
import dev.unstuck.watch.AlertChannel;
import dev.unstuck.watch.AlertTarget;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.channel.attribute.IThreadContainer;
import net.dv8tion.jda.api.entities.channel.middleman.GuildMessageChannel;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.requests.ErrorResponse;
import net.dv8tion.jda.api.utils.messages.MessageCreateBuilder;
import net.dv8tion.jda.api.utils.messages.MessageEditBuilder;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Posts the watchers' cards to their Discord channels, with the bot's token, and edits them by message id. A post
 * carries a nonce derived from the card, with {@code enforce_nonce} (JDA sets it): Discord answers a retried post
 * within minutes with the first message, so an activity retried after a lost answer never posts a second card; the
 * watcher keeps the id for every later edit.
 */
public final class DiscordAlertCards implements AlertChannel {
    /** Discord's limit for a message nonce. */
    private static final int NONCE = 25;

    private final DiscordSession session;
    private final Duration callTimeout;
    private final Set<String> overflowPosted = ConcurrentHashMap.newKeySet();

    public DiscordAlertCards(DiscordSession session, Duration callTimeout) {
        this.session = session;
        this.callTimeout = callTimeout;
    }

    @Override
    public String adapter() {
        return DiscordChatPort.ADAPTER;
    }

    @Override
    public String show(AlertTarget target, String cardKey, ChatMessage card, String messageId) {
        GuildMessageChannel channel = session.jda().getChannelById(GuildMessageChannel.class, target.channelId());
        if (channel == null) {
            throw new IllegalStateException("alert channel " + target.channelId() + " is not visible to the bot");
        }
        DiscordRendering r = DiscordRenderer.render(card);
        String id = null;
        if (messageId != null) {
            try {
                await(channel.editMessageById(messageId, new MessageEditBuilder().setEmbeds(r.embed())
                        .setComponents(r.rows()).setAllowedMentions(EnumSet.noneOf(Message.MentionType.class))
                        .build()).submit());
                id = messageId;
            } catch (DiscordCallFailed e) {
                if (!(e.getCause() instanceof ErrorResponseException ere
                        && ere.getErrorResponse() == ErrorResponse.UNKNOWN_MESSAGE)) {
                    throw e;
                }
                // Someone deleted the card: the incident still deserves one, so it is posted again.
            }
        }
        if (id == null) {
            id = await(channel.sendMessage(new MessageCreateBuilder().setEmbeds(r.embed()).setComponents(r.rows())
                    .setAllowedMentions(EnumSet.noneOf(Message.MentionType.class)).build())
                    .setNonce(nonce(cardKey + (messageId == null ? "" : "|" + messageId))).submit()).getId();
        }
        for (ChatField f : r.overflow()) {
            overflow(channel, id, f);
        }
        return id;
    }

    /** What did not fit the card, whole, in a thread on it; each piece once per process. */
    private void overflow(GuildMessageChannel channel, String messageId, ChatField f) {
        String key = messageId + "|" + f.name() + "|" + f.value().hashCode();
        if (!overflowPosted.add(key)) {
            return;
        }
        try {
            GuildMessageChannel thread = channel;
            if (channel instanceof IThreadContainer container) {
                var existing = session.jda().getThreadChannelById(messageId);
                thread = existing != null ? existing
                        : await(container.createThreadChannel("Details", messageId).submit());
            }
            for (String chunk : DiscordRenderer.chunks("**" + f.name() + "**\n" + f.value(),
                    DiscordRenderer.MAX_CONTENT)) {
                await(thread.sendMessage(new MessageCreateBuilder().setContent(chunk)
                        .setAllowedMentions(EnumSet.noneOf(Message.MentionType.class)).build()).submit());
            }
        } catch (RuntimeException e) {
            overflowPosted.remove(key);
            throw e;
        }
    }

    static String nonce(String cardKey) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(cardKey.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, NONCE);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private <T> T await(CompletableFuture<T> call) {
        return DiscordCallFailed.await(call, callTimeout);
    }
}
