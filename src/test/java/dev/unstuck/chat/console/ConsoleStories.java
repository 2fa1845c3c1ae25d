package dev.unstuck.chat.console;

import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;

/** Reading conversations and timelines the way a person reads them in the console. */
public final class ConsoleStories {
    private ConsoleStories() {
    }

    /** Waits for the live message to offer the button and returns its id. */
    public static String awaitButton(ConsoleHttp api, String conversation, String label) {
        AtomicReference<String> id = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (JsonNode m : api.conversation(conversation).body().path("messages")) {
                for (JsonNode b : m.path("buttons")) {
                    if (b.path("label").asString().equals(label) && !b.path("disabled").asBoolean()) {
                        id.set(b.path("id").asString());
                        return true;
                    }
                }
            }
            return false;
        });
        return id.get();
    }

    /** The message with buttons: the live one. */
    static JsonNode liveMessage(ConsoleHttp api, String conversation) {
        for (JsonNode m : api.conversation(conversation).body().path("messages")) {
            if (!m.path("buttons").isEmpty()) {
                return m;
            }
        }
        throw new AssertionError("no live message in " + conversation);
    }

    static List<String> titles(ConsoleHttp api, String conversation) {
        return texts(api.conversation(conversation).body().path("messages"), "title");
    }

    static List<String> fieldNames(JsonNode message) {
        return texts(message.path("fields"), "name");
    }

    static List<String> buttonLabels(JsonNode message) {
        return texts(message.path("buttons"), "label");
    }

    /** The labels of the buttons that can still be clicked. */
    static List<String> enabledButtonLabels(JsonNode message) {
        List<String> out = new ArrayList<>();
        message.path("buttons").forEach(b -> {
            if (!b.path("disabled").asBoolean()) {
                out.add(b.path("label").asString());
            }
        });
        return out;
    }

    static List<String> texts(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.path(field).asString()));
        return out;
    }

    /** Each line starting with the next prefix appears after the previous one. */
    static void assertInOrder(List<String> lines, String... prefixes) {
        int at = 0;
        for (String prefix : prefixes) {
            while (at < lines.size() && !lines.get(at).startsWith(prefix)) {
                at++;
            }
            if (at == lines.size()) {
                throw new AssertionError("no line starting with '" + prefix + "' in order in\n"
                        + String.join("\n", lines));
            }
            at++;
        }
    }

    /** "kind actor: summary" per event, as the history page shows them. */
    static List<String> timeline(ConsoleHttp api, String workflowId) {
        List<String> out = new ArrayList<>();
        api.history(workflowId).body().path("events").forEach(e -> out.add(e.path("kind").asString() + " "
                + e.path("actor").asString() + ": " + e.path("summary").asString()));
        return out;
    }
}
