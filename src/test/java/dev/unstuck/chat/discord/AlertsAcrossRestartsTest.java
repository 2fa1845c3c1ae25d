package dev.unstuck.chat.discord;

import dev.unstuck.chat.console.ConsoleHttp;
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
    private static final String CONSOLE_TOKEN = "5d0c7e1a9b2f48c6a3e7d1b0c9f8e2a4b6d3c1e0f9a8b7c6";

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
        int[] consolePorts = {freePort(), freePort()};
        List<ChildJvm> replicas = List.of(botWithConsole(consolePorts[0]), botWithConsole(consolePorts[1]));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> cards().size() == 2);
        // Both replicas run the watcher's workers and both started its workflow; the incident is still one card each.
        await().during(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(30)).until(() -> cards().size() == 2);
        StoredMessage apiCard = card("APIService v1beta1.metrics.k8s.io is unavailable on prod");
        StoredMessage routesCard = card("1 node has no VPC route on prod");
        // Behind a Service, a console request lands on either replica: both show the same two cards.
        List<String> consoleCards = consoleCards(consolePorts[0]);
        assertThat(consoleCards).containsExactlyInAnyOrder(
                "APIService v1beta1.metrics.k8s.io is unavailable on prod (open)", "1 node has no VPC route on prod (open)");
        assertThat(consoleCards(consolePorts[1])).isEqualTo(consoleCards);

        ChildJvm holder = replicas.stream().filter(AlertsAcrossRestartsTest::holdsTheGateway).findFirst()
                .orElseThrow(() -> new AssertionError("neither replica holds the gateway's Lease"));
        assertThat(replicas.stream().filter(AlertsAcrossRestartsTest::holdsTheGateway)).as("gateway holders")
                .hasSize(1);
        long killed = System.nanoTime();
        holder.kill();
        fake.awaitReadySession(killed, Duration.ofSeconds(60));
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(20)).until(() -> cards().size() == 2);

        theCardsButtonRepairsIt(apiCard, routesCard);
        int survivor = consolePorts[replicas.indexOf(holder) == 0 ? 1 : 0];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(consoleCards(survivor)).hasSize(2).allSatisfy(c -> assertThat(c).endsWith("(resolved)")));
    }

    /** The Alerts view of one replica's console: each card's title and whether it is resolved. */
    private static List<String> consoleCards(int port) {
        ConsoleHttp.Reply r = new ConsoleHttp(port, "Bearer " + CONSOLE_TOKEN).get("/api/alerts");
        assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
        List<String> cards = new ArrayList<>();
        r.body().path("alerts").forEach(a -> cards.add(a.path("title").asText() + " ("
                + (a.path("resolved").asBoolean() ? "resolved" : "open") + ")"));
        return cards;
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
        return bot(List.of("--server.port=0", "--unstuck.console.enabled=false"));
    }

    /** A replica whose console answers on {@code port}, signed in by the bearer token as olga. */
    private ChildJvm botWithConsole(int port) throws Exception {
        return bot(List.of("--server.port=" + port, "--unstuck.console.enabled=true", "--unstuck.console.auth=bearer",
                "--unstuck.console.bearer-token=" + CONSOLE_TOKEN, "--unstuck.console.bearer-user=olga",
                "--unstuck.console.users.olga.roles=oncall"));
    }

    private ChildJvm bot(List<String> console) throws Exception {
        Path files = dir.resolve("prod");
        List<String> args = new ArrayList<>(console);
        args.addAll(List.of(
                "--spring.temporal.connection.target=127.0.0.1:" + temporalPort,
                "--unstuck.temporal.clear-sticky-queues=true",
                "--unstuck.clusters.prod.kubeconfig=" + files.resolve("kubeconfig"),
                "--unstuck.clusters.prod.cloud-properties=" + files.resolve("cloud.properties"),
                "--unstuck.clusters.prod.approver-roles=sre",
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
                "--logging.level.dev.unstuck=INFO"));
        ChildJvm bot = ChildJvm.start("bot-" + ++bots, dir.resolve("logs"), "dev.unstuck.UnstuckApplication",
                args.toArray(String[]::new));
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
