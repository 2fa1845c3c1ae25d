package dev.unstuck.chat.discord.fake;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;

import java.time.Instant;
import java.util.Collection;

/**
 * Entity JSON in the shape JDA 6 parses. Fields that look optional are present anyway when JDA reads them
 * without a default: a missing one makes JDA log a WARN and drop the whole event rather than fail loudly.
 */
final class DiscordJson {
    /** Every permission bit Discord defined; the fake does not model permissions, so the bot may do anything. */
    static final String ALL_PERMISSIONS = "2251799813685247";
    static final String GUILD_TEXT = "0";

    private DiscordJson() {
    }

    static JsonObject user(String id, String username, boolean bot) {
        JsonObject user = new JsonObject();
        user.addProperty("id", id);
        user.addProperty("username", username);
        user.addProperty("global_name", username);
        user.addProperty("discriminator", "0");
        user.add("avatar", JsonNull.INSTANCE);
        user.addProperty("bot", bot);
        user.addProperty("public_flags", 0);
        return user;
    }

    static JsonObject member(JsonObject user, Collection<String> roleIds, Instant joinedAt) {
        JsonObject member = new JsonObject();
        member.add("user", user);
        JsonArray roles = new JsonArray();
        roleIds.forEach(roles::add);
        member.add("roles", roles);
        member.addProperty("joined_at", joinedAt.toString());
        member.add("nick", JsonNull.INSTANCE);
        member.addProperty("deaf", false);
        member.addProperty("mute", false);
        member.addProperty("pending", false);
        member.addProperty("flags", 0);
        return member;
    }

    static JsonObject role(String id, String name, int position, String permissions) {
        JsonObject role = new JsonObject();
        role.addProperty("id", id);
        role.addProperty("name", name);
        role.addProperty("position", position);
        role.addProperty("permissions", permissions);
        role.addProperty("color", 0);
        JsonObject colors = new JsonObject();
        colors.addProperty("primary_color", 0);
        colors.add("secondary_color", JsonNull.INSTANCE);
        colors.add("tertiary_color", JsonNull.INSTANCE);
        role.add("colors", colors);
        role.addProperty("hoist", false);
        role.addProperty("managed", false);
        role.addProperty("mentionable", true);
        role.addProperty("flags", 0);
        return role;
    }

    static JsonObject textChannel(FakeChannel channel, String guildId, int position) {
        JsonObject json = new JsonObject();
        json.addProperty("id", channel.id());
        json.addProperty("type", 0);
        json.addProperty("name", channel.name());
        json.addProperty("position", position);
        json.addProperty("guild_id", guildId);
        json.add("parent_id", JsonNull.INSTANCE);
        json.add("topic", JsonNull.INSTANCE);
        json.addProperty("nsfw", false);
        json.addProperty("rate_limit_per_user", 0);
        json.add("permission_overwrites", new JsonArray());
        json.add("last_message_id", JsonNull.INSTANCE);
        json.addProperty("flags", 0);
        return json;
    }

    /** A public thread (type 11) as Discord answers "start thread from message" and announces it in THREAD_CREATE. */
    static JsonObject thread(FakeChannel thread, String guildId, String ownerId, Instant createdAt) {
        JsonObject json = new JsonObject();
        json.addProperty("id", thread.id());
        json.addProperty("type", 11);
        json.addProperty("name", thread.name());
        json.addProperty("guild_id", guildId);
        json.addProperty("parent_id", thread.parentId());
        json.addProperty("owner_id", ownerId);
        json.add("last_message_id", JsonNull.INSTANCE);
        json.addProperty("rate_limit_per_user", 0);
        json.addProperty("message_count", 0);
        json.addProperty("member_count", 1);
        json.addProperty("total_message_sent", 0);
        json.addProperty("flags", 0);
        json.add("applied_tags", new JsonArray());
        JsonObject metadata = new JsonObject();
        metadata.addProperty("archived", false);
        metadata.addProperty("auto_archive_duration", 1440);
        metadata.addProperty("archive_timestamp", createdAt.toString());
        metadata.addProperty("locked", false);
        metadata.addProperty("create_timestamp", createdAt.toString());
        json.add("thread_metadata", metadata);
        return json;
    }

    static JsonObject message(StoredMessage message, String guildId, JsonObject author, String applicationId) {
        JsonObject json = new JsonObject();
        json.addProperty("id", message.id());
        json.addProperty("type", message.type());
        json.addProperty("channel_id", message.channelId());
        if (!message.ephemeral()) {
            json.addProperty("guild_id", guildId);
        }
        json.add("author", author);
        json.addProperty("content", message.content());
        json.addProperty("timestamp", message.timestamp().toString());
        if (message.editedTimestamp() == null) {
            json.add("edited_timestamp", JsonNull.INSTANCE);
        } else {
            json.addProperty("edited_timestamp", message.editedTimestamp().toString());
        }
        json.addProperty("tts", false);
        json.addProperty("mention_everyone", false);
        json.add("mentions", new JsonArray());
        json.add("mention_roles", new JsonArray());
        json.add("attachments", new JsonArray());
        json.add("embeds", message.embeds());
        json.add("components", message.components());
        json.addProperty("pinned", false);
        json.addProperty("flags", message.flags());
        if (message.interactionId() != null) {
            json.addProperty("webhook_id", applicationId);
            json.addProperty("application_id", applicationId);
        }
        return json;
    }

    static JsonArray array(Collection<JsonObject> items) {
        JsonArray array = new JsonArray();
        items.forEach(array::add);
        return array;
    }
}
