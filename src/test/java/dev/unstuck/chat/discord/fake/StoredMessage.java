package dev.unstuck.chat.discord.fake;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One message as the fake holds it after all edits. Immutable: every edit stores a new instance, so a test that
 * kept an old one still sees what the message looked like then.
 *
 * @param interactionId the interaction whose token created it, or null for a bot-token post
 * @param editCount     how many PATCHes it has seen, whichever route they came through
 */
public record StoredMessage(String id, String channelId, int type, String content, JsonArray embeds,
                            JsonArray components, int flags, String interactionId, Instant timestamp,
                            Instant editedTimestamp, int editCount) {
    public static final int FLAG_EPHEMERAL = 64;
    public static final int FLAG_LOADING = 128;

    public StoredMessage {
        embeds = embeds.deepCopy();
        components = components.deepCopy();
    }

    public boolean ephemeral() {
        return (flags & FLAG_EPHEMERAL) != 0;
    }

    /** Still the "is thinking…" placeholder of a deferred reply. */
    public boolean loading() {
        return (flags & FLAG_LOADING) != 0;
    }

    public List<JsonObject> embedList() {
        List<JsonObject> out = new ArrayList<>();
        embeds.forEach(e -> out.add(e.getAsJsonObject().deepCopy()));
        return out;
    }

    /** Titles of the embeds, in order; null for an embed without one. */
    public List<String> embedTitles() {
        List<String> out = new ArrayList<>();
        for (JsonElement e : embeds) {
            JsonElement title = e.getAsJsonObject().get("title");
            out.add(title == null || title.isJsonNull() ? null : title.getAsString());
        }
        return out;
    }

    /** Every custom id found in the components, depth first, which is the order a person reads the buttons. */
    public List<String> customIds() {
        List<String> out = new ArrayList<>();
        collectCustomIds(components, out, false);
        return out;
    }

    /** The custom ids of the buttons a person can still click (not disabled). */
    public List<String> enabledCustomIds() {
        List<String> out = new ArrayList<>();
        collectCustomIds(components, out, true);
        return out;
    }

    private static void collectCustomIds(JsonArray array, List<String> out, boolean enabledOnly) {
        for (JsonElement e : array) {
            JsonObject component = e.getAsJsonObject();
            boolean disabled = component.has("disabled") && component.get("disabled").getAsBoolean();
            if (component.has("custom_id") && !(enabledOnly && disabled)) {
                out.add(component.get("custom_id").getAsString());
            }
            if (component.has("components")) {
                collectCustomIds(component.getAsJsonArray("components"), out, enabledOnly);
            }
        }
    }

    StoredMessage edited(String newContent, JsonArray newEmbeds, JsonArray newComponents, int newFlags, Instant at) {
        return new StoredMessage(id, channelId, type, newContent, newEmbeds, newComponents, newFlags, interactionId,
                timestamp, at, editCount + 1);
    }
}
