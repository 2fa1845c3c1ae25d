package dev.unstuck.chat.discord.fake;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Everything the fake Discord knows: the guild, its channels and threads, messages, interactions and registered
 * commands. One monitor guards it all, because JDA calls REST from several threads and a test thread waits on
 * the same state; every change wakes the waiters.
 */
final class DiscordState {
    static final Duration ACK_DEADLINE = Duration.ofSeconds(3);
    static final Duration TOKEN_LIFETIME = Duration.ofMinutes(15);
    private static final String GLOBAL = "global";

    final String token;
    final String applicationId;
    final String botName;
    final FakeGuild guild;
    final Snowflakes ids = new Snowflakes();
    private final Instant joinedAt = Instant.parse("2026-01-05T09:00:00Z");

    private final Map<String, FakeChannel> channels = new LinkedHashMap<>();
    private final Map<String, StoredMessage> messages = new LinkedHashMap<>();
    private final Map<String, InteractionState> interactions = new LinkedHashMap<>();
    private final Map<String, InteractionState> interactionsByToken = new LinkedHashMap<>();
    private final Map<String, JsonArray> commands = new LinkedHashMap<>();
    private final Map<String, Nonce> nonces = new LinkedHashMap<>();
    private Duration clockOffset = Duration.ZERO;
    private int nextComponentId;
    private BiConsumer<String, JsonObject> dispatcher = (type, data) -> { };

    DiscordState(String token, String applicationId, String botName, FakeGuild guild) {
        this.token = token;
        this.applicationId = applicationId;
        this.botName = botName;
        this.guild = guild;
        guild.channels().forEach(c -> channels.put(c.id(), c));
    }

    void dispatchTo(BiConsumer<String, JsonObject> dispatcher) {
        this.dispatcher = dispatcher;
    }

    // ---- clock -------------------------------------------------------------------------------------------

    synchronized Instant now() {
        return Instant.now().plus(clockOffset);
    }

    synchronized void advanceClock(Duration by) {
        clockOffset = clockOffset.plus(by);
        notifyAll();
    }

    // ---- entities ----------------------------------------------------------------------------------------

    JsonObject botUser() {
        return DiscordJson.user(applicationId, botName, true);
    }

    JsonObject readyPayload() {
        JsonObject ready = new JsonObject();
        ready.addProperty("v", 10);
        ready.add("user", botUser());
        JsonObject unavailable = new JsonObject();
        unavailable.addProperty("id", guild.id());
        unavailable.addProperty("unavailable", true);
        JsonArray guilds = new JsonArray();
        guilds.add(unavailable);
        ready.add("guilds", guilds);
        ready.add("private_channels", new JsonArray());
        ready.add("presences", new JsonArray());
        ready.add("relationships", new JsonArray());
        JsonObject application = new JsonObject();
        application.addProperty("id", applicationId);
        application.addProperty("flags", 0);
        ready.add("application", application);
        return ready;
    }

    synchronized JsonObject guildCreatePayload() {
        JsonObject g = new JsonObject();
        g.addProperty("id", guild.id());
        g.addProperty("name", guild.name());
        g.add("icon", null);
        g.addProperty("owner_id", guild.members().isEmpty() ? applicationId : guild.members().get(0).userId());
        g.addProperty("afk_timeout", 300);
        g.addProperty("verification_level", 0);
        g.addProperty("default_message_notifications", 0);
        g.addProperty("explicit_content_filter", 0);
        g.addProperty("mfa_level", 0);
        g.addProperty("nsfw_level", 0);
        g.addProperty("premium_tier", 0);
        g.addProperty("premium_subscription_count", 0);
        g.addProperty("preferred_locale", "en-US");
        g.addProperty("system_channel_flags", 0);
        g.addProperty("max_members", 500000);
        g.addProperty("large", false);
        g.addProperty("unavailable", false);
        g.addProperty("joined_at", joinedAt.toString());
        g.addProperty("member_count", guild.members().size() + 1);
        g.add("features", new JsonArray());
        List<JsonObject> roles = new ArrayList<>();
        // @everyone carries the guild's id; JDA resolves the public role by that id
        roles.add(DiscordJson.role(guild.id(), "@everyone", 0, "1071698660929"));
        for (int i = 0; i < guild.roles().size(); i++) {
            FakeRole role = guild.roles().get(i);
            roles.add(DiscordJson.role(role.id(), role.name(), i + 1, "1071698660929"));
        }
        g.add("roles", DiscordJson.array(roles));
        List<JsonObject> channelJson = new ArrayList<>();
        List<JsonObject> threadJson = new ArrayList<>();
        int position = 0;
        for (FakeChannel channel : channels.values()) {
            if (channel.isThread()) {
                threadJson.add(DiscordJson.thread(channel, guild.id(), applicationId, joinedAt));
            } else {
                channelJson.add(DiscordJson.textChannel(channel, guild.id(), position++));
            }
        }
        g.add("channels", DiscordJson.array(channelJson));
        g.add("threads", DiscordJson.array(threadJson));
        List<JsonObject> members = new ArrayList<>();
        members.add(DiscordJson.member(botUser(), List.of(), joinedAt));
        guild.members().forEach(m -> members.add(memberJson(m)));
        g.add("members", DiscordJson.array(members));
        g.add("presences", new JsonArray());
        g.add("voice_states", new JsonArray());
        g.add("emojis", new JsonArray());
        g.add("stickers", new JsonArray());
        g.add("guild_scheduled_events", new JsonArray());
        g.add("stage_instances", new JsonArray());
        g.add("soundboard_sounds", new JsonArray());
        return g;
    }

