package dev.unstuck.chat.discord;

import dev.unstuck.chat.ButtonStyle;
import dev.unstuck.chat.ChatBinding;
import dev.unstuck.chat.ChatButton;
import dev.unstuck.chat.ChatField;
import dev.unstuck.chat.ChatMessage;
import dev.unstuck.chat.Conversation;
import dev.unstuck.chat.discord.fake.FakeDiscord;
import dev.unstuck.chat.discord.fake.JdaLogWatch;
import dev.unstuck.chat.discord.fake.StoredMessage;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.channel.concrete.TextChannel;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.utils.Compression;
import net.dv8tion.jda.api.utils.ConcurrentSessionController;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Discord chat port on its own against the fake: Discord's size limits and a Discord outage. */
class DiscordChatPortTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private JdaLogWatch jdaLog;
    private FakeDiscord fake;
    private JDA jda;
    private DiscordChatPort port;
    private TextChannel oncall;

    @BeforeEach
    void connect() throws Exception {
        jdaLog = JdaLogWatch.install();
        fake = FakeDiscord.start(DiscordWorld.guild());
        String gateway = fake.gatewayUrl();
        jda = JDABuilder.createLight(fake.token(), EnumSet.noneOf(GatewayIntent.class))
                .setRestConfig(new RestConfig().setBaseUrl(fake.restBaseUrl()))
                .setSessionController(new ConcurrentSessionController() {
                    @Override
                    public String getGateway() {
                        return gateway;
                    }
                })
                .setCompression(Compression.NONE).build();
        jda.awaitReady();
        DiscordSession session = new DiscordSession();
        session.connected(jda);
        port = new DiscordChatPort(session, Duration.ofSeconds(2), Duration.ofMillis(200));
        oncall = jda.getTextChannelById(fake.guild().channelNamed("oncall").orElseThrow().id());
    }

    @AfterEach
    void close() throws Exception {
        port.close();
        jda.shutdown();
        if (!jda.awaitShutdown(WAIT)) {
            jda.shutdownNow();
        }
        fake.close();
        jdaLog.uninstall();
        assertThat(jdaLog.lines()).as("JDA warnings and errors").isEmpty();
    }

    private Conversation liveMessage() {
        Message placeholder = oncall.sendMessage("Diagnosing...").complete();
        return DiscordChatPort.conversation(fake.guild().id(), oncall.getId(), placeholder.getId());
    }

    @Test
    void evidenceTooLargeForOneMessageGoesWholeToAThread() throws Exception {
        Conversation c = liveMessage();
        List<ChatField> fields = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String evidence = ("pod-" + i + " evidence line\n").repeat(i % 3 == 0 ? 200 : 5);
            fields.add(new ChatField("Cause " + i, evidence));
        }
        List<ChatButton> buttons = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            buttons.add(new ChatButton("details|b" + i, "B" + i, ButtonStyle.SECONDARY, i == 6));
        }
        ChatMessage huge = new ChatMessage("Namespace dev on prod: awaiting approval", "stuck", List.of(), fields,
                buttons, "unstuck/prod/dev");

        port.showLive(c, "unstuck/prod/dev", huge);

        StoredMessage live = fake.message(c.attribute("messageId")).orElseThrow();
        assertThat(DiscordStories.fieldNames(live)).hasSizeLessThanOrEqualTo(25).contains("More");
        assertThat(live.components()).hasSize(2);
        assertThat(DiscordStories.text(live)).contains(DiscordRenderer.MORE_NOTE);
        String thread = fake.messages("Evidence").stream().map(StoredMessage::content)
                .collect(Collectors.joining("\n"));
        for (ChatField f : fields) {
            boolean shownWhole = DiscordStories.text(live).contains(f.value().strip());
            assertThat(shownWhole || squeeze(thread).contains(squeeze(f.value())))
                    .as("%s shown whole in the message or the thread", f.name()).isTrue();
        }

        int threadMessages = fake.messages("Evidence").size();
        port.showLive(c, "unstuck/prod/dev", huge);
        assertThat(fake.messages("Evidence")).as("evidence posted once").hasSize(threadMessages);
    }

    @Test
    void anotherProcessGivenTheRecordedBinding_postsNewEvidenceInTheSameThread_andNothingTwice() throws Exception {
        Conversation c = liveMessage();
        ChatMessage first = withEvidence(List.of(new ChatField("Pods", "pod line\n".repeat(900))));
        ChatBinding recorded = port.showLive(ChatBinding.of(c), "unstuck/prod/dev", first);
        assertThat(recorded.conversation().attribute(DiscordChatPort.THREAD_ID)).isEqualTo(c.attribute("messageId"));
        int piecesBefore = fake.messages("Evidence").size();

        DiscordChatPort restarted = new DiscordChatPort(session(), Duration.ofSeconds(2), Duration.ofMillis(200));
        try {
            ChatMessage more = withEvidence(List.of(new ChatField("Pods", "pod line\n".repeat(900)),
                    new ChatField("Events", "event line\n".repeat(900))));
            ChatBinding after = restarted.showLive(recorded, "unstuck/prod/dev", more);

            assertThat(fake.messages("Evidence")).as("only the new piece").hasSizeGreaterThan(piecesBefore);
            String thread = fake.messages("Evidence").stream().map(StoredMessage::content)
                    .collect(Collectors.joining("\n"));
            assertThat(thread.split("\\*\\*Pods\\*\\*", -1)).as("the pods evidence once").hasSize(2);
            assertThat(thread).contains("**Events**");
            assertThat(after.posted()).containsAll(recorded.posted()).hasSize(recorded.posted().size() + 1);
        } finally {
            restarted.close();
        }
    }

    @Test
    void aSummaryPostedAgainAfterACrashBeforeItWasRecorded_isTheSameMessage_andOnceRecordedNotSentAtAll() {
        Conversation c = liveMessage();
        ChatMessage summary = ChatMessage.text("Namespace dev on prod: done", "namespace dev is gone");
        ChatBinding posted = port.post(ChatBinding.of(c), "unstuck/prod/dev/summary", summary);

        DiscordChatPort restarted = new DiscordChatPort(session(), Duration.ofSeconds(2), Duration.ofMillis(200));
        try {
            restarted.post(ChatBinding.of(c), "unstuck/prod/dev/summary", summary);
            int requests = fake.requests().size();
            ChatBinding again = restarted.post(posted, "unstuck/prod/dev/summary", summary);

            assertThat(fake.requests()).as("a recorded post sends nothing").hasSize(requests);
            assertThat(again.posted()).containsExactly("unstuck/prod/dev/summary");
        } finally {
            restarted.close();
        }
        assertThat(fake.messages("oncall")).filteredOn(m -> m.embedTitles().contains("Namespace dev on prod: done"))
                .hasSize(1);
        assertThat(fake.noncesHonoured()).isEqualTo(1);
    }

    private DiscordSession session() {
        DiscordSession s = new DiscordSession();
        s.connected(jda);
        return s;
    }

    private static ChatMessage withEvidence(List<ChatField> fields) {
        return new ChatMessage("Namespace dev on prod: awaiting approval", "stuck", List.of(), fields, List.of(),
                "unstuck/prod/dev");
    }

    private static String squeeze(String s) {
        return s.replaceAll("\\s+", "");
    }

    @Test
    void anOutageFailsTheCallWithinItsBound_andTheLatestStateIsShownWhenDiscordIsBack() throws Exception {
        Conversation c = liveMessage();
        fake.failNextRequests(8, 503);

        long started = System.nanoTime();
        assertThatThrownBy(() -> port.showLive(c, "k", ChatMessage.text("Namespace dev: repairing", "step 1")))
                .hasMessageContaining("will retry");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThatThrownBy(() -> port.showLive(c, "k", ChatMessage.text("Namespace dev: done", "gone")))
                .hasMessageContaining("will retry");

        StoredMessage shown = fake.awaitMessageById(c.attribute("messageId"), WAIT,
                m -> DiscordStories.titleContains("Namespace dev: done").test(m));
        assertThat(shown.embedTitles()).containsExactly("Namespace dev: done");
    }
}
