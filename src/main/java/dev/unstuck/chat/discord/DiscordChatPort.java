package dev.unstuck.chat.discord;

import dev.unstuck.chat.ChatField;
import dev.unstuck.chat.ChatMessage;
import dev.unstuck.chat.ChatPort;
import dev.unstuck.chat.Conversation;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.channel.attribute.IThreadContainer;
import net.dv8tion.jda.api.entities.channel.concrete.ThreadChannel;
import net.dv8tion.jda.api.entities.channel.middleman.GuildMessageChannel;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.requests.ErrorResponse;
import net.dv8tion.jda.api.utils.FileUpload;
import net.dv8tion.jda.api.utils.messages.MessageCreateBuilder;
import net.dv8tion.jda.api.utils.messages.MessageEditBuilder;
import net.dv8tion.jda.api.utils.messages.MessageEditData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Shows remediations in Discord. The live message is the deferred reply to {@code /ns-stuck}: edited through the
 * interaction while its token lives (15 minutes), then through the channel with the bot's own token, so a message
 * keeps updating for as long as the remediation runs. Conversations carry only guild, channel and message ids.
 *
 * <p>Each live message keeps its latest wanted state; an edit that fails (Discord down) is retried in the background
 * until it succeeds or a newer state replaces it, while the call itself fails within a bound so the workflow's
 * chat activity never waits on Discord for long.
 */
public final class DiscordChatPort implements ChatPort, AutoCloseable {
    public static final String ADAPTER = "discord";
    private static final Logger log = LoggerFactory.getLogger(DiscordChatPort.class);
    private static final Duration FORGET_AFTER = Duration.ofHours(24);
    private static final Set<Integer> TOKEN_GONE = Set.of(ErrorResponse.INVALID_WEBHOOK_TOKEN.getCode(),
            ErrorResponse.UNKNOWN_WEBHOOK.getCode(), ErrorResponse.UNKNOWN_INTERACTION.getCode());

    private final DiscordSession session;
    private final Duration callTimeout;
    private final Map<String, LiveSlot> slots = new ConcurrentHashMap<>();
    private final Map<String, InteractionHook> hooks = new ConcurrentHashMap<>();
    private final Set<String> posted = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService redeliverer;

