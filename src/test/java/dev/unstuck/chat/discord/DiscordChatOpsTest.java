package dev.unstuck.chat.discord;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import dev.unstuck.chat.discord.fake.Callback;
import dev.unstuck.chat.discord.fake.FakeDiscord;
import dev.unstuck.chat.discord.fake.InteractionResult;
import dev.unstuck.chat.discord.fake.RecordedRequest;
import dev.unstuck.chat.discord.fake.FakeUpload;
import dev.unstuck.chat.discord.fake.StoredMessage;
import dev.unstuck.config.ClusterRegistry;
import dev.unstuck.ops.DiscordAckTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import dev.unstuck.workflow.DecisionRecord;
import dev.unstuck.workflow.DecisionVerdict;
import dev.unstuck.workflow.RemediationPhase;
import dev.unstuck.workflow.RemediationService;
import dev.unstuck.workflow.StartResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static dev.unstuck.chat.discord.DiscordStories.WAIT;
import static dev.unstuck.chat.discord.DiscordStories.assertOneLineEphemeral;
import static dev.unstuck.chat.discord.DiscordStories.button;
import static dev.unstuck.chat.discord.DiscordStories.ephemeralText;
import static dev.unstuck.chat.discord.DiscordStories.fieldNames;
import static dev.unstuck.chat.discord.DiscordStories.hasButton;
import static dev.unstuck.chat.discord.DiscordStories.text;
import static dev.unstuck.chat.discord.DiscordStories.titleContains;
import static dev.unstuck.chat.discord.DiscordStories.APPROVE;
import static dev.unstuck.chat.discord.DiscordStories.DETAILS;
import static dev.unstuck.chat.discord.DiscordStories.REJECT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole bot (Spring, embedded Temporal, sandbox clusters) driven through the unmodified JDA by people in a fake
 * Discord guild. One context and one fake for every story; each story has its own namespace, and stories that
 * repair have their own sandbox cluster, so they never see each other's work.
 */
@SpringBootTest(properties = {"unstuck.discord.default-cluster=dev-cluster",
        "unstuck.discord.rate-limit.commands=12", "unstuck.temporal.ui-url=http://temporal-ui.test:8080"})
class DiscordChatOpsTest {
    private static final DiscordWorld WORLD = new DiscordWorld(Map.of("dev-cluster", DiscordWorld.STORIES,
            "full", "seed-incident", "late", "seed-incident", "gw", "seed-incident"))
            // on call may approve on "full", but never their own request (four-eyes)
            .approvers("full", "sre", "oncall")
            // on "gw" the Discord role "duty" is mapped to the approvers too
            .discordApprovers("gw", DiscordWorld.SRE, DiscordWorld.DUTY);

    @DynamicPropertySource
    static void discord(DynamicPropertyRegistry registry) {
        WORLD.register(registry);
    }

    /** Closed with the context, after the bot's lifecycle has stopped: JDA must go before the fake it talks to. */
    @TestConfiguration
    static class World {
        @Bean(destroyMethod = "close")
        DiscordWorld discordWorld() {
            return WORLD;
        }
    }

    @Autowired
    RemediationService service;
    @Autowired
    ClusterRegistry clusters;
    @Autowired
    MeterRegistry meters;

    private final FakeDiscord fake = WORLD.fake;
    private final DiscordStories people = new DiscordStories(WORLD.fake);

    @AfterEach
    void discordStaysQuiet() {
        assertThat(fake.unroutedRequests()).as("REST calls the fake does not model").isEmpty();
        assertThat(WORLD.jdaLog.lines()).as("JDA warnings and errors").isEmpty();
    }