    private JsonObject memberJson(FakeMember member) {
        return DiscordJson.member(DiscordJson.user(member.userId(), member.username(), false), member.roleIds(), joinedAt);
    }

    synchronized FakeChannel channelNamed(String name) {
        return channels.values().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no channel named " + name));
    }

    synchronized FakeChannel channelById(String id) {
        return Optional.ofNullable(channels.get(id))
                .orElseThrow(() -> new IllegalArgumentException("no channel " + id));
    }

    synchronized Optional<FakeChannel> thread(String messageId) {
        return Optional.ofNullable(channels.get(messageId)).filter(FakeChannel::isThread);
    }

    private FakeChannel channel(String id) {
        FakeChannel channel = channels.get(id);
        if (channel == null) {
            throw RestError.unknownChannel();
        }
        return channel;
    }

    private JsonObject channelJson(FakeChannel channel) {
        if (channel.isThread()) {
            return DiscordJson.thread(channel, guild.id(), applicationId, joinedAt);
        }
        int position = new ArrayList<>(channels.values()).indexOf(channel);
        return DiscordJson.textChannel(channel, guild.id(), position);
    }

    synchronized JsonObject getChannel(String channelId) {
        return channelJson(channel(channelId));
    }

    // ---- commands ----------------------------------------------------------------------------------------

    synchronized JsonArray putCommands(String guildId, JsonArray body) {
        if (guildId != null && !guildId.equals(guild.id())) {
            throw new RestError(404, 10004, "Unknown Guild");
        }
        JsonArray stored = new JsonArray();
        for (JsonElement element : body) {
            JsonObject command = element.getAsJsonObject().deepCopy();
            command.addProperty("id", ids.next());
            command.addProperty("application_id", applicationId);
            command.addProperty("version", ids.next());
            if (!command.has("type")) {
                command.addProperty("type", 1);
            }
            if (!command.has("description")) {
                command.addProperty("description", "");
            }
            if (!command.has("default_member_permissions")) {
                command.add("default_member_permissions", null);
            }
            if (!command.has("nsfw")) {
                command.addProperty("nsfw", false);
            }
            if (guildId != null) {
                command.addProperty("guild_id", guildId);
            }
            stored.add(command);
        }
        commands.put(guildId == null ? GLOBAL : guildId, stored);
        notifyAll();
        return stored.deepCopy();
    }

    synchronized JsonArray getCommands(String guildId) {
        return commands.getOrDefault(guildId == null ? GLOBAL : guildId, new JsonArray()).deepCopy();
    }

    /** Registered commands by scope: "global" or the guild id, each the array Discord would list. */
    synchronized Map<String, JsonArray> registeredCommands() {
        Map<String, JsonArray> copy = new LinkedHashMap<>();
        commands.forEach((scope, array) -> copy.put(scope, array.deepCopy()));
        return copy;
    }

