package dev.unstuck.chat.console;

import dev.unstuck.cloud.RouteEntry;
import dev.unstuck.sandbox.Sandbox;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The flagship incident told through the console API, on the real app: embedded Temporal, the seed-incident
 * sandbox, HTTP on a random port. Alice (on call, and configured as an SRE too) asks, may not approve her own
 * request, Bob approves,
 * the missing route is created once and namespace dev finally goes away.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.temporal.test-server.enabled=true", "unstuck.console.users.alice.roles=oncall,sre"})
@DirtiesContext
class SeedIncidentThroughConsoleTest {
    private static final String WORKFLOW = "unstuck/dev-cluster/dev";

    @LocalServerPort
    int port;
    @Autowired
    Sandbox sandbox;

    @Test
    void aliceAsks_fourEyesRefusesHerApproval_bobApproves_routeIsRestoredOnce_andNamespaceDevIsGone() {
        ConsoleHttp api = new ConsoleHttp(port);
        ConsoleHttp.Reply asked = api.command("alice", "/ns-stuck dev");
        assertThat(asked.status()).isEqualTo(201);
        String conversation = asked.body().path("conversationId").asString();

        String approve = ConsoleStories.awaitButton(api, conversation, "Approve");
        JsonNode live = ConsoleStories.liveMessage(api, conversation);
        assertThat(live.path("title").asString()).isEqualTo("Namespace dev on dev-cluster: awaiting approval");
        assertThat(ConsoleStories.fieldNames(live)).contains("1. DISCOVERY_FAILURE", "2. APISERVICE_UNAVAILABLE",
                "4. VPC_ROUTE_MISSING");
        assertThat(ConsoleStories.buttonLabels(live)).containsExactly("Approve", "Reject", "Details");
        assertThat(api.conversation(conversation).body().path("workflowId").asString()).isEqualTo(WORKFLOW);

        ConsoleHttp.Reply own = api.click(conversation, approve, "alice");
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.body().path("verdict").asString()).isEqualTo("SELF_APPROVAL");
        assertThat(own.body().path("reply").asString()).contains("four-eyes");

        ConsoleHttp.Reply bobs = api.click(conversation, approve, "bob");
        assertThat(bobs.body().path("verdict").asString()).isEqualTo("APPROVED");
        assertThat(bobs.body().path("reply").asString()).isEqualTo("approved by bob");

        await().atMost(Duration.ofSeconds(60)).until(() -> api.status(WORKFLOW).body().path("finished").asBoolean());
        JsonNode status = api.status(WORKFLOW).body();
        assertThat(status.path("phase").asString()).isEqualTo("DONE");
        List<RouteEntry> restored = sandbox.vpc().server().entries("vtb-hz001").stream()
                .filter(e -> e.hasDestination("172.16.1.0/24")).toList();
        assertThat(restored).hasSize(1);
        assertThat(restored.get(0).nextHopId()).isEqualTo("i-node2");
        assertThat(status.path("changes").get(0).asString()).contains(restored.get(0).routeEntryId())
                .contains("172.16.1.0/24 -> i-node2");
        // Then: the namespace, the APIService, the route and the cloud-controller-manager were broken, as recorded
        // right after the diagnosis. Now: every link up to the route is healthy again; the cloud-controller-manager
        // still looks in the wrong VPC, which the report's follow-up names.
        List<String> kinds = List.of("namespace", "apiservice", "service", "pod", "node", "route", "cloud-controller");
        JsonNode then = status.path("chainsThen").get(0);
        assertThat(ConsoleStories.texts(then, "kind")).containsExactlyElementsOf(kinds);
        assertThat(ConsoleStories.texts(then, "state")).containsExactly("broken", "broken", "ok", "ok", "ok",
                "broken", "broken");
        JsonNode chain = status.path("chains").get(0);
        assertThat(ConsoleStories.texts(chain, "kind")).containsExactlyElementsOf(kinds);
        assertThat(ConsoleStories.texts(chain, "state")).containsExactly("ok", "ok", "ok", "ok", "ok", "ok",
                "broken");
        assertThat(chain.get(5).path("detail").asString()).contains(restored.get(0).routeEntryId(), "Available");

        // The report of the run, from its history: the route written, who approved, the key to fix.
        ConsoleHttp.Reply report = api.get("/api/workflows/" + ConsoleHttp.encode(WORKFLOW) + "/report.md");
        assertThat(report.status()).isEqualTo(200);
        assertThat(report.raw().headers().firstValue("Content-Type").orElse("")).startsWith("text/markdown");
        assertThat(report.raw().body()).contains("| Approved | bob ", restored.get(0).routeEntryId(),
                "to `vpc-hz001` (it is `vpc-typo01`").contains("<!-- unstuck-report workflow=\"" + WORKFLOW + "\"");
        JsonNode runs = api.get("/api/workflows/" + ConsoleHttp.encode(WORKFLOW) + "/runs").body().path("runs");
        assertThat(runs).hasSize(1);
        assertThat(runs.get(0).path("outcome").asString()).isEqualTo("DONE");
        assertThat(runs.get(0).path("approvedBy").asString()).isEqualTo("bob");
        assertThat(runs.get(0).path("changes").get(0).asString()).contains(restored.get(0).routeEntryId());

        JsonNode world = api.sandbox().body();
        assertThat(ConsoleStories.texts(world.path("namespaces"), "name")).doesNotContain("dev").contains("payments");
        assertThat(world.path("apiServices").get(0).path("available").asBoolean()).isTrue();
        assertThat(ConsoleStories.texts(world.path("routeTables").get(0).path("entries"), "destination"))
                .containsOnlyOnce("172.16.1.0/24");

        await().atMost(Duration.ofSeconds(10)).until(() -> ConsoleStories.timeline(api, WORKFLOW).stream()
                .anyMatch(line -> line.startsWith("finished")));
        List<String> timeline = ConsoleStories.timeline(api, WORKFLOW);
        ConsoleStories.assertInOrder(timeline,
                "requested alice: remediation of namespace dev on dev-cluster requested",
                "activity unstuck: Diagnose completed",
                "decision alice: approve plan",
                "decision bob: approve plan",
                "activity unstuck: ExecuteStep completed",
                "cloud unstuck: created route entry " + restored.get(0).routeEntryId(),
                "activity unstuck: AwaitApiServicesAvailable completed",
                // Diagnosed once more after the APIService recovered: the sandbox's namespace controller is instant,
                // so dev is already gone and nothing is left to wait for.
                "activity unstuck: Diagnose completed",
                "finished unstuck: DONE: namespace dev is gone");
        assertThat(timeline).anyMatch(l -> l.startsWith("decision alice") && l.contains("SELF_APPROVAL"));
        assertThat(timeline).anyMatch(l -> l.startsWith("decision bob") && l.contains("APPROVED"));
        List<String> durations = new ArrayList<>();
        status.path("timings").forEach(t -> durations.add(t.path("phase").asString()));
        assertThat(durations).containsExactly("DIAGNOSING", "AWAITING_APPROVAL", "REPAIRING",
                "VERIFYING_APISERVICE", "WAITING_FOR_NAMESPACE");

        // The summary is posted into the conversation, and the id works with raw slashes too.
        await().atMost(Duration.ofSeconds(10)).until(() -> ConsoleStories.titles(api, conversation)
                .contains("Namespace dev on dev-cluster: done"));
        assertThat(api.get("/api/workflows/" + WORKFLOW + "/history").body().path("events").size())
                .isEqualTo(api.history(WORKFLOW).body().path("events").size());
    }
}