    public DiscordChatPort(DiscordSession session, Duration callTimeout, Duration redeliverEvery) {
        this.session = session;
        this.callTimeout = callTimeout;
        this.redeliverer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "unstuck-discord-redeliver");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(100, redeliverEvery.toMillis());
        redeliverer.scheduleWithFixedDelay(this::redeliver, every, every, TimeUnit.MILLISECONDS);
    }

    /** The conversation of one live message: its guild, channel and message ids, and nothing secret. */
    public static Conversation conversation(String guildId, String channelId, String messageId) {
        return new Conversation(ADAPTER, channelId + "/" + messageId,
                Map.of("guildId", guildId, "channelId", channelId, "messageId", messageId));
    }

    @Override
    public String adapter() {
        return ADAPTER;
    }

    /** The interaction that created a live message; edits go through it while its token is valid. */
    void attachHook(String messageId, InteractionHook hook) {
        hooks.put(messageId, hook);
    }

    /** Runs {@code action} once the live message of {@code conversation} has been drawn (now if it has been). */
    void whenShown(Conversation conversation, Runnable action) {
        slot(conversation).whenShown(action);
    }

    @Override
    public void showLive(Conversation conversation, String liveKey, ChatMessage message) {
        LiveSlot slot = slot(conversation);
        slot.offer(message);
        try {
            slot.deliver();
        } catch (RuntimeException e) {
            throw new IllegalStateException("live message " + conversation.conversationId() + " not updated, "
                    + "will retry: " + e.getMessage(), e);
        }
    }

    @Override
    public void post(Conversation conversation, String postKey, ChatMessage message) {
        String key = conversation.conversationId() + "|" + postKey;
        if (posted.contains(key)) {
            return;
        }
        DiscordRendering r = DiscordRenderer.render(message);
        GuildMessageChannel channel = channel(conversation);
        MessageCreateBuilder created = new MessageCreateBuilder().setEmbeds(r.embed()).setComponents(r.rows())
                .setAllowedMentions(EnumSet.noneOf(Message.MentionType.class));
        if (message.attachment() != null) {
            created.addFiles(FileUpload.fromData(message.attachment().text().getBytes(StandardCharsets.UTF_8),
                    message.attachment().name()));
        }
        await(channel.sendMessage(created.build())
                .setMessageReference(conversation.attribute("messageId")).failOnInvalidReply(false).submit());
        posted.add(key);
        postOverflow(conversation, r.overflow());
    }

    private LiveSlot slot(Conversation conversation) {
        return slots.computeIfAbsent(conversation.conversationId(), k -> new LiveSlot(conversation));
    }

    private void redeliver() {
        long now = System.nanoTime();
        for (LiveSlot slot : List.copyOf(slots.values())) {
            try {
                if (slot.pending()) {
                    slot.deliver();
                } else if (now - slot.lastOfferNanos() > FORGET_AFTER.toNanos()) {
                    slots.remove(slot.conversation.conversationId());
                    hooks.remove(slot.conversation.attribute("messageId"));
                }
            } catch (RuntimeException e) {
                log.debug("live message {} still not updated: {}", slot.conversation.conversationId(), e.getMessage());
            }
        }
    }

    private void edit(Conversation conversation, ChatMessage message) {
        DiscordRendering r = DiscordRenderer.render(message);
        MessageEditData data = new MessageEditBuilder().setEmbeds(r.embed()).setComponents(r.rows())
                .setAllowedMentions(EnumSet.noneOf(Message.MentionType.class)).build();
        String messageId = conversation.attribute("messageId");
        InteractionHook hook = hooks.get(messageId);
        boolean edited = false;
        if (hook != null && !hook.isExpired()) {
            try {
                await(hook.editOriginal(data).submit());
                edited = true;
            } catch (DiscordCallFailed e) {
                if (!(e.getCause() instanceof ErrorResponseException ere && TOKEN_GONE.contains(ere.getErrorCode()))) {
                    throw e;
                }
                // The interaction token ran out (15 minutes): the bot's own token edits the message from now on.
                hooks.remove(messageId);
            }
        }
        if (!edited) {
            await(channel(conversation).editMessageById(messageId, data).submit());
        }
        postOverflow(conversation, r.overflow());
    }

    /** Whatever did not fit the live message goes, whole, to a thread on it; each piece once. */
    private void postOverflow(Conversation conversation, List<ChatField> overflow) {
        for (ChatField f : overflow) {
            String key = conversation.conversationId() + "|" + f.name() + "|" + f.value().hashCode() + "|"
                    + f.value().length();
            if (!posted.add(key)) {
                continue;
            }
            try {
                GuildMessageChannel target = thread(conversation);
                for (String chunk : DiscordRenderer.chunks("**" + f.name() + "**\n" + f.value(),
                        DiscordRenderer.MAX_CONTENT)) {
                    await(target.sendMessage(new MessageCreateBuilder().setContent(chunk)
                            .setAllowedMentions(EnumSet.noneOf(Message.MentionType.class)).build()).submit());
                }
            } catch (RuntimeException e) {
                posted.remove(key);
                throw e;
            }
        }
    }

    private GuildMessageChannel thread(Conversation conversation) {
        GuildMessageChannel channel = channel(conversation);
        String messageId = conversation.attribute("messageId");
        if (!(channel instanceof IThreadContainer container)) {
            return channel; // already a thread: the evidence follows in it
        }
        JDA jda = session.jda();
        ThreadChannel existing = jda.getThreadChannelById(messageId);
        if (existing != null) {
            return existing;
        }
        try {
            return await(container.createThreadChannel("Evidence", messageId).submit());
        } catch (DiscordCallFailed e) {
            ThreadChannel created = jda.getThreadChannelById(messageId);
            if (created != null) {
                return created;
            }
            throw e;
        }
    }

    private GuildMessageChannel channel(Conversation conversation) {
        String id = conversation.attribute("channelId");
        GuildMessageChannel channel = session.jda().getChannelById(GuildMessageChannel.class, id);
        if (channel == null) {
            throw new IllegalStateException("channel " + id + " is not visible to the bot");
        }
        return channel;
    }

    private <T> T await(CompletableFuture<T> call) {
        try {
            return call.get(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new DiscordCallFailed("interrupted", e);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new DiscordCallFailed("Discord did not answer within " + callTimeout.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            throw new DiscordCallFailed(e.getCause().getMessage(), e.getCause());
        }
    }

    @Override
    public void close() {
        redeliverer.shutdownNow();
    }

    /** One live message: the latest state wanted and the latest drawn, so edits never go backwards. */
    private final class LiveSlot {
        private final Conversation conversation;
        private ChatMessage latest;
        private long wanted;
        private long drawn;
        private long lastOfferNanos = System.nanoTime();
        private final List<Runnable> onShown = new ArrayList<>();

        LiveSlot(Conversation conversation) {
            this.conversation = conversation;
        }

        synchronized void offer(ChatMessage message) {
            latest = message;
            wanted++;
            lastOfferNanos = System.nanoTime();
        }

        synchronized boolean pending() {
            return drawn < wanted;
        }

        synchronized long lastOfferNanos() {
            return lastOfferNanos;
        }

        synchronized void whenShown(Runnable action) {
            if (drawn > 0) {
                action.run();
            } else {
                onShown.add(action);
            }
        }

        // Held while calling Discord: edits of one message go out one at a time, newest state each time.
        synchronized void deliver() {
            if (drawn >= wanted) {
                return;
            }
            long drawing = wanted;
            edit(conversation, latest);
            drawn = drawing;
            onShown.forEach(Runnable::run);
            onShown.clear();
        }
    }
}
