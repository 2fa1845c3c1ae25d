package dev.unstuck.chat.discord;

import dev.unstuck.chat.ChatBinding;
import dev.unstuck.chat.ChatField;
import dev.unstuck.chat.ChatMessage;
import dev.unstuck.chat.ChatPort;
import dev.unstuck.chat.Conversation;
import dev.unstuck.workflow.ChatActivities;
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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Shows remediations in Discord. The live message is the deferred reply to {@code /ns-stuck}: edited through the
 * interaction while its token lives (15 minutes) and this process holds it, then through the channel with the
 * bot's own token, so a message keeps updating for as long as the remediation runs, from whichever replica holds
 * the gateway. Everything needed to carry on is in the {@link ChatBinding} the workflow records: guild, channel and
 * message ids, the evidence thread, and the keys of what was posted once. Posts also carry a nonce Discord enforces
 * for a few minutes, so a post retried after a crash between Discord's answer and the workflow's record of it
 * returns the first message instead of making a second.
 *
 * <p>Each live message keeps its latest wanted state; an edit that fails (Discord down) is retried in the background
 * until it succeeds or a newer state replaces it, while the call itself fails within a bound so the workflow's
 * chat activity never waits on Discord for long.
 */
public final class DiscordChatPort implements ChatPort, AutoCloseable {
    public static final String ADAPTER = ChatActivities.DISCORD_ADAPTER;
    /** The attribute naming the thread a live message's evidence went to. */
    public static final String THREAD_ID = "threadId";
    private static final Logger log = LoggerFactory.getLogger(DiscordChatPort.class);
    private static final Duration FORGET_AFTER = Duration.ofHours(24);
    private static final Set<Integer> TOKEN_GONE = Set.of(ErrorResponse.INVALID_WEBHOOK_TOKEN.getCode(),
            ErrorResponse.UNKNOWN_WEBHOOK.getCode(), ErrorResponse.UNKNOWN_INTERACTION.getCode());

