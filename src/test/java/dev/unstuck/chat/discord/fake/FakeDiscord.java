package dev.unstuck.chat.discord.fake;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * Discord on loopback for testing Unstuck's Discord adapter with the real JDA: a WebSocket gateway and a REST API
 * serving one guild. Tests drive it as the people in the guild would (slash commands, button clicks) and read back
 * what the bot did. The fake holds Discord's rules that shape the adapter: the 3 s ack deadline, the 15 min
 * interaction-token lifetime, the message size limits, and sessions that resume after a dropped socket.
 */
public final class FakeDiscord implements AutoCloseable {
    public static final String DEFAULT_TOKEN = "unstuck-fake-bot-token";
    public static final String DEFAULT_APPLICATION_ID = "1200000000000000500";

    private final DiscordState state;
    private final FakeGateway gateway;
    private final FakeRestApi rest;

    private FakeDiscord(String token, String applicationId, FakeGuild guild) {
        this.state = new DiscordState(token, applicationId, "unstuck", guild);
        this.gateway = new FakeGateway(token, state::readyPayload, state::guildCreatePayload);
        gateway.onSessionsChanged(state::changed);
        gateway.startAndAwait();
        state.dispatchTo((type, data) -> {
            gateway.dispatch(type, data, nanos -> { });
        });
        try {
            this.rest = new FakeRestApi(state, gateway::url);
        } catch (IOException e) {
            stopGateway();
            throw new UncheckedIOException(e);
        }
    }

    public static FakeDiscord start() {
        return start(FakeGuild.defaults());
    }

    public static FakeDiscord start(FakeGuild guild) {
        return new FakeDiscord(DEFAULT_TOKEN, DEFAULT_APPLICATION_ID, guild);
    }

    // ---- connection details ------------------------------------------------------------------------------

    /** {@code http://127.0.0.1:PORT/api/v10/}, for JDA's {@code RestConfig.setBaseUrl}. */
    public String restBaseUrl() {
        return rest.baseUrl();
    }

    /** {@code ws://127.0.0.1:PORT/}, for a session controller's {@code getGateway()}. */
    public String gatewayUrl() {
        return gateway.url();
    }

    /** The only bot token accepted; REST calls with another get 401 and IDENTIFY closes with 4004. */
    public String token() {
        return state.token;
    }

    public String applicationId() {
        return state.applicationId;
    }

    /** The bot user's id, which Discord makes equal to the application id. */
    public String botUserId() {
        return state.applicationId;
    }

    public FakeGuild guild() {
        return state.guild;
    }

    // ---- gateway -----------------------------------------------------------------------------------------

    public int identifyCount() {
        return gateway.identifyCount();
    }

    public int resumeCount() {
        return gateway.resumeCount();
    }

    /** Dispatches sent again on RESUME because the bot had not seen them. */
    public int replayedDispatchCount() {
        return gateway.replayedCount();
    }

    /** WebSocket connections the bot opened: one, plus one per reconnect. */
    public int gatewayConnectionCount() {
        return gateway.connectionCount();
    }

    public boolean botConnected() {
        return gateway.connected();
    }

    /** Gateway sessions with a connected socket now: one per bot process holding the gateway. */
    public int openSessionCount() {
        return gateway.openSessionCount();
    }

    /** The most gateway sessions that were connected at the same moment since the fake started. */
    public int mostSessionsOpenAtOnce() {
        return gateway.mostSessionsOpenAtOnce();
    }

    /** Every gateway session opened so far, oldest first. */
    public List<SessionRecord> sessions() {
        return gateway.sessionRecords();
    }

    /** Waits until a session opened after {@code afterNanos} is ready (its guild sent), and returns it. */
    public SessionRecord awaitReadySession(long afterNanos, Duration timeout) throws TimeoutException {
        return state.await(() -> gateway.sessionRecords().stream()
                        .filter(r -> r.identifiedNanos() > afterNanos && r.readyNanos() != 0).findFirst(),
                timeout, "a gateway session opened after the mark");
    }

    /** Callback POSTs the bot made for one interaction, answered or refused: a handled interaction has exactly one. */
    public long callbackPosts(String interactionId) {
        return rest.settledRequests().stream().filter(r -> r.method().equals("POST")
                && r.path().startsWith("interactions/" + interactionId + "/") && r.path().endsWith("/callback"))
                .count();
    }

    /** Posts Discord answered with the message an earlier post with the same nonce made. */
    public int noncesHonoured() {
        return state.noncesHonoured();
    }

    /**
     * Closes the bot's socket from the server side with {@code code} while keeping its session: dispatches sent
     * until the bot comes back are replayed on RESUME. 1001 is what Discord sends when a gateway node goes away.
     */
    public void disconnect(int code) {
        gateway.disconnect(code);
    }

