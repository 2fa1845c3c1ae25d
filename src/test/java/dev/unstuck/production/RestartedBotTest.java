package dev.unstuck.production;

import dev.unstuck.chat.ChatBinding;
import dev.unstuck.chat.console.ConsoleHttp;
import dev.unstuck.chat.discord.fake.Callback;
import dev.unstuck.chat.discord.fake.FakeDiscord;
import dev.unstuck.chat.discord.fake.InteractionResult;
import dev.unstuck.chat.discord.fake.StoredMessage;
import dev.unstuck.workflow.ChildJvm;
import dev.unstuck.workflow.RemediationIds;
import dev.unstuck.workflow.RemediationPhase;
import dev.unstuck.workflow.RemediationSummary;
import dev.unstuck.workflow.RemediationWorkflow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Chat survives a restart (issue 12.4): the bot, against a standalone Temporal, is stopped while the remediation
 * waits for approval and a new bot process is started. The new one restores olga's console conversation from what
 * the remediation recorded, answers bob's Approve click on the Discord message the first process drew, keeps
 * editing that message and posts the summary exactly once in each conversation.
 */
class RestartedBotTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TOKEN = "a6f1c0d29e8b47a3b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0";
    private static final String WORKFLOW = RemediationIds.workflowId(ProductionRig.CLUSTER, "dev");

    @TempDir
    Path dir;
    private ProductionRig rig;

    @BeforeEach
    void deploy() throws Exception {
        rig = new ProductionRig(dir).start();
    }

    @AfterEach
    void undeploy() throws Exception {
        if (rig != null) {
            rig.close();
        }
    }

    private ChildJvm bot(String name, int consolePort) throws Exception {
        ChildJvm bot = rig.startReplica(name, "--unstuck.console.enabled=true", "--unstuck.console.auth=bearer",
                "--unstuck.console.bearer-token=" + TOKEN, "--unstuck.console.bearer-user=olga",
                "--unstuck.console.users.olga.roles=oncall", "--server.port=" + consolePort);
        ProductionRig.awaitStarted(bot);
        return bot;
    }

    @Test
    void givenTheBotIsStoppedAwaitingApproval_aNewProcessRestoresBothConversationsAndFinishesTheRun()
            throws Exception {
        FakeDiscord discord = rig.discord;
        int firstPort = ProductionRig.freePort();
        ChildJvm first = bot("unstuck-1", firstPort);
        await().atMost(WAIT).until(() -> discord.openSessionCount() == 1);

        InteractionResult ask = discord.sendSlashCommand("alice", "oncall", "ns-stuck", Map.of("namespace", "dev"));
        assertThat(ask.awaitCallback(WAIT).type()).isEqualTo(Callback.DEFER_REPLY);
        StoredMessage asking = ask.awaitOriginal(WAIT, m -> !m.loading() && m.enabledCustomIds().stream()
                .anyMatch(id -> id.startsWith("a.")));
        ConsoleHttp olgaOnFirst = new ConsoleHttp(firstPort, "Bearer " + TOKEN);
        ConsoleHttp.Reply joined = olgaOnFirst.command(null, "/ns-stuck dev");
        assertThat(joined.status()).isEqualTo(201);
        String conversation = joined.body().path("conversationId").asString();
        await().atMost(WAIT).until(() -> approveButton(olgaOnFirst.conversation(conversation).body()).isPresent());

        first.close();
        assertThat(first.alive()).isFalse();
        assertThat(rig.leaseHolder()).as("released on the way out; %s", ProductionRig.tail(first, 30))
                .isNullOrEmpty();

        int secondPort = ProductionRig.freePort();
        bot("unstuck-2", secondPort);
        await().atMost(WAIT).until(() -> discord.openSessionCount() == 1 && discord.sessions().size() == 2);
        ConsoleHttp olgaOnSecond = new ConsoleHttp(secondPort, "Bearer " + TOKEN);
        ConsoleHttp.Reply restored = olgaOnSecond.conversation(conversation);
        assertThat(restored.status()).isEqualTo(200);
        assertThat(restored.body().path("workflowId").asString()).isEqualTo(WORKFLOW);
        assertThat(approveButton(restored.body())).as("the live message, buttons and all").isPresent();

        // bob clicks Approve on the message the first process drew; the new process answers.
        InteractionResult click = discord.sendButtonClick("bob", asking.id(), asking.enabledCustomIds().stream()
                .filter(id -> id.startsWith("a.")).findFirst().orElseThrow());
        assertThat(click.awaitCallback(WAIT).ephemeral()).isTrue();

        StoredMessage done = discord.awaitMessageById(asking.id(), Duration.ofSeconds(120),
                m -> m.embedTitles().contains("Namespace dev on dev-cluster: done"));
        assertThat(done.id()).isEqualTo(asking.id());
        RemediationSummary summary = rig.temporal().newUntypedWorkflowStub(WORKFLOW)
                .getResult(60, java.util.concurrent.TimeUnit.SECONDS, RemediationSummary.class);
        assertThat(summary.outcome()).isEqualTo(RemediationPhase.DONE);
        assertThat(summary.approvedBy()).isEqualTo("bob");
        assertThat(discord.messages("oncall")).as("alice's live message, one summary and one report")
                .extracting(m -> m.embedTitles().get(0)).containsExactly("Namespace dev on dev-cluster: done",
                        "Namespace dev on dev-cluster: done", "Incident report: namespace dev on dev-cluster");
        await().atMost(WAIT).until(() -> titles(olgaOnSecond.conversation(conversation).body()).stream()
                .filter(t -> t.endsWith(": done")).count() == 2);
        assertThat(titles(olgaOnSecond.conversation(conversation).body()))
                .as("olga's live message and one summary").filteredOn(t -> t.endsWith(": done")).hasSize(2);

        List<ChatBinding> chats = rig.temporal().newWorkflowStub(RemediationWorkflow.class, WORKFLOW).chats();
        assertThat(chats).hasSize(2).allSatisfy(b -> assertThat(b.posted())
                .contains(RemediationIds.summaryPostKey(WORKFLOW))
                .anyMatch(k -> k.startsWith(WORKFLOW + "/report/")));
        assertThat(rig.namespaceGone("dev")).isTrue();
        assertThat(discord.callbackPosts(click.interactionId())).as("the click handled once").isEqualTo(1);
        recordHistory("restarted-chat.json");
    }

    /** With -Dunstuck.record-histories=DIR, keeps the run's history for the replay test (workflows/histories). */
    private void recordHistory(String file) throws Exception {
        String target = System.getProperty("unstuck.record-histories");
        if (target != null) {
            Files.createDirectories(Path.of(target));
            Files.writeString(Path.of(target, file), rig.temporal().fetchHistory(WORKFLOW).toJson(true));
        }
    }

    private static Optional<String> approveButton(JsonNode conversation) {
        for (JsonNode m : conversation.path("messages")) {
            for (JsonNode b : m.path("buttons")) {
                if (b.path("label").asString().equals("Approve") && !b.path("disabled").asBoolean()) {
                    return Optional.of(b.path("id").asString());
                }
            }
        }
        return Optional.empty();
    }

    private static List<String> titles(JsonNode conversation) {
        List<String> out = new ArrayList<>();
        conversation.path("messages").forEach(m -> {
            String title = m.path("title").asString("");
            if (!title.isEmpty()) {
                out.add(title);
            }
        });
        return out;
    }
}
