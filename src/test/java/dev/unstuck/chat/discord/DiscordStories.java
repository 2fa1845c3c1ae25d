package dev.unstuck.chat.discord;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.unstuck.chat.discord.fake.Callback;
import dev.unstuck.chat.discord.fake.FakeDiscord;
import dev.unstuck.chat.discord.fake.InteractionResult;
import dev.unstuck.chat.discord.fake.StoredMessage;
import dev.unstuck.workflow.RemediationIds;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** What people do in the fake guild and how a test reads the answers: shared by the Discord test classes. */
final class DiscordStories {
    static final Duration WAIT = Duration.ofSeconds(30);
    /** How the buttons' ids start: Approve, Reject, Details. */
    static final String APPROVE = "a.";
    static final String REJECT = "r.";
    static final String DETAILS = "d.";

    private final FakeDiscord fake;

    DiscordStories(FakeDiscord fake) {
        this.fake = fake;
    }

    /** Runs /ns-stuck in #oncall and waits for the live message to offer Approve. */
    StoredMessage askAndAwaitButtons(String user, String namespace, String cluster) throws TimeoutException {
        InteractionResult r = stuck(user, "oncall", namespace, cluster);
        return r.awaitOriginal(WAIT, hasButton(APPROVE));
    }

    InteractionResult stuck(String user, String channel, String namespace, String cluster) {
        Map<String, Object> options = new LinkedHashMap<>();
        if (namespace != null) {
            options.put(DiscordCommands.NAMESPACE, namespace);
        }
        if (cluster != null) {
            options.put(DiscordCommands.CLUSTER, cluster);
        }
        return fake.sendSlashCommand(user, channel, DiscordCommands.STUCK, options);
    }

    /** Clicks the button whose id starts with {@code prefix} (APPROVE, REJECT, DETAILS) and returns the answer. */
    String click(String user, StoredMessage seen, String prefix) throws TimeoutException {
        InteractionResult r = fake.sendButtonClickAsSeen(user, seen, button(seen, prefix));
        return ephemeralText(r);
    }

    /**
     * Clicks the button whose id starts with {@code prefix} and returns the one line the clicker reads, whether it
     * was answered at once (refused before any remediation) or after a deferral (judged by one).
     */
    String clickAndRead(String user, StoredMessage seen, String prefix) {
        return answer(fake.sendButtonClickAsSeen(user, seen, button(seen, prefix)));
    }

    /** The clicker's answer: the immediate ephemeral reply, or the deferred one once it is edited in. */
    static String answer(InteractionResult r) {
        try {
            Callback callback = r.awaitCallback(WAIT);
            assertThat(callback.ephemeral()).as("answered to the clicker only").isTrue();
            return callback.type() == Callback.REPLY ? callback.data().get("content").getAsString() : ephemeralText(r);
        } catch (TimeoutException e) {
            throw new AssertionError("no answer to interaction " + r.interactionId(), e);
        }
    }

    static String ephemeralText(InteractionResult r) throws TimeoutException {
        return r.awaitEphemeralReplies(WAIT, 1).stream().map(DiscordStories::text).collect(Collectors.joining("\n"));
    }

    /** Long answers come as several ephemeral messages: waits for more until all of {@code expected} are there. */
    static String ephemeralText(InteractionResult r, String... expected) throws TimeoutException {
        int count = 1;
        while (true) {
            List<StoredMessage> replies = r.awaitEphemeralReplies(WAIT, count);
            String text = replies.stream().map(DiscordStories::text).collect(Collectors.joining("\n"));
            if (java.util.Arrays.stream(expected).allMatch(text::contains)) {
                return text;
            }
            count = replies.size() + 1;
        }
    }

    StoredMessage await(StoredMessage m, Predicate<StoredMessage> condition) throws TimeoutException {
        return fake.awaitMessageById(m.id(), WAIT, condition);
    }

    static String button(StoredMessage m, String prefix) {
        return m.customIds().stream().filter(id -> id.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + prefix + " button on " + m.customIds()));
    }

    /** The workflow a live message shows, read from its Details button. */
    static String workflowId(StoredMessage m) {
        return RemediationIds.parseButton(button(m, DETAILS)).orElseThrow().workflowId();
    }

    static Predicate<StoredMessage> hasButton(String prefix) {
        return m -> !m.loading() && m.enabledCustomIds().stream().anyMatch(id -> id.startsWith(prefix));
    }

    static Predicate<StoredMessage> titleContains(String text) {
        return m -> m.embedTitles().stream().anyMatch(t -> t != null && t.contains(text));
    }

    /** Content and every embed's title, description, fields and footer, as one text. */
    static String text(StoredMessage m) {
        StringBuilder sb = new StringBuilder(m.content());
        for (JsonObject e : m.embedList()) {
            append(sb, e.get("title"));
            append(sb, e.get("description"));
            if (e.has("fields")) {
                for (JsonElement f : e.getAsJsonArray("fields")) {
                    append(sb, f.getAsJsonObject().get("name"));
                    append(sb, f.getAsJsonObject().get("value"));
                }
            }
            if (e.has("footer")) {
                append(sb, e.getAsJsonObject("footer").get("text"));
            }
        }
        return sb.toString();
    }

    static List<String> fieldNames(StoredMessage m) {
        return m.embedList().stream().filter(e -> e.has("fields"))
                .flatMap(e -> e.getAsJsonArray("fields").asList().stream())
                .map(f -> f.getAsJsonObject().get("name").getAsString()).toList();
    }

    private static void append(StringBuilder sb, JsonElement e) {
        if (e != null && !e.isJsonNull()) {
            sb.append('\n').append(e.getAsString());
        }
    }

    static void assertOneLineEphemeral(InteractionResult r, String expected) throws TimeoutException {
        var callback = r.awaitCallback(WAIT);
        assertThat(callback.ephemeral()).as("ephemeral").isTrue();
        String content = callback.data().get("content").getAsString();
        assertThat(content).contains(expected).doesNotContain("\n");
    }
}
