package dev.unstuck.chat.console;

import dev.unstuck.cloud.RouteEntry;
import dev.unstuck.sandbox.Sandbox;
import dev.unstuck.sandbox.ScenarioLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The seed incident on a configured cluster ({@code prod}, reached by kubeconfig and cloud properties like a real
 * one), with the console signed in by HTTP Basic: the watcher's two cards, who may click and mute, the repair plan a
 * routes card opens, and no sandbox drill outside the sandbox.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.temporal.test-server.enabled=true",
        "unstuck.console.auth=basic",
        "unstuck.console.users.alice.roles=oncall",
        "unstuck.console.users.alice.password-hash=" + ConsoleAccounts.ALICE_HASH,
        "unstuck.console.users.bob.roles=sre",
        "unstuck.console.users.bob.password-hash=" + ConsoleAccounts.BOB_HASH,
        "unstuck.watch.max-wait=5s"})
@DirtiesContext
class AlertsOnRealClustersTest {
    private static final Sandbox PROD = Sandbox.start(ScenarioLoader.loadBuiltIn("seed-incident"));
    private static final Path FILES = files();

    @LocalServerPort
    int port;

    private static Path files() {
        try {
            Path dir = Files.createTempDirectory("unstuck-alerts");
            PROD.writeConnectionFiles(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void prod(DynamicPropertyRegistry r) {
        r.add("unstuck.clusters.prod.kubeconfig", () -> FILES.resolve("kubeconfig").toString());
        r.add("unstuck.clusters.prod.cloud-properties", () -> FILES.resolve("cloud.properties").toString());
        r.add("unstuck.clusters.prod.approver-roles[0]", () -> "sre");
    }

    @AfterAll
    static void closeSandbox() {
        PROD.close();
    }

    private ConsoleHttp alice() {
        return new ConsoleHttp(port, ConsoleHttp.basic("alice", ConsoleAccounts.ALICE_PASSWORD));
    }

    private ConsoleHttp bob() {
        return new ConsoleHttp(port, ConsoleHttp.basic("bob", ConsoleAccounts.BOB_PASSWORD));
    }

    @Test
    void withoutSigningIn_noCardIsShownNorClickedNorMuted_andDrillsAreNotServedBesideARealCluster() {
        ConsoleHttp anonymous = new ConsoleHttp(port);
        assertThat(anonymous.get("/api/alerts").status()).isEqualTo(401);
        assertThat(anonymous.post("/api/alerts/prod~00000000.1/buttons/ws.00000000.1.prod", "{\"user\":\"bob\"}")
                .status()).isEqualTo(401);
        assertThat(anonymous.post("/api/alerts/mute", "{\"cluster\":\"prod\",\"for\":\"1h\"}").status())
                .isEqualTo(401);

        ConsoleHttp.Reply drill = alice().post("/api/sandbox/delete-route",
                "{\"routeTableId\":\"vtb-hz001\",\"destination\":\"172.16.0.0/24\"}");
        assertThat(drill.status()).isEqualTo(404);
        assertThat(drill.error()).isEqualTo("not in sandbox mode: clusters are configured under unstuck.clusters");
        assertThat(alice().post("/api/sandbox/break-ccm", "{}").status()).isEqualTo(404);
        assertThat(PROD.vpc().server().entries("vtb-hz001")).anyMatch(e -> e.hasDestination("172.16.0.0/24"));
    }

    @Test
    void onlyAnApproverOfProdMayMuteIt_andBadDurationsAreOneLine() {
        ConsoleHttp.Reply alices = alice().post("/api/alerts/mute", "{\"cluster\":\"prod\",\"for\":\"1h\"}");
        assertThat(alices.status()).isEqualTo(200);
        assertThat(alices.body().path("verdict").asString()).isEqualTo("NOT_AN_APPROVER");
        assertThat(alices.body().path("reply").asString()).contains("muting prod needs one of the roles [sre]");

        assertThat(bob().post("/api/alerts/mute", "{\"cluster\":\"prod\",\"for\":\"forever\"}").error())
                .isEqualTo("for: 'forever' is not a duration; write 30m, 2h or 1d (at most 7d), or 0 to lift the"
                        + " mute");
        assertThat(bob().post("/api/alerts/mute", "{\"cluster\":\"prod\",\"for\":\"8d\"}").error())
                .contains("longer than the 7 days");
        assertThat(bob().post("/api/alerts/mute", "{\"cluster\":\"staging\",\"for\":\"1h\"}").error())
                .isEqualTo("unknown cluster 'staging'; known: [prod]");

        ConsoleHttp.Reply bobs = bob().post("/api/alerts/mute", "{\"cluster\":\"prod\",\"for\":\"2h\"}");
        assertThat(bobs.body().path("verdict").asString()).isEqualTo("MUTED");
        assertThat(bobs.body().path("reply").asString()).startsWith("no new card for prod until ")
                .contains("(muted by bob)");
        assertThat(bobs.body().path("until").asString()).isNotBlank();
        assertThat(bob().post("/api/alerts/mute", "{\"cluster\":\"prod\",\"for\":\"0\"}").body().path("verdict")
                .asString()).isEqualTo("UNMUTED");
    }

    @Test
    void theRoutesCardOpensTheAuditsRepairPlan_bobApproves_andBothCardsResolveByThatRepair() {
        JsonNode routes = awaitCard(c -> c.path("kind").asString().equals("NODE_ROUTES_MISSING"));
        JsonNode api = awaitCard(c -> c.path("kind").asString().equals("APISERVICE_UNAVAILABLE"));
        assertThat(routes.path("title").asString()).isEqualTo("1 node has no VPC route on prod");
        assertThat(field(routes, "Missing entries")).isEqualTo("- vtb-hz001: 172.16.1.0/24 -> i-node2 (node"
                + " cn-hangzhou.192.168.0.194)");
        assertThat(field(api, "Stuck namespaces")).startsWith("- dev: Terminating since");
        JsonNode plan = routes.path("buttons").get(0);
        assertThat(plan.path("label").asString()).isEqualTo("Open repair plan");

        // A button of another card, and a card that does not exist, start nothing.
        String apiButton = api.path("buttons").get(0).path("id").asString();
        assertThat(clickCard(alice(), routes.path("id").asString(), apiButton).status()).isEqualTo(400);
        assertThat(clickCard(alice(), "prod~00000000.99", "ws.00000000.99.prod").status()).isEqualTo(404);

        // Alice clicks, naming bob in the body: signed in, she is the requester all the same.
        ConsoleHttp.Reply opened = clickCard(alice(),
                routes.path("id").asString(), plan.path("id").asString());
        assertThat(opened.body().path("verdict").asString()).isEqualTo("STARTED");
        String conversation = opened.body().path("conversationId").asString();
        ConsoleHttp alice = alice();
        String approve = ConsoleStories.awaitButton(alice, conversation, "Approve");
        JsonNode live = ConsoleStories.liveMessage(alice, conversation);
        assertThat(live.path("title").asString()).isEqualTo("Node routes on prod: awaiting approval");
        assertThat(ConsoleStories.fieldNames(live)).contains("1. NODE_ROUTES_MISSING").anyMatch(n ->
                n.startsWith("Plan "));
        assertThat(ConsoleStories.fieldNames(live).stream().filter(n -> n.startsWith("Plan ")).findFirst()
                .map(n -> field(live, n)).orElseThrow()).contains("CREATE_ROUTE_ENTRY routeTableId=vtb-hz001"
                + " destinationCidrBlock=172.16.1.0/24 nextHopType=Instance nextHopId=i-node2")
                .contains("pre-flight: would succeed");
        assertThat(alice.click(conversation, approve, "bob").body().path("verdict").asString())
                .as("alice is no approver, whatever the body says").isEqualTo("NOT_AN_APPROVER");
        assertThat(bob().click(conversation, approve, "bob").body().path("verdict").asString())
                .isEqualTo("APPROVED");

        await().atMost(Duration.ofSeconds(60)).until(() -> bob().status("unstuck/prod/~node-routes").body()
                .path("finished").asBoolean());
        assertThat(bob().status("unstuck/prod/~node-routes").body().path("phase").asString()).isEqualTo("DONE");
        List<RouteEntry> restored = PROD.vpc().server().entries("vtb-hz001").stream()
                .filter(e -> e.hasDestination("172.16.1.0/24")).toList();
        assertThat(restored).singleElement().satisfies(e -> {
            assertThat(e.nextHopId()).isEqualTo("i-node2");
            assertThat(e.description()).startsWith("unstuck wf=unstuck/prod/~node-routes run=");
        });

        JsonNode apiResolved = awaitCard(c -> c.path("id").asString().equals(api.path("id").asString())
                && field(c, "Resolved").contains("by remediation"));
        assertThat(field(apiResolved, "Resolved")).contains("by remediation unstuck/prod/~node-routes (approved by"
                + " bob)");
        JsonNode routesResolved = awaitCard(c -> c.path("id").asString().equals(routes.path("id").asString())
                && c.path("resolved").asBoolean());
        assertThat(field(routesResolved, "Resolved")).contains("by remediation unstuck/prod/~node-routes");
        assertThat(field(routesResolved, "Remediation")).contains("unstuck/prod/~node-routes started by alice");
        await().atMost(Duration.ofSeconds(30)).until(() -> alice().get("/api/alerts").body().path("alerts").size()
                == 2);
    }

    private ConsoleHttp.Reply clickCard(ConsoleHttp who, String alertId, String buttonId) {
        return who.post("/api/alerts/" + ConsoleHttp.encode(alertId) + "/buttons/" + ConsoleHttp.encode(buttonId),
                "{\"user\":\"bob\"}");
    }

    private JsonNode awaitCard(java.util.function.Predicate<JsonNode> which) {
        java.util.concurrent.atomic.AtomicReference<JsonNode> found = new java.util.concurrent.atomic.AtomicReference<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
            for (JsonNode c : alice().get("/api/alerts").body().path("alerts")) {
                if (which.test(c)) {
                    found.set(c);
                    return true;
                }
            }
            return false;
        });
        return found.get();
    }

    private static String field(JsonNode card, String name) {
        for (JsonNode f : card.path("fields")) {
            if (f.path("name").asString().equals(name)) {
                return f.path("value").asString();
            }
        }
        return "";
    }
}