    // ---- interactions ------------------------------------------------------------------------------------

    /**
     * A guild member runs a slash command in a channel. Option values map to Discord types by their Java type:
     * String 3, Integer/Long 4, Boolean 5, Double 10.
     */
    public InteractionResult sendSlashCommand(String userName, String channelName, String command, Map<String, Object> options) {
        JsonObject data = new JsonObject();
        data.addProperty("name", command);
        data.addProperty("type", 1);
        data.addProperty("guild_id", state.guild.id());
        data.add("options", options(options, null));
        return send(InteractionState.APPLICATION_COMMAND, userName, channelName, data, null);
    }

    /** A member clicks a button on a message the bot posted; the interaction's channel is the message's channel. */
    public InteractionResult sendButtonClick(String userName, String messageId, String customId) {
        StoredMessage message = state.message(messageId)
                .orElseThrow(() -> new IllegalArgumentException("no message " + messageId));
        if (!message.customIds().contains(customId)) {
            throw new IllegalArgumentException("message " + messageId + " has no component " + customId);
        }
        JsonObject data = new JsonObject();
        data.addProperty("custom_id", customId);
        data.addProperty("component_type", 2);
        return send(InteractionState.MESSAGE_COMPONENT, userName, null, data, message);
    }

    /** Same as {@link #sendButtonClick(String, String, String)}, checking that the message is in {@code channelName}. */
    public InteractionResult sendButtonClick(String userName, String channelName, String messageId, String customId) {
        StoredMessage message = state.message(messageId)
                .orElseThrow(() -> new IllegalArgumentException("no message " + messageId));
        if (!message.channelId().equals(state.channelNamed(channelName).id())) {
            throw new IllegalArgumentException("message " + messageId + " is not in #" + channelName);
        }
        return sendButtonClick(userName, messageId, customId);
    }

    /**
     * A member clicks a button on the message as their client still shows it ({@code seen}), although the bot may
     * have edited the button away since: Discord clients lag behind edits, so a click can name a button that is gone.
     */
    public InteractionResult sendButtonClickAsSeen(String userName, StoredMessage seen, String customId) {
        if (!seen.customIds().contains(customId)) {
            throw new IllegalArgumentException("message " + seen.id() + " never showed component " + customId);
        }
        state.message(seen.id()).orElseThrow(() -> new IllegalArgumentException("no message " + seen.id()));
        JsonObject data = new JsonObject();
        data.addProperty("custom_id", customId);
        data.addProperty("component_type", 2);
        return send(InteractionState.MESSAGE_COMPONENT, userName, null, data, seen);
    }

    /**
     * A button click as a modified client or a script could make it: any custom id, on a message the bot posted, said
     * to come from any channel of the guild and from any guild ({@code guildId}; the fake's own when null). The bot
     * must not trust any of it.
     */
    public InteractionResult sendForgedButtonClick(String userName, String channelName, String messageId,
                                                   String customId, String guildId) {
        StoredMessage message = state.message(messageId)
                .orElseThrow(() -> new IllegalArgumentException("no message " + messageId));
        FakeMember member = state.guild.memberNamed(userName)
                .orElseThrow(() -> new IllegalArgumentException("no member named " + userName));
        JsonObject data = new JsonObject();
        data.addProperty("custom_id", customId);
        data.addProperty("component_type", 2);
        JsonObject payload = new JsonObject();
        InteractionState interaction = state.newInteraction(InteractionState.MESSAGE_COMPONENT, member,
                state.channelNamed(channelName), data, message.id(), payload,
                guildId == null ? state.guild.id() : guildId);
        interaction.deliveredTo = gateway.dispatch(FakeGateway.INTERACTION_CREATE, payload,
                nanos -> interaction.sentNanos = nanos);
        return new InteractionResult(interaction, state);
    }

    /** A member is typing option {@code focused} of a slash command; the bot should answer with choices (type 8). */
    public InteractionResult sendAutocomplete(String userName, String channelName, String command,
                                              Map<String, Object> options, String focused) {
        JsonObject data = new JsonObject();
        data.addProperty("name", command);
        data.addProperty("type", 1);
        data.addProperty("guild_id", state.guild.id());
        data.add("options", options(options, focused));
        return send(InteractionState.AUTOCOMPLETE, userName, channelName, data, null);
    }

    private InteractionResult send(int type, String userName, String channelName, JsonObject data, StoredMessage message) {
        FakeMember member = state.guild.memberNamed(userName)
                .orElseThrow(() -> new IllegalArgumentException("no member named " + userName));
        FakeChannel channel = message == null ? state.channelNamed(channelName) : state.channelById(message.channelId());
        JsonObject payload = new JsonObject();
        InteractionState interaction = state.newInteraction(type, member, channel, data,
                message == null ? null : message.id(), payload);
        interaction.deliveredTo = gateway.dispatch(FakeGateway.INTERACTION_CREATE, payload,
                nanos -> interaction.sentNanos = nanos);
        return new InteractionResult(interaction, state);
    }