    private final DiscordSession session;
    private final Duration callTimeout;
    private final Map<String, LiveSlot> slots = new ConcurrentHashMap<>();
    private final Map<String, InteractionHook> hooks = new ConcurrentHashMap<>();
    // Posts made by this process, for callers that bring no recorded binding (runs recorded before bindings).
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
        slot(ChatBinding.of(conversation)).whenShown(action);
    }

    /**
     * The gateway session ended (the lease moved, or shutdown): states not yet drawn are dropped rather than drawn
     * later over what the next holder shows, and the interaction hooks die with the session.
     */
    void sessionClosed() {
        slots.clear();
        hooks.clear();
    }

    @Override
    public ChatBinding showLive(ChatBinding binding, String liveKey, ChatMessage message) {
        LiveSlot slot = slot(binding);
        slot.offer(binding, message);
        try {
            return slot.deliver();
        } catch (RuntimeException e) {
            throw new IllegalStateException("live message " + binding.conversation().conversationId()
                    + " not updated, will retry: " + e.getMessage(), e);
        }
    }

    @Override
    public ChatBinding post(ChatBinding binding, String postKey, ChatMessage message) {
        Conversation conversation = binding.conversation();
        String local = conversation.conversationId() + "|" + postKey;
        if (binding.hasPosted(postKey) || posted.contains(local)) {
            return binding.withPosted(postKey);
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
                .setNonce(DiscordNonce.of(conversation.conversationId(), postKey))
                .setMessageReference(conversation.attribute("messageId")).failOnInvalidReply(false).submit());
        posted.add(local);
        return postOverflow(binding.withPosted(postKey), r.overflow());
    }

    private LiveSlot slot(ChatBinding binding) {
        return slots.computeIfAbsent(binding.conversation().conversationId(), k -> new LiveSlot(binding));
    }

    private void redeliver() {
        long now = System.nanoTime();
        for (LiveSlot slot : List.copyOf(slots.values())) {
            try {
                if (slot.pending()) {
                    slot.deliver();
                } else if (now - slot.lastOfferNanos() > FORGET_AFTER.toNanos()) {
                    slots.remove(slot.conversationId());
                    hooks.remove(slot.messageId());
                }
            } catch (RuntimeException e) {
                log.debug("live message {} still not updated: {}", slot.conversationId(), e.getMessage());
            }
        }
    }

    private ChatBinding edit(ChatBinding binding, ChatMessage message) {
        Conversation conversation = binding.conversation();
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
        return postOverflow(binding, r.overflow());
    }

    /** Whatever did not fit the live message goes, whole, to a thread on it; each piece once. */
    private ChatBinding postOverflow(ChatBinding binding, List<ChatField> overflow) {
        ChatBinding now = binding;
        for (ChatField f : overflow) {
            String key = "evidence|" + f.name() + "|" + Integer.toHexString(f.value().hashCode()) + "|"
                    + f.value().length();
            String local = now.conversation().conversationId() + "|" + key;
            if (now.hasPosted(key) || !posted.add(local)) {
                now = now.withPosted(key);
                continue;
            }
            try {
                ThreadTarget target = thread(now.conversation());
                now = now.withConversation(target.conversation());
                List<String> chunks = DiscordRenderer.chunks("**" + f.name() + "**\n" + f.value(),
                        DiscordRenderer.MAX_CONTENT);
                for (int i = 0; i < chunks.size(); i++) {
                    await(target.channel().sendMessage(new MessageCreateBuilder().setContent(chunks.get(i))
                                    .setAllowedMentions(EnumSet.noneOf(Message.MentionType.class)).build())
                            .setNonce(DiscordNonce.of(now.conversation().conversationId(), key + "#" + i)).submit());
                }
                now = now.withPosted(key);
            } catch (RuntimeException e) {
                posted.remove(local);
                throw e;
            }
        }
        return now;
    }

    /** Where evidence goes, and the conversation naming it. */
    private record ThreadTarget(GuildMessageChannel channel, Conversation conversation) {
    }

    private ThreadTarget thread(Conversation conversation) {
        GuildMessageChannel channel = channel(conversation);
        String messageId = conversation.attribute("messageId");
        if (!(channel instanceof IThreadContainer container)) {
            return new ThreadTarget(channel, conversation); // already a thread: the evidence follows in it
        }
        JDA jda = session.jda();
        String recorded = conversation.attribute(THREAD_ID);
        if (recorded != null) {
            ThreadChannel known = jda.getThreadChannelById(recorded);
            if (known == null) {
                throw new IllegalStateException("evidence thread " + recorded + " of message " + messageId
                        + " is not visible to the bot (archived or deleted?)");
            }
            return new ThreadTarget(known, conversation);
        }
        // Discord gives a thread started from a message the message's id.
        ThreadChannel existing = jda.getThreadChannelById(messageId);
        if (existing != null) {
            return new ThreadTarget(existing, conversation.withAttribute(THREAD_ID, existing.getId()));
        }
        ThreadChannel created;
        try {
            created = await(container.createThreadChannel("Evidence", messageId).submit());
        } catch (DiscordCallFailed e) {
            created = jda.getThreadChannelById(messageId);
            if (created == null) {
                throw e;
            }
        }
        return new ThreadTarget(created, conversation.withAttribute(THREAD_ID, created.getId()));
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
        return DiscordCallFailed.await(call, callTimeout);
    }

    @Override
    public void close() {
        redeliverer.shutdownNow();
    }

    /** One live message: the latest state wanted and the latest drawn, so edits never go backwards. */
    private final class LiveSlot {
        private ChatBinding binding;
        private ChatMessage latest;
        private long wanted;
        private long drawn;
        private long lastOfferNanos = System.nanoTime();
        private final List<Runnable> onShown = new ArrayList<>();

        LiveSlot(ChatBinding binding) {
            this.binding = binding;
        }

        synchronized String conversationId() {
            return binding.conversation().conversationId();
        }

        synchronized String messageId() {
            return binding.conversation().attribute("messageId");
        }

        synchronized void offer(ChatBinding recorded, ChatMessage message) {
            binding = binding.mergedWith(recorded);
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
        synchronized ChatBinding deliver() {
            if (drawn >= wanted) {
                return binding;
            }
            long drawing = wanted;
            binding = edit(binding, latest);
            drawn = drawing;
            onShown.forEach(Runnable::run);
            onShown.clear();
            return binding;
        }
    }
}
