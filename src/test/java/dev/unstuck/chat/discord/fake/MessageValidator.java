package dev.unstuck.chat.discord.fake;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * Discord's limits on a message body. The fake enforces them so that the product cannot ship a message that only
 * a fake would accept; the error shape is Discord's 50035 "Invalid Form Body", nested by the offending path.
 */
final class MessageValidator {
    static final int MAX_CONTENT = 2000;
    static final int MAX_EMBEDS = 10;
    static final int MAX_FIELDS = 25;
    static final int MAX_TITLE = 256;
    static final int MAX_DESCRIPTION = 4096;
    static final int MAX_FIELD_NAME = 256;
    static final int MAX_FIELD_VALUE = 1024;
    static final int MAX_FOOTER = 2048;
    static final int MAX_AUTHOR = 256;
    static final int MAX_EMBED_TOTAL = 6000;
    static final int MAX_ROWS = 5;
    static final int MAX_ROW_COMPONENTS = 5;
    static final int MAX_CUSTOM_ID = 100;
    static final int MAX_BUTTON_LABEL = 80;

    private MessageValidator() {
    }

    /** Returns the {@code errors} object of a 50035 answer, or null when Discord would accept the body. */
    static JsonObject validate(JsonObject body) {
        JsonObject errors = new JsonObject();
        String content = string(body, "content");
        if (content != null && content.length() > MAX_CONTENT) {
            tooLong(errors, MAX_CONTENT, "content");
        }
        JsonArray embeds = array(body, "embeds");
        if (embeds != null) {
            if (embeds.size() > MAX_EMBEDS) {
                tooLong(errors, MAX_EMBEDS, "embeds");
            }
            int total = 0;
            for (int i = 0; i < embeds.size(); i++) {
                total += validateEmbed(errors, embeds.get(i).getAsJsonObject(), i);
            }
            if (total > MAX_EMBED_TOTAL) {
                add(errors, "BASE_TYPE_MAX_LENGTH", "Embed size exceeds maximum size of " + MAX_EMBED_TOTAL, "embeds");
            }
        }
        JsonArray rows = array(body, "components");
        if (rows != null) {
            if (rows.size() > MAX_ROWS) {
                tooLong(errors, MAX_ROWS, "components");
            }
            for (int r = 0; r < rows.size(); r++) {
                validateRow(errors, rows.get(r).getAsJsonObject(), r);
            }
        }
        return errors.size() == 0 ? null : errors;
    }

    private static int validateEmbed(JsonObject errors, JsonObject embed, int index) {
        String e = Integer.toString(index);
        int size = 0;
        size += limit(errors, string(embed, "title"), MAX_TITLE, "embeds", e, "title");
        size += limit(errors, string(embed, "description"), MAX_DESCRIPTION, "embeds", e, "description");
        JsonObject footer = object(embed, "footer");
        if (footer != null) {
            size += limit(errors, string(footer, "text"), MAX_FOOTER, "embeds", e, "footer", "text");
        }
        JsonObject author = object(embed, "author");
        if (author != null) {
            size += limit(errors, string(author, "name"), MAX_AUTHOR, "embeds", e, "author", "name");
        }
        JsonArray fields = array(embed, "fields");
        if (fields != null) {
            if (fields.size() > MAX_FIELDS) {
                tooLong(errors, MAX_FIELDS, "embeds", e, "fields");
            }
            for (int f = 0; f < fields.size(); f++) {
                JsonObject field = fields.get(f).getAsJsonObject();
                String fi = Integer.toString(f);
                String name = string(field, "name");
                String value = string(field, "value");
                if (name == null || name.isEmpty()) {
                    add(errors, "BASE_TYPE_REQUIRED", "This field is required", "embeds", e, "fields", fi, "name");
                }
                if (value == null || value.isEmpty()) {
                    add(errors, "BASE_TYPE_REQUIRED", "This field is required", "embeds", e, "fields", fi, "value");
                }
                size += limit(errors, name, MAX_FIELD_NAME, "embeds", e, "fields", fi, "name");
                size += limit(errors, value, MAX_FIELD_VALUE, "embeds", e, "fields", fi, "value");
            }
        }
        return size;
    }

    private static void validateRow(JsonObject errors, JsonObject row, int index) {
        String r = Integer.toString(index);
        JsonArray children = array(row, "components");
        if (children == null) {
            return;
        }
        if (children.size() > MAX_ROW_COMPONENTS) {
            tooLong(errors, MAX_ROW_COMPONENTS, "components", r, "components");
        }
        for (int c = 0; c < children.size(); c++) {
            JsonObject child = children.get(c).getAsJsonObject();
            String ci = Integer.toString(c);
            limit(errors, string(child, "custom_id"), MAX_CUSTOM_ID, "components", r, "components", ci, "custom_id");
            limit(errors, string(child, "label"), MAX_BUTTON_LABEL, "components", r, "components", ci, "label");
        }
    }

    private static int limit(JsonObject errors, String text, int max, String... path) {
        if (text == null) {
            return 0;
        }
        if (text.length() > max) {
            tooLong(errors, max, path);
        }
        return text.length();
    }

    private static void tooLong(JsonObject errors, int max, String... path) {
        add(errors, "BASE_TYPE_MAX_LENGTH", "Must be " + max + " or fewer in length.", path);
    }

    private static void add(JsonObject errors, String code, String message, String... path) {
        JsonObject node = errors;
        for (String key : path) {
            if (!node.has(key)) {
                node.add(key, new JsonObject());
            }
            node = node.getAsJsonObject(key);
        }
        if (!node.has("_errors")) {
            node.add("_errors", new JsonArray());
        }
        JsonObject error = new JsonObject();
        error.addProperty("code", code);
        error.addProperty("message", message);
        node.getAsJsonArray("_errors").add(error);
    }

    static String string(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }

    static JsonArray array(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || !e.isJsonArray() ? null : e.getAsJsonArray();
    }

    static JsonObject object(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || !e.isJsonObject() ? null : e.getAsJsonObject();
    }
}
