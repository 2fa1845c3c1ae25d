package dev.unstuck.chat.discord;

import dev.unstuck.chat.discord.fake.FakeDiscord;
import dev.unstuck.chat.discord.fake.StoredMessage;
import dev.unstuck.cloud.RouteEntry;
import dev.unstuck.sandbox.Sandbox;
import dev.unstuck.sandbox.ScenarioLoader;
import dev.unstuck.workflow.ChildJvm;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.unstuck.chat.discord.DiscordStories.APPROVE;
import static dev.unstuck.chat.discord.DiscordStories.hasButton;
import static dev.unstuck.chat.discord.DiscordStories.text;
import static dev.unstuck.chat.discord.DiscordStories.titleContains;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The seed incident as the watcher sees it, with the bot a process of its own against a standalone Temporal server
 * and the fake Discord: the cards are posted once, the bot is killed (SIGKILL) and started again, or two replicas run
 * at once and the gateway's holder is killed; nothing is posted twice, and a card's button then carries the repair
 * through to both cards showing resolved.
 */
class AlertsAcrossRestartsTest {
    private static final String ONCALL = "1200000000000000101";
    private static final Duration STARTUP = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    private final List<ChildJvm> children = new ArrayList<>();
    private WorkflowServiceStubs stubs;
    private FakeDiscord fake;
    private Sandbox sandbox;
    private int temporalPort;
    private int bots;