    private String commandId(String name) {
        for (String scope : List.of(guild.id(), GLOBAL)) {
            for (JsonElement command : commands.getOrDefault(scope, new JsonArray())) {
                if (command.getAsJsonObject().get("name").getAsString().equals(name)) {
                    return command.getAsJsonObject().get("id").getAsString();
                }
            }
        }
        // Discord can still deliver a command that was just unregistered, so an unknown name is not an error
        return ids.next();
    }

    // ---- interactions ------------------------------------------------------------------------------------

    synchronized InteractionState newInteraction(int type, FakeMember member, FakeChannel channel, JsonObject data,
                                                 String componentMessageId, JsonObject payloadOut) {
        return newInteraction(type, member, channel, data, componentMessageId, payloadOut, guild.id());
    }

    /** @param guildId the guild the interaction claims to come from: the fake's own, or another (a forged one) */
    synchronized InteractionState newInteraction(int type, FakeMember member, FakeChannel channel, JsonObject data,
                                                 String componentMessageId, JsonObject payloadOut, String guildId) {
        String id = ids.next();
        String interactionToken = "aW50ZXJhY3Rpb24" + UUID.randomUUID().toString().replace("-", "");
        InteractionState state = new InteractionState(id, interactionToken, type, member.userId(), channel.id(),
                now(), componentMessageId);
        interactions.put(id, state);
        interactionsByToken.put(interactionToken, state);

        payloadOut.addProperty("id", id);
        payloadOut.addProperty("application_id", applicationId);
        payloadOut.addProperty("type", type);
        payloadOut.addProperty("token", interactionToken);
        payloadOut.addProperty("version", 1);
        payloadOut.addProperty("guild_id", guildId);
        JsonObject guildStub = new JsonObject();
        guildStub.addProperty("id", guildId);
        guildStub.addProperty("locale", "en-US");
        guildStub.add("features", new JsonArray());
        payloadOut.add("guild", guildStub);
        payloadOut.addProperty("channel_id", channel.id());
        JsonObject channelJson = channelJson(channel);
        channelJson.addProperty("permissions", DiscordJson.ALL_PERMISSIONS);
        payloadOut.add("channel", channelJson);
        JsonObject memberJson = memberJson(member);
        memberJson.addProperty("permissions", DiscordJson.ALL_PERMISSIONS);
        payloadOut.add("member", memberJson);
        payloadOut.addProperty("app_permissions", DiscordJson.ALL_PERMISSIONS);
        payloadOut.addProperty("locale", "en-US");
        payloadOut.addProperty("guild_locale", "en-US");
        payloadOut.add("entitlements", new JsonArray());
        JsonObject owners = new JsonObject();
        owners.addProperty("0", guildId);
        payloadOut.add("authorizing_integration_owners", owners);
        payloadOut.addProperty("context", 0);
        payloadOut.addProperty("attachment_size_limit", 10485760);
        if (data.has("name") && !data.has("id")) {
            data.addProperty("id", commandId(data.get("name").getAsString()));
        }
        payloadOut.add("data", data);
        if (componentMessageId != null) {
            StoredMessage clicked = messages.get(componentMessageId);
            if (clicked == null) {
                throw new IllegalArgumentException("no message " + componentMessageId);
            }
            payloadOut.add("message", messageJson(clicked));
        }
        return state;
    }

    synchronized InteractionState interaction(String id) {
        return interactions.get(id);
    }

