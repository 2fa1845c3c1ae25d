package dev.unstuck.chat.console;

import dev.unstuck.cloud.RouteEntry;
import dev.unstuck.sandbox.Sandbox;
import dev.unstuck.watch.WatcherRounds;
import io.temporal.client.WorkflowClient;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A drill on the healthy sandbox through the console API, on the real app with short thresholds: the
 * cloud-controller-manager is broken, node 2's route deleted, then namespace payments. Exactly one card comes up,
 * naming payments; Alice starts the remediation from it, Bob approves, the route comes back once and the card shows
 * how it was resolved.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.temporal.test-server.enabled=true", "unstuck.sandbox.scenario=healthy",
                "unstuck.watch.namespace-stuck-after=3s", "unstuck.watch.apiservice-unavailable-after=20s",
                "unstuck.watch.max-wait=10s", "unstuck.console.users.alice.roles=oncall,sre"})
@DirtiesContext
class AlertsThroughConsoleTest {
    private static final String ROUTE = "172.16.1.0/24";

    @LocalServerPort
    int port;
    @Autowired
    Sandbox sandbox;
    @Autowired
    WorkflowClient temporal;

    @Test
    void givenAHealthyCluster_whenNode2sRouteAndThenPaymentsAreDeleted_oneCardComesUp_itsButtonRepairsAndItResolves() {
        ConsoleHttp api = new ConsoleHttp(port);
        // The bot has been watching a while: its first route audit found every route.
        WatcherRounds.awaitFirstAudit(temporal, "dev-cluster", Duration.ofSeconds(30));
        assertThat(api.get("/api/alerts").body().path("alerts")).isEmpty();

        assertThat(drill(api, "break-ccm", "{\"user\":\"alice\"}").body().path("done").asString())
                .contains("vpc-typo-hz001");
        assertThat(drill(api, "delete-route", "{\"user\":\"alice\",\"routeTableId\":\"vtb-hz001\",\"destination\":\""
                + ROUTE + "\"}").status()).isEqualTo(200);
        assertThat(drill(api, "delete-namespace", "{\"user\":\"alice\",\"namespace\":\"payments\"}").status())
                .isEqualTo(200);

        // One card, for the APIService, naming payments once it has been stuck for 3 s; never a second card.
        AtomicInteger mostCards = new AtomicInteger();
        AtomicReference<JsonNode> lastSeen = new AtomicReference<>();
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
                JsonNode cards = api.get("/api/alerts").body().path("alerts");
                lastSeen.set(cards);
                mostCards.accumulateAndGet(cards.size(), Math::max);
                return cards.size() == 1 && field(cards.get(0), "Stuck namespaces").contains("payments");
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("no single card naming payments within 60 s; the cards last seen: "
                    + lastSeen.get(), e);
        }
        JsonNode card = api.get("/api/alerts").body().path("alerts").get(0);
        assertThat(card.path("kind").asString()).isEqualTo("APISERVICE_UNAVAILABLE");
        assertThat(card.path("title").asString()).isEqualTo("APIService v1beta1.metrics.k8s.io is unavailable on"
                + " dev-cluster");
        assertThat(card.path("resolved").asBoolean()).isFalse();
        assertThat(card.path("cluster").asString()).isEqualTo("dev-cluster");
        assertThat(field(card, "Cause (top of the chain)")).contains("FailedDiscoveryCheck")
                .contains("never reached the backend 172.16.1.12");
        assertThat(field(card, "Also affected")).contains("kubectl top").contains("payments");
        JsonNode start = card.path("buttons").get(0);
        assertThat(start.path("label").asString()).isEqualTo("Start remediation (payments)");
        assertThat(start.path("disabled").asBoolean()).isFalse();

        ConsoleHttp.Reply clicked = api.post("/api/alerts/" + ConsoleHttp.encode(card.path("id").asString())
                + "/buttons/" + ConsoleHttp.encode(start.path("id").asString()), "{\"user\":\"alice\"}");
        assertThat(clicked.status()).isEqualTo(200);
        assertThat(clicked.body().path("verdict").asString()).isEqualTo("STARTED");
        String conversation = clicked.body().path("conversationId").asString();
        assertThat(clicked.body().path("open").asString()).isEqualTo("/#" + conversation);

        String approve = ConsoleStories.awaitButton(api, conversation, "Approve");
        assertThat(api.conversation(conversation).body().path("workflowId").asString())
                .isEqualTo("unstuck/dev-cluster/payments");
        assertThat(api.click(conversation, approve, "alice").body().path("verdict").asString())
                .as("alice asked from the card: four-eyes").isEqualTo("SELF_APPROVAL");
        assertThat(api.click(conversation, approve, "bob").body().path("verdict").asString()).isEqualTo("APPROVED");

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
            JsonNode cards = api.get("/api/alerts").body().path("alerts");
            mostCards.accumulateAndGet(cards.size(), Math::max);
            return cards.size() == 1 && cards.get(0).path("resolved").asBoolean()
                    && field(cards.get(0), "Resolved").contains("by remediation");
        });
        JsonNode resolved = api.get("/api/alerts").body().path("alerts").get(0);
        assertThat(resolved.path("id").asString()).isEqualTo(card.path("id").asString());
        assertThat(resolved.path("title").asString()).startsWith("Resolved: APIService v1beta1.metrics.k8s.io");
        assertThat(field(resolved, "Resolved")).contains("by remediation unstuck/dev-cluster/payments (approved by"
                + " bob)");
        assertThat(field(resolved, "Remediation")).contains("unstuck/dev-cluster/payments started by alice");
        assertThat(resolved.path("buttons").get(0).path("disabled").asBoolean()).isTrue();
        assertThat(mostCards.get()).as("never more than one card").isEqualTo(1);

        List<RouteEntry> restored = sandbox.vpc().server().entries("vtb-hz001").stream()
                .filter(e -> e.hasDestination(ROUTE)).toList();
        assertThat(restored).singleElement().satisfies(e -> assertThat(e.nextHopId()).isEqualTo("i-node2"));
        await().atMost(Duration.ofSeconds(30)).until(() -> ConsoleStories.texts(api.sandbox().body()
                .path("namespaces"), "name").stream().noneMatch("payments"::equals));

        ConsoleHttp.Reply late = api.post("/api/alerts/" + ConsoleHttp.encode(card.path("id").asString())
                + "/buttons/" + ConsoleHttp.encode(start.path("id").asString()), "{\"user\":\"bob\"}");
        assertThat(late.body().path("verdict").asString()).isEqualTo("RESOLVED");
        assertThat(late.body().path("conversationId").isMissingNode()).isTrue();
    }

    private static ConsoleHttp.Reply drill(ConsoleHttp api, String drill, String body) {
        ConsoleHttp.Reply r = api.post("/api/sandbox/" + drill, body);
        assertThat(r.status()).as(drill + ": " + r.body()).isEqualTo(200);
        return r;
    }

    private static String field(JsonNode card, String name) {
        List<String> values = new ArrayList<>();
        card.path("fields").forEach(f -> {
            if (f.path("name").asString().equals(name)) {
                values.add(f.path("value").asString());
            }
        });
        return String.join("\n", values);
    }
}
