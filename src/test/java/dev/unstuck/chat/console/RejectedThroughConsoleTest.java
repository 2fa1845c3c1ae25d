package dev.unstuck.chat.console;

import dev.unstuck.sandbox.Sandbox;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Bob rejects the plan: nothing is written to the VPC, namespace dev stays stuck, later clicks find nobody waiting. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.temporal.test-server.enabled=true", "unstuck.remediation.approval-timeout=10m"})
@DirtiesContext
class RejectedThroughConsoleTest {
    private static final String WORKFLOW = "unstuck/dev-cluster/dev";

    @LocalServerPort
    int port;
    @Autowired
    Sandbox sandbox;

    @Test
    void onCallAliceCannotApprove_bobRejects_andNoRouteIsWritten() {
        ConsoleHttp api = new ConsoleHttp(port);
        // No roles in the body: alice gets her configured role, oncall.
        String conversation = api.post("/api/console/commands", "{\"user\":\"alice\",\"text\":\"/ns-stuck dev\"}")
                .body().path("conversationId").asString();
        String approve = ConsoleStories.awaitButton(api, conversation, "Approve");
        String reject = ConsoleStories.awaitButton(api, conversation, "Reject");

        assertThat(api.click(conversation, approve, "alice").body().path("verdict").asString())
                .isEqualTo("NOT_AN_APPROVER");
        ConsoleHttp.Reply rejected = api.click(conversation, reject, "bob");
        assertThat(rejected.body().path("verdict").asString()).isEqualTo("REJECTED");

        await().atMost(Duration.ofSeconds(30)).until(() -> api.status(WORKFLOW).body().path("finished").asBoolean());
        assertThat(api.status(WORKFLOW).body().path("phase").asString()).isEqualTo("REJECTED");
        assertThat(sandbox.vpc().server().entries("vtb-hz001")).noneMatch(e -> e.hasDestination("172.16.1.0/24"));
        assertThat(sandbox.vpc().server().requestCount("CreateRouteEntry")).isZero();
        assertThat(api.sandbox().body().path("namespaces").findValuesAsString("phase")).contains("Terminating");

        assertThat(api.click(conversation, approve, "bob").body().path("verdict").asString())
                .isEqualTo("NOT_WAITING");
        await().atMost(Duration.ofSeconds(10)).until(() -> ConsoleStories.enabledButtonLabels(
                ConsoleStories.liveMessage(api, conversation)).equals(java.util.List.of("Details")));
        assertThat(ConsoleStories.buttonLabels(ConsoleStories.liveMessage(api, conversation)))
                .as("approve and reject stay, disabled").containsExactly("Approve", "Reject", "Details");
        ConsoleStories.assertInOrder(ConsoleStories.timeline(api, WORKFLOW),
                "requested alice:", "decision alice: approve plan", "decision bob: reject plan",
                "finished unstuck: REJECTED");
    }
}