    /** Answers {@code POST interactions/{id}/{token}/callback}; null means 204 No Content. */
    synchronized JsonObject callback(String interactionId, String interactionToken, JsonObject body, boolean withResponse) {
        InteractionState state = interactions.get(interactionId);
        if (state == null || !state.token.equals(interactionToken)) {
            throw RestError.unknownInteraction();
        }
        if (state.acknowledged) {
            throw RestError.alreadyAcknowledged();
        }
        if (now().isAfter(state.createdAt.plus(ACK_DEADLINE))) {
            throw RestError.unknownInteraction();
        }
        int type = body.get("type").getAsInt();
        JsonObject data = body.has("data") && body.get("data").isJsonObject() ? body.getAsJsonObject("data") : new JsonObject();
        int flags = data.has("flags") ? data.get("flags").getAsInt() : 0;
        if (type == Callback.REPLY || type == Callback.UPDATE) {
            JsonObject errors = MessageValidator.validate(data);
            if (errors != null) {
                throw RestError.invalidFormBody(errors);
            }
        }
        boolean component = state.type == InteractionState.MESSAGE_COMPONENT;
        StoredMessage message = null;
        switch (type) {
            case Callback.REPLY -> {
                message = create(state.channelId, state.type == InteractionState.APPLICATION_COMMAND ? 20 : 19,
                        data, flags & StoredMessage.FLAG_EPHEMERAL, state.id);
                state.originalMessageId = message.id();
            }
            case Callback.DEFER_REPLY -> {
                JsonObject empty = new JsonObject();
                message = create(state.channelId, state.type == InteractionState.APPLICATION_COMMAND ? 20 : 19,
                        empty, (flags & StoredMessage.FLAG_EPHEMERAL) | StoredMessage.FLAG_LOADING, state.id);
                state.originalMessageId = message.id();
            }
            case Callback.DEFER_UPDATE -> {
                requireComponent(component);
                state.originalMessageId = state.componentMessageId;
            }
            case Callback.UPDATE -> {
                requireComponent(component);
                state.originalMessageId = state.componentMessageId;
                message = edit(messages.get(state.componentMessageId), data);
            }
            case Callback.AUTOCOMPLETE_RESULT -> {
                if (state.type != InteractionState.AUTOCOMPLETE) {
                    throw new RestError(400, 50035, "Invalid Form Body");
                }
            }
            case Callback.MODAL -> {
                if (state.type == InteractionState.AUTOCOMPLETE) {
                    throw new RestError(400, 50035, "Invalid Form Body");
                }
            }
            default -> throw new RestError(400, 50035, "Invalid Form Body");
        }
        state.acknowledged = true;
        state.callback.complete(new Callback(type, flags, data.deepCopy(), System.nanoTime()));
        notifyAll();
        if (!withResponse) {
            return null;
        }
        JsonObject response = new JsonObject();
        JsonObject interaction = new JsonObject();
        interaction.addProperty("id", state.id);
        interaction.addProperty("type", state.type);
        if (state.originalMessageId != null) {
            StoredMessage original = messages.get(state.originalMessageId);
            interaction.addProperty("response_message_id", original.id());
            interaction.addProperty("response_message_loading", original.loading());
            interaction.addProperty("response_message_ephemeral", original.ephemeral());
        }
        response.add("interaction", interaction);
        JsonObject resource = new JsonObject();
        resource.addProperty("type", type);
        if (message != null) {
            resource.add("message", messageJson(message));
        }
        response.add("resource", resource);
        return response;
    }

    private static void requireComponent(boolean component) {
        if (!component) {
            // Discord refuses an update-type answer to anything but a component interaction
            throw new RestError(400, 40004, "Interaction callback type is not valid for this interaction");
        }
    }

    private InteractionState webhook(String appId, String interactionToken) {
        InteractionState state = interactionsByToken.get(interactionToken);
        if (!applicationId.equals(appId) || state == null || !state.acknowledged) {
            throw RestError.unknownWebhook();
        }
        if (now().isAfter(state.createdAt.plus(TOKEN_LIFETIME))) {
            throw RestError.invalidWebhookToken();
        }
        return state;
    }

    private StoredMessage webhookMessage(InteractionState state, String messageId) {
        String id = "@original".equals(messageId) ? state.originalMessageId : messageId;
        if (id == null || !(id.equals(state.originalMessageId) || state.followUpIds.contains(id))) {
            throw RestError.unknownMessage();
        }
        StoredMessage message = messages.get(id);
        if (message == null) {
            throw RestError.unknownMessage();
        }
        return message;
    }

    synchronized JsonObject executeWebhook(String appId, String interactionToken, JsonObject body) {
        InteractionState state = webhook(appId, interactionToken);
        validate(body);
        StoredMessage original = state.originalMessageId == null ? null : messages.get(state.originalMessageId);
        if (original != null && original.loading()) {
            // Discord turns the first follow-up after a deferred reply into that reply, keeping its visibility
            return messageJson(edit(original, body));
        }
        int flags = body.has("flags") ? body.get("flags").getAsInt() & StoredMessage.FLAG_EPHEMERAL : 0;
        StoredMessage message = create(state.channelId, 0, body, flags, state.id);
        state.followUpIds.add(message.id());
        notifyAll();
        return messageJson(message);
    }

    synchronized JsonObject getWebhookMessage(String appId, String interactionToken, String messageId) {
        return messageJson(webhookMessage(webhook(appId, interactionToken), messageId));
    }