    @Test
    void aliceAsks_herOwnApprovalIsRefused_bobApproves_theRepairShowsLive_andTheHistoryTellsItAll() throws Exception {
        var commands = fake.awaitRegisteredCommands(WAIT, m -> m.containsKey(fake.guild().id()));
        assertThat(commands.get(fake.guild().id()).asList()).extracting(c -> c.getAsJsonObject().get("name")
                .getAsString()).containsExactlyInAnyOrder("ns-stuck", "ns-stuck-status", "ns-stuck-history",
                        "ns-stuck-mute");

        InteractionResult ask = people.stuck("alice", "oncall", "dev", "full");
        Callback ack = ask.awaitCallback(WAIT);
        assertThat(ack.type()).isEqualTo(Callback.DEFER_REPLY);
        assertThat(ack.ephemeral()).isFalse();
        StoredMessage live = ask.awaitOriginal(WAIT, hasButton(APPROVE));
        assertThat(live.embedTitles()).containsExactly("Namespace dev on full: awaiting approval");
        assertThat(fieldNames(live)).anyMatch(n -> n.startsWith("1. ")).anyMatch(n -> n.startsWith("Plan "))
                .contains("Requested by");
        assertThat(text(live)).contains("v1beta1.metrics.k8s.io", "172.16.1.0/24", "\u23f3 awaiting approval");
        assertThat(live.customIds()).hasSize(3);

        assertThat(people.click("alice", live, APPROVE)).contains("cannot approve your own request");
        assertThat(people.click("bob", live, APPROVE)).startsWith("\u2705 Approved");
        assertThat(people.click("dave", live, APPROVE)).contains("Already decided", "already approved by bob");

        StoredMessage done = people.await(live, titleContains(": done"));
        assertThat(done.customIds()).as("approve and reject stay, disabled, once decided").hasSize(3);
        assertThat(done.enabledCustomIds()).hasSize(1).allMatch(id -> id.startsWith(DETAILS));
        assertThat(text(done)).contains("bob approve: APPROVED", "alice approve: SELF_APPROVAL",
                "dave approve: ALREADY_DECIDED", "namespace dev is gone");
        assertThat(clusters.connection("full").client().namespaces().withName("dev").get()).isNull();
        StoredMessage summary = fake.awaitMessage("oncall", WAIT, m -> m.id().compareTo(live.id()) > 0
                && m.embedTitles().contains("Namespace dev on full: done"));
        assertThat(text(summary)).contains("Approved by", "bob", "rte-");
        // Then the post-incident report, written from the run's history, as a Markdown file in the same place.
        StoredMessage report = fake.awaitMessage("oncall", WAIT, m -> m.id().compareTo(summary.id()) > 0
                && m.embedTitles().contains("Incident report: namespace dev on full"));
        List<FakeUpload> files = fake.uploads(report.id());
        assertThat(files).hasSize(1);
        assertThat(files.get(0).filename()).startsWith("unstuck-full-dev-").endsWith(".md");
        assertThat(files.get(0).text()).startsWith("# Incident report: namespace `dev` stuck in Terminating on `full`")
                .contains("| Approved | bob ", "SELF_APPROVAL", "ALREADY_DECIDED", "rte-", "## Follow-ups",
                        "<!-- unstuck-report workflow=\"unstuck/full/dev\"");
        // The live message shows done a moment before the run records its end; the history is read after that.
        service.awaitSummary(DiscordStories.workflowId(live));

        String history = ephemeralText(fake.sendSlashCommand("alice", "oncall", DiscordCommands.HISTORY,
                Map.of("namespace", "dev", "cluster", "full")), "http://temporal-ui.test:8080");
        assertThat(history).contains("requested **alice**", "SELF_APPROVAL", "**bob**: approve", "APPROVED",
                "ALREADY_DECIDED", "Diagnose completed", "ExecuteStep completed", "(entry rte-",
                "AwaitApiServicesAvailable completed", "finished", "DONE",
                "http://temporal-ui.test:8080/namespaces/default/workflows/unstuck%2Ffull%2Fdev/",
                "**Runs of `dev` on `full`**", "**DONE** · asked by alice · approved by bob · created route entry rte-",
                "the latest is attached");
    }