    private static JsonArray options(Map<String, Object> options, String focused) {
        JsonArray array = new JsonArray();
        options.forEach((name, value) -> {
            JsonObject option = new JsonObject();
            option.addProperty("name", name);
            if (value instanceof String s) {
                option.addProperty("type", 3);
                option.addProperty("value", s);
            } else if (value instanceof Integer || value instanceof Long) {
                option.addProperty("type", 4);
                option.addProperty("value", (Number) value);
            } else if (value instanceof Boolean b) {
                option.addProperty("type", 5);
                option.addProperty("value", b);
            } else if (value instanceof Double d) {
                option.addProperty("type", 10);
                option.addProperty("value", d);
            } else {
                throw new IllegalArgumentException("unsupported option type for " + name + ": " + value);
            }
            if (name.equals(focused)) {
                option.addProperty("focused", true);
            }
            array.add(option);
        });
        return array;
    }

    // ---- store -------------------------------------------------------------------------------------------

    /** Messages visible in a channel or thread, oldest first, as they are now (after edits); no ephemeral ones. */
    /** The files uploaded with a message, as Discord would show them attached to it. */
    public List<FakeUpload> uploads(String messageId) {
        return state.uploads(messageId);
    }

    public List<StoredMessage> messages(String channelName) {
        return state.messagesIn(state.channelNamed(channelName).id());
    }

    public Optional<StoredMessage> message(String id) {
        return state.message(id);
    }

    public List<StoredMessage> ephemeralReplies(InteractionResult interaction) {
        return state.ephemeralReplies(interaction.interactionId());
    }

    /** Waits until some message in {@code channelName} satisfies {@code condition}. */
    public StoredMessage awaitMessage(String channelName, Duration timeout, Predicate<StoredMessage> condition)
            throws TimeoutException {
        String channelId = state.channelNamed(channelName).id();
        return state.await(() -> state.messagesIn(channelId).stream().filter(condition).findFirst(), timeout,
                "a matching message in #" + channelName);
    }

    /** Waits until a message satisfies {@code condition}, e.g. it has been edited twice. */
    public StoredMessage awaitMessageById(String id, Duration timeout, Predicate<StoredMessage> condition)
            throws TimeoutException {
        return state.await(() -> state.message(id).filter(condition), timeout, "message " + id);
    }

    /** Registered application commands by scope: {@code "global"} or the guild id. */
    public Map<String, JsonArray> registeredCommands() {
        return state.registeredCommands();
    }

    public Map<String, JsonArray> awaitRegisteredCommands(Duration timeout, Predicate<Map<String, JsonArray>> condition)
            throws TimeoutException {
        return state.await(() -> Optional.of(state.registeredCommands()).filter(condition), timeout,
                "registered commands");
    }

    /** The thread started from a message, which Discord gives the message's id. */
    public Optional<FakeChannel> thread(String messageId) {
        return state.thread(messageId);
    }

    // ---- time and faults ---------------------------------------------------------------------------------

    /** Moves the fake's clock, which decides ack deadlines and token expiry; real time still passes too. */
    public void advanceClock(Duration by) {
        state.advanceClock(by);
    }

    /**
     * Ages every interaction past its 15 minutes: webhook calls with those tokens then get 401 {@code 50027
     * Invalid Webhook Token}, as Discord answers for an expired interaction token, while bot-token channel
     * endpoints keep working.
     */
    public void expireInteractionTokens() {
        state.advanceClock(DiscordState.TOKEN_LIFETIME.plusSeconds(1));
    }

    /** The next {@code count} REST calls, whatever their route, get {@code status} (502/503 as in an outage). */
    public void failNextRequests(int count, int status) {
        rest.failNext(count, status, 0);
    }

    /** The next {@code count} REST calls get 429 with {@code retry_after} in seconds, as Discord rate limits. */
    public void rateLimitNextRequests(int count, double retryAfterSeconds) {
        rest.failNext(count, 429, retryAfterSeconds);
    }

    /** The REST calls made so far, once those in flight have been answered (see {@link #callbackPosts}). */
    public List<RecordedRequest> requests() {
        return rest.settledRequests();
    }

    /** Calls to routes the fake does not model; a test should expect none. */
    public List<RecordedRequest> unroutedRequests() {
        return rest.unroutedRequests();
    }

    @Override
    public void close() {
        rest.close();
        stopGateway();
    }

    private void stopGateway() {
        try {
            gateway.stop(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