    synchronized JsonObject editWebhookMessage(String appId, String interactionToken, String messageId, JsonObject body) {
        StoredMessage message = webhookMessage(webhook(appId, interactionToken), messageId);
        validate(body);
        return messageJson(edit(message, body));
    }

    synchronized void deleteWebhookMessage(String appId, String interactionToken, String messageId) {
        StoredMessage message = webhookMessage(webhook(appId, interactionToken), messageId);
        messages.remove(message.id());
        notifyAll();
    }

    // ---- channel messages (bot token) --------------------------------------------------------------------

    private StoredMessage channelMessage(String channelId, String messageId) {
        channel(channelId);
        StoredMessage message = messages.get(messageId);
        // ephemeral messages exist only for their interaction's webhook, never for the channel endpoints
        if (message == null || !message.channelId().equals(channelId) || message.ephemeral()) {
            throw RestError.unknownMessage();
        }
        return message;
    }

    synchronized JsonObject createChannelMessage(String channelId, JsonObject body) {
        channel(channelId);
        validate(body);
        // enforce_nonce: a post with a nonce the bot used in the past few minutes answers with that message.
        String nonce = body.has("nonce") && body.get("nonce").isJsonPrimitive() ? body.get("nonce").getAsString() : null;
        boolean enforce = nonce != null && body.has("enforce_nonce") && body.get("enforce_nonce").getAsBoolean();
        if (enforce) {
            Nonce seen = nonces.get(nonce);
            if (seen != null && Duration.between(seen.at(), now()).compareTo(NONCE_WINDOW) < 0
                    && messages.containsKey(seen.messageId())) {
                return messageJson(messages.get(seen.messageId()));
            }
        }
        int type = body.has("message_reference") ? 19 : 0;
        int flags = body.has("flags") ? body.get("flags").getAsInt() & ~StoredMessage.FLAG_EPHEMERAL : 0;
        StoredMessage created = create(channelId, type, body, flags, null);
        if (enforce) {
            nonces.put(nonce, new Nonce(created.id(), now()));
        }
        return messageJson(created);
    }

    /** How long Discord remembers a nonce for enforce_nonce ("the past few minutes"). */
    private static final Duration NONCE_WINDOW = Duration.ofMinutes(5);

    private record Nonce(String messageId, Instant at) {
    }

    synchronized JsonObject getChannelMessage(String channelId, String messageId) {
        return messageJson(channelMessage(channelId, messageId));
    }

    synchronized JsonArray listChannelMessages(String channelId) {
        channel(channelId);
        List<JsonObject> newestFirst = new ArrayList<>();
        for (StoredMessage message : messages.values()) {
            if (message.channelId().equals(channelId) && !message.ephemeral()) {
                newestFirst.add(0, messageJson(message));
            }
        }
        return DiscordJson.array(newestFirst);
    }

    synchronized JsonObject editChannelMessage(String channelId, String messageId, JsonObject body) {
        StoredMessage message = channelMessage(channelId, messageId);
        validate(body);
        return messageJson(edit(message, body));
    }

    synchronized void deleteChannelMessage(String channelId, String messageId) {
        messages.remove(channelMessage(channelId, messageId).id());
        notifyAll();
    }

    /** Starts a public thread on a message; like Discord, the thread takes the message's id. */
    synchronized JsonObject startThread(String channelId, String messageId, JsonObject body) {
        StoredMessage message = channelMessage(channelId, messageId);
        if (channels.containsKey(message.id())) {
            throw new RestError(400, 160004, "A thread has already been created for this message");
        }
        String name = MessageValidator.string(body, "name");
        if (name == null || name.isEmpty() || name.length() > 100) {
            JsonObject errors = new JsonObject();
            JsonObject nameErrors = new JsonObject();
            JsonArray list = new JsonArray();
            JsonObject error = new JsonObject();
            error.addProperty("code", "BASE_TYPE_BAD_LENGTH");
            error.addProperty("message", "Must be between 1 and 100 in length.");
            list.add(error);
            nameErrors.add("_errors", list);
            errors.add("name", nameErrors);
            throw RestError.invalidFormBody(errors);
        }
        FakeChannel thread = new FakeChannel(message.id(), name, channelId);
        channels.put(thread.id(), thread);
        JsonObject json = DiscordJson.thread(thread, guild.id(), applicationId, now());
        JsonObject event = json.deepCopy();
        event.addProperty("newly_created", true);
        dispatcher.accept("THREAD_CREATE", event);
        notifyAll();
        return json;
    }