    @BeforeEach
    void startTemporalSandboxAndDiscord() throws Exception {
        // Temporal first, connected before anything else opens a port (see WorkerCrashTest).
        temporalPort = freePort();
        children.add(ChildJvm.start("temporal", dir.resolve("logs"), "io.temporal.testserver.TestServer",
                String.valueOf(temporalPort)));
        stubs = WorkflowServiceStubs.newConnectedServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                .setTarget("127.0.0.1:" + temporalPort).build(), Duration.ofSeconds(30));
        sandbox = Sandbox.start(ScenarioLoader.loadBuiltIn("seed-incident"));
        sandbox.writeConnectionFiles(dir.resolve("prod"));
        fake = FakeDiscord.start(DiscordWorld.guild());
    }

    @AfterEach
    void stopEverything() throws Exception {
        for (ChildJvm c : children) {
            c.close();
        }
        if (stubs != null) {
            stubs.shutdownNow();
        }
        if (fake != null) {
            fake.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void givenTheSeedIncident_twoCardsArePostedOnce_aRestartPostsNothingTwice_andTheCardsButtonRepairsIt()
            throws Exception {
        ChildJvm first = bot();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> cards().size() == 2);
        StoredMessage apiCard = card("APIService v1beta1.metrics.k8s.io is unavailable on prod");
        StoredMessage routesCard = card("1 node has no VPC route on prod");
        assertThat(text(apiCard)).contains("Stuck namespaces", "- dev: Terminating since", "kubectl top");
        assertThat(apiCard.enabledCustomIds()).singleElement().satisfies(id -> assertThat(id).startsWith("ws."));
        assertThat(text(routesCard)).contains("vtb-hz001: 172.16.1.0/24 -> i-node2 (node cn-hangzhou.192.168.0.194)");

        long killed = System.nanoTime();
        first.kill();
        ChildJvm second = bot();
        // The watcher's look was on the killed process: it times out and the new process takes it up.
        second.awaitLine("watching cluster prod: namespaces", STARTUP.toSeconds());
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(20)).until(() -> cards().size() == 2);
        // The killed process's Lease runs out before the new one holds the gateway and can take a click.
        fake.awaitReadySession(killed, Duration.ofSeconds(60));

        theCardsButtonRepairsIt(apiCard, routesCard);
    }

    @Test
    void givenTwoReplicasAtOnce_eachCardIsPostedOnce_andWhenTheGatewayHolderIsKilledTheOtherCarriesTheRepair()
            throws Exception {
        List<ChildJvm> replicas = List.of(bot(), bot());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> cards().size() == 2);
        // Both replicas run the watcher's workers and both started its workflow; the incident is still one card each.
        await().during(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(30)).until(() -> cards().size() == 2);
        StoredMessage apiCard = card("APIService v1beta1.metrics.k8s.io is unavailable on prod");
        StoredMessage routesCard = card("1 node has no VPC route on prod");

        ChildJvm holder = replicas.stream().filter(AlertsAcrossRestartsTest::holdsTheGateway).findFirst()
                .orElseThrow(() -> new AssertionError("neither replica holds the gateway's Lease"));
        assertThat(replicas.stream().filter(AlertsAcrossRestartsTest::holdsTheGateway)).as("gateway holders")
                .hasSize(1);
        long killed = System.nanoTime();
        holder.kill();
        fake.awaitReadySession(killed, Duration.ofSeconds(60));
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(20)).until(() -> cards().size() == 2);

        theCardsButtonRepairsIt(apiCard, routesCard);
    }

    /** Alice starts the remediation from the APIService card, Bob approves, and both cards show resolved. */
    private void theCardsButtonRepairsIt(StoredMessage apiCard, StoredMessage routesCard) throws Exception {
        String started = DiscordStories.answer(fake.sendButtonClickAsSeen("alice", apiCard,
                apiCard.enabledCustomIds().get(0)));
        assertThat(started).startsWith("\u25b6\ufe0f Started").contains("remediation of namespace dev on prod");
        StoredMessage live = fake.awaitMessage("oncall", DiscordStories.WAIT, hasButton(APPROVE));
        assertThat(live.embedTitles()).containsExactly("Namespace dev on prod: awaiting approval");
        assertThat(new DiscordStories(fake).click("bob", live, APPROVE)).startsWith("\u2705 Approved");

        StoredMessage resolved = fake.awaitMessageById(apiCard.id(), Duration.ofSeconds(90),
                titleContains("Resolved: APIService v1beta1.metrics.k8s.io"));
        assertThat(text(resolved)).contains("by remediation unstuck/prod/dev (approved by bob)",
                "unstuck/prod/dev started by alice");
        assertThat(resolved.enabledCustomIds()).isEmpty();
        StoredMessage routesResolved = fake.awaitMessageById(routesCard.id(), Duration.ofSeconds(60),
                titleContains("Resolved: "));
        assertThat(text(routesResolved)).contains("by remediation unstuck/prod/dev");

        assertThat(cards()).as("each card posted once, across the kill").hasSize(2);
        List<RouteEntry> restored = sandbox.vpc().server().entries("vtb-hz001").stream()
                .filter(e -> e.hasDestination("172.16.1.0/24")).toList();
        assertThat(restored).singleElement().satisfies(e -> assertThat(e.nextHopId()).isEqualTo("i-node2"));
    }

    /** The watchers' cards in #oncall: the messages whose buttons are alert buttons. */
    private List<StoredMessage> cards() {
        return fake.messages("oncall").stream().filter(m -> m.customIds().stream()
                .anyMatch(id -> id.startsWith("ws.") || id.startsWith("wp."))).toList();
    }

    private StoredMessage card(String title) {
        return cards().stream().filter(m -> m.embedTitles().contains(title)).findFirst()
                .orElseThrow(() -> new AssertionError("no card '" + title + "' in " + cards().stream()
                        .map(StoredMessage::embedTitles).toList()));
    }

    private static boolean holdsTheGateway(ChildJvm replica) {
        try {
            return Files.readString(replica.log()).contains(" holds lease unstuck/unstuck-discord-gateway");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ChildJvm bot() throws Exception {
        Path files = dir.resolve("prod");
        ChildJvm bot = ChildJvm.start("bot-" + ++bots, dir.resolve("logs"), "dev.unstuck.UnstuckApplication",
                "--spring.temporal.connection.target=127.0.0.1:" + temporalPort,
                "--unstuck.temporal.clear-sticky-queues=true",
                "--server.port=0",
                "--unstuck.clusters.prod.kubeconfig=" + files.resolve("kubeconfig"),
                "--unstuck.clusters.prod.cloud-properties=" + files.resolve("cloud.properties"),
                "--unstuck.clusters.prod.approver-roles=sre",
                "--unstuck.console.enabled=false",
                "--unstuck.discord.token=" + fake.token(),
                "--unstuck.discord.application-id=" + fake.applicationId(),
                "--unstuck.discord.rest-base-url=" + fake.restBaseUrl(),
                "--unstuck.discord.gateway-url=" + fake.gatewayUrl(),
                "--unstuck.discord.guild-ids[0]=" + fake.guild().id(),
                "--unstuck.discord.allowed-channels[0]=oncall",
                "--unstuck.discord.approver-roles.prod[0]=" + DiscordWorld.SRE.id(),
                // The one gateway holder is chosen by a Lease in the cluster it watches, as in a deployment.
                "--unstuck.gateway.lease.cluster=prod",
                "--unstuck.gateway.lease.namespace=unstuck",
                "--unstuck.watch.discord-channels.prod[0]=" + ONCALL,
                "--unstuck.watch.max-wait=5s",
                "--logging.level.dev.unstuck=INFO");
        children.add(bot);
        bot.awaitLine("Started UnstuckApplication", STARTUP.toSeconds());
        return bot;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