    @Test
    void bobRejects_nothingRuns_andTheButtonsAreDisabled() throws Exception {
        StoredMessage live = people.askAndAwaitButtons("alice", "dev-reject", null);

        assertThat(people.click("bob", live, REJECT)).contains("Rejected");

        StoredMessage rejected = people.await(live, titleContains(": rejected"));
        assertThat(rejected.enabledCustomIds()).allMatch(id -> id.startsWith(DETAILS));
        assertThat(text(rejected)).contains("rejected by bob: nothing was executed");
        assertThat(clusters.connection("dev-cluster").client().namespaces().withName("dev-reject").get()).isNotNull();
    }

    @Test
    void carolIsNoApprover_detailsShowTheFullEvidence_andTheRequesterMayStillReject() throws Exception {
        StoredMessage live = people.askAndAwaitButtons("alice", "dev-carol", "dev-cluster");

        assertThat(people.click("carol", live, APPROVE)).contains("Not an approver", "[sre]");
        String details = ephemeralText(fake.sendButtonClickAsSeen("carol", live, button(live, DETAILS)),
                "carol approve: NOT_AN_APPROVER");
        assertThat(details).contains("Namespace dev-carol on dev-cluster", "v1beta1.metrics.k8s.io", "**Plan ",
                "VPC_ROUTE_MISSING");
        assertThat(people.click("alice", live, REJECT)).contains("Rejected");

        people.await(live, titleContains(": rejected"));
        List<DecisionRecord> decisions = service.status(DiscordStories.workflowId(live)).decisions();
        assertThat(decisions).extracting(DecisionRecord::verdict)
                .containsExactly(DecisionVerdict.NOT_AN_APPROVER, DecisionVerdict.REJECTED);
        assertThat(decisions.get(0).user().id()).isEqualTo("discord:1200000000000001003");
    }

    @Test
    void badRequestsGetAOneLineEphemeralErrorAndStartNothing() throws Exception {
        int runs = service.runs().size();

        assertOneLineEphemeral(people.stuck("carol", "oncall", "Dev_NS!", null), "Invalid namespace");
        assertOneLineEphemeral(people.stuck("carol", "oncall", "dev", "nowhere"), "Unknown cluster 'nowhere'");
        assertOneLineEphemeral(people.stuck("carol", "oncall", null, null), "Missing option namespace");
        assertOneLineEphemeral(people.stuck("carol", "random", "dev", null), "not enabled in this channel");
        assertOneLineEphemeral(fake.sendSlashCommand("carol", "oncall", DiscordCommands.HISTORY, Map.of()),
                "namespace:<name> or workflow-id:<id>");

        assertThat(service.runs()).hasSize(runs);
        assertThat(fake.messages("oncall")).noneMatch(m -> text(m).contains("Dev_NS!"));
    }

    @Test
    void aUserOverTheRateLimitIsToldToSlowDown() throws Exception {
        for (int i = 0; i < 12; i++) {
            assertOneLineEphemeral(people.stuck("mallory", "oncall", "BAD" + i, null), "Invalid namespace");
        }
        assertOneLineEphemeral(people.stuck("mallory", "oncall", "dev", null), "Slow down: at most 12 commands");
        assertThat(service.runs()).noneMatch(r -> r.workflowId().contains("mallory"));
    }

    @Test
    void twoPeopleAskingAtOnceFollowOneRemediation() throws Exception {
        InteractionResult alice = people.stuck("alice", "oncall", "dev-join", null);
        InteractionResult dave = people.stuck("dave", "oncall", "dev-join", null);

        StoredMessage aliceLive = alice.awaitOriginal(WAIT, hasButton(APPROVE));
        StoredMessage daveLive = dave.awaitOriginal(WAIT, hasButton(APPROVE));
        assertThat(aliceLive.id()).isNotEqualTo(daveLive.id());
        List<StartResult> runs = service.runs("dev-cluster", "dev-join");
        assertThat(runs).hasSize(1);
        String joinedNotice = CompletableFuture.anyOf(
                CompletableFuture.supplyAsync(() -> followUp(alice)), CompletableFuture.supplyAsync(() -> followUp(dave)))
                .get().toString();
        assertThat(joinedNotice).contains("already being handled");
        StoredMessage both = people.await(aliceLive, m -> text(m).contains("alice, dave") || text(m).contains("dave, alice"));
        assertThat(button(both, APPROVE)).isEqualTo(button(people.await(daveLive, m -> true), APPROVE));

        assertThat(people.click("bob", aliceLive, REJECT)).contains("Rejected");
        people.await(aliceLive, titleContains(": rejected"));
        people.await(daveLive, titleContains(": rejected"));
    }