    // ---- store -------------------------------------------------------------------------------------------

    private void validate(JsonObject body) {
        JsonObject errors = MessageValidator.validate(body);
        if (errors != null) {
            throw RestError.invalidFormBody(errors);
        }
    }

    private StoredMessage create(String channelId, int type, JsonObject body, int flags, String interactionId) {
        String content = body.has("content") && !body.get("content").isJsonNull() ? body.get("content").getAsString() : "";
        StoredMessage message = new StoredMessage(ids.next(), channelId, type, content, embeds(body, new JsonArray()),
                components(body, new JsonArray()), flags, interactionId, now(), null, 0);
        messages.put(message.id(), message);
        notifyAll();
        return message;
    }

    /** Applies a PATCH: fields present replace, absent ones stay, and a deferred reply stops "thinking". */
    private StoredMessage edit(StoredMessage message, JsonObject body) {
        String content = body.has("content")
                ? (body.get("content").isJsonNull() ? "" : body.get("content").getAsString())
                : message.content();
        int flags = message.flags() & ~StoredMessage.FLAG_LOADING;
        StoredMessage edited = message.edited(content, embeds(body, message.embeds()),
                components(body, message.components()), flags, now());
        messages.put(edited.id(), edited);
        notifyAll();
        return edited;
    }

    private static JsonArray embeds(JsonObject body, JsonArray fallback) {
        if (!body.has("embeds")) {
            return fallback;
        }
        JsonArray out = new JsonArray();
        if (body.get("embeds").isJsonNull()) {
            return out;
        }
        for (JsonElement element : body.getAsJsonArray("embeds")) {
            JsonObject embed = element.getAsJsonObject().deepCopy();
            // JDA drops an embed whose type is missing, and Discord always fills it in
            if (!embed.has("type")) {
                embed.addProperty("type", "rich");
            }
            out.add(embed);
        }
        return out;
    }

    private JsonArray components(JsonObject body, JsonArray fallback) {
        if (!body.has("components")) {
            return fallback;
        }
        JsonArray out = body.get("components").isJsonNull() ? new JsonArray() : body.getAsJsonArray("components").deepCopy();
        numberComponents(out);
        return out;
    }

    // Discord gives every component a numeric id when the sender did not
    private void numberComponents(JsonArray array) {
        for (JsonElement element : array) {
            JsonObject component = element.getAsJsonObject();
            if (!component.has("id")) {
                component.addProperty("id", ++nextComponentId);
            }
            if (component.has("components")) {
                numberComponents(component.getAsJsonArray("components"));
            }
        }
    }

    private JsonObject messageJson(StoredMessage message) {
        return DiscordJson.message(message, guild.id(), botUser(), applicationId);
    }

    synchronized Optional<StoredMessage> message(String id) {
        return Optional.ofNullable(messages.get(id));
    }

    synchronized List<StoredMessage> messagesIn(String channelId) {
        return messages.values().stream().filter(m -> m.channelId().equals(channelId) && !m.ephemeral()).toList();
    }

    synchronized List<StoredMessage> ephemeralReplies(String interactionId) {
        return messages.values().stream().filter(m -> interactionId.equals(m.interactionId()) && m.ephemeral()).toList();
    }

    synchronized List<StoredMessage> followUps(String interactionId) {
        InteractionState state = interactions.get(interactionId);
        return state == null ? List.of() : state.followUpIds.stream().map(messages::get).filter(m -> m != null).toList();
    }

    synchronized Optional<StoredMessage> original(String interactionId) {
        InteractionState state = interactions.get(interactionId);
        return state == null || state.originalMessageId == null
                ? Optional.empty() : Optional.ofNullable(messages.get(state.originalMessageId));
    }

    /** Waits until {@code probe} finds something, re-checking after each change to the state. */
    synchronized <T> T await(Supplier<Optional<T>> probe, Duration timeout, String what) throws TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<T> found = probe.get();
            if (found.isPresent()) {
                return found.get();
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException("timed out after " + timeout + " waiting for " + what);
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TimeoutException("interrupted waiting for " + what);
            }
        }
    }
}
