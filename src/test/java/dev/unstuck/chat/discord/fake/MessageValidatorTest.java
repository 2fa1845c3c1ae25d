package dev.unstuck.chat.discord.fake;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Each of Discord's message limits, at the limit (accepted) and one past it (refused at the right path). */
class MessageValidatorTest {

    private static JsonObject embed(String key, String value) {
        JsonObject embed = new JsonObject();
        embed.addProperty(key, value);
        return embed;
    }

    private static JsonObject body(String key, JsonArray array) {
        JsonObject body = new JsonObject();
        body.add(key, array);
        return body;
    }

    private static JsonArray of(JsonObject... items) {
        JsonArray array = new JsonArray();
        for (JsonObject item : items) {
            array.add(item);
        }
        return array;
    }

    private static String errorsOf(JsonObject body) {
        JsonObject errors = MessageValidator.validate(body);
        return errors == null ? null : errors.toString();
    }

    @Test
    void contentUpTo2000Characters() {
        JsonObject ok = new JsonObject();
        ok.addProperty("content", "x".repeat(2000));
        JsonObject tooLong = new JsonObject();
        tooLong.addProperty("content", "x".repeat(2001));
        assertThat(errorsOf(ok)).isNull();
        assertThat(errorsOf(tooLong)).contains("\"content\":{\"_errors\"");
    }

    @Test
    void titleDescriptionAndFieldLengths() {
        assertThat(errorsOf(body("embeds", of(embed("title", "t".repeat(256)))))).isNull();
        assertThat(errorsOf(body("embeds", of(embed("title", "t".repeat(257)))))).contains("\"title\"");
        assertThat(errorsOf(body("embeds", of(embed("description", "d".repeat(4096)))))).isNull();
        assertThat(errorsOf(body("embeds", of(embed("description", "d".repeat(4097)))))).contains("\"description\"");

        JsonObject field = new JsonObject();
        field.addProperty("name", "n".repeat(257));
        field.addProperty("value", "v".repeat(1025));
        JsonObject withField = new JsonObject();
        withField.add("fields", of(field));
        String errors = errorsOf(body("embeds", of(withField)));
        assertThat(errors).contains("\"fields\":{\"0\":{\"name\"").contains("\"value\":{\"_errors\"");
    }

    @Test
    void atMost25FieldsTenEmbedsAnd6000CharactersInAll() {
        JsonArray fields = new JsonArray();
        for (int i = 0; i < 26; i++) {
            JsonObject field = new JsonObject();
            field.addProperty("name", "f" + i);
            field.addProperty("value", "v");
            fields.add(field);
        }
        JsonObject many = new JsonObject();
        many.add("fields", fields);
        assertThat(errorsOf(body("embeds", of(many)))).contains("\"embeds\":{\"0\":{\"fields\":{\"_errors\"");

        JsonArray eleven = new JsonArray();
        for (int i = 0; i < 11; i++) {
            eleven.add(embed("title", "e" + i));
        }
        assertThat(errorsOf(body("embeds", eleven))).startsWith("{\"embeds\":{\"_errors\"");

        JsonArray heavy = of(embed("description", "d".repeat(4000)), embed("description", "d".repeat(2001)));
        assertThat(errorsOf(body("embeds", heavy))).contains("Embed size exceeds maximum size of 6000");
    }

    @Test
    void atMostFiveRowsOfFiveComponentsWithShortCustomIds() {
        JsonArray rows = new JsonArray();
        for (int r = 0; r < 5; r++) {
            JsonArray buttons = new JsonArray();
            for (int b = 0; b < 5; b++) {
                JsonObject button = new JsonObject();
                button.addProperty("type", 2);
                button.addProperty("custom_id", "c".repeat(100));
                buttons.add(button);
            }
            JsonObject row = new JsonObject();
            row.addProperty("type", 1);
            row.add("components", buttons);
            rows.add(row);
        }
        assertThat(errorsOf(body("components", rows))).isNull();

        rows.get(0).getAsJsonObject().getAsJsonArray("components").get(0).getAsJsonObject()
                .addProperty("custom_id", "c".repeat(101));
        rows.get(1).getAsJsonObject().getAsJsonArray("components").add(new JsonObject());
        rows.add(rows.get(4).deepCopy());
        String errors = errorsOf(body("components", rows));
        assertThat(errors).contains("\"components\":{\"_errors\"")
                .contains("\"0\":{\"components\":{\"0\":{\"custom_id\"")
                .contains("\"1\":{\"components\":{\"_errors\"");
    }
}