    private static String followUp(InteractionResult r) {
        try {
            return ephemeralText(r);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void bobApprovesTwentyMinutesLater_theLiveMessageStillUpdatesThroughTheChannel() throws Exception {
        StoredMessage live = people.askAndAwaitButtons("alice", "dev", "late");

        fake.advanceClock(java.time.Duration.ofMinutes(20));
        assertThat(people.click("bob", live, APPROVE)).startsWith("\u2705 Approved");

        people.await(live, titleContains(": done"));
        List<RecordedRequest> edits = fake.requests().stream().filter(r -> r.method().equals("PATCH")).toList();
        assertThat(edits).anyMatch(r -> r.path().startsWith("webhooks/") && r.status() == 401);
        assertThat(edits).anyMatch(r -> r.path().equals("channels/" + live.channelId() + "/messages/" + live.id())
                && r.status() == 200);
    }

    @Test
    void theGatewayDropsMidFlow_jdaResumes_andErinsMappedDutyRoleApproves() throws Exception {
        StoredMessage live = people.askAndAwaitButtons("alice", "dev", "gw");
        int resumes = fake.resumeCount();

        fake.disconnect(1001);
        assertThat(people.click("erin", live, APPROVE)).startsWith("\u2705 Approved");

        people.await(live, titleContains(": done"));
        assertThat(fake.resumeCount()).isGreaterThan(resumes);
        assertThat(fake.identifyCount()).as("resumed, not a new session").isEqualTo(1);
        assertThat(service.status(DiscordStories.workflowId(live)).phase()).isEqualTo(RemediationPhase.DONE);
    }

    @Test
    void statusListsRemediationsAndAutocompleteOffersClustersAndTerminatingNamespaces() throws Exception {
        people.askAndAwaitButtons("dave", "dev-status", null);

        String status = ephemeralText(fake.sendSlashCommand("dave", "oncall", DiscordCommands.STATUS, Map.of()));
        assertThat(status).contains("`unstuck/dev-cluster/dev-status`: awaiting approval (asked by dave)");
        String one = ephemeralText(fake.sendSlashCommand("dave", "oncall", DiscordCommands.STATUS,
                Map.of("namespace", "dev-status")));
        assertThat(one).contains("Namespace dev-status on dev-cluster: awaiting approval");

        JsonArray clustersOffered = fake.sendAutocomplete("dave", "oncall", DiscordCommands.STUCK,
                Map.of("cluster", "g"), "cluster").awaitCallback(WAIT).data().getAsJsonArray("choices");
        assertThat(clustersOffered.asList()).extracting(this::choice).containsExactly("gw");
        JsonArray namespacesOffered = fake.sendAutocomplete("dave", "oncall", DiscordCommands.STUCK,
                Map.of("namespace", "dev-"), "namespace").awaitCallback(WAIT).data().getAsJsonArray("choices");
        assertThat(namespacesOffered.asList()).extracting(this::choice).contains("dev-status").doesNotContain("payments");
    }

    @Test
    void everyAcknowledgementIsTimedFromTheInteractionsCreation() throws Exception {
        Timer acks = meters.get(DiscordAckTimer.METER).timer();
        long before = acks.count();

        ephemeralText(fake.sendSlashCommand("dave", "oncall", DiscordCommands.STATUS, Map.of()));

        assertThat(acks.count()).as("the /ns-stuck-status ack").isEqualTo(before + 1);
    }

    private String choice(JsonElement e) {
        return e.getAsJsonObject().get("value").getAsString();
    }
}
