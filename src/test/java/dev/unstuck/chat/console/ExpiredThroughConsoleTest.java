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

/** Nobody answers within the approval timeout: the run expires, nothing is executed, a late Approve is refused. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.temporal.test-server.enabled=true", "unstuck.remediation.approval-timeout=3s"})
@DirtiesContext
class ExpiredThroughConsoleTest {
    private static final String WORKFLOW = "unstuck/dev-cluster/dev";

    @LocalServerPort
    int port;
    @Autowired
    Sandbox sandbox;

    @Test
    void nobodyApprovesInTime_theRemediationExpires_andALateApprovalFindsNobodyWaiting() {
        ConsoleHttp api = new ConsoleHttp(port);
        String conversation = api.command("alice", "/ns-stuck dev").body().path("conversationId")
                .asString();
        String approve = ConsoleStories.awaitButton(api, conversation, "Approve");

        await().atMost(Duration.ofSeconds(30)).until(() -> api.status(WORKFLOW).body().path("finished").asBoolean());
        assertThat(api.status(WORKFLOW).body().path("phase").asString()).isEqualTo("EXPIRED");
        assertThat(api.click(conversation, approve, "bob").body().path("verdict").asString())
                .isEqualTo("NOT_WAITING");
        assertThat(sandbox.vpc().server().requestCount("CreateRouteEntry")).isZero();
        ConsoleStories.assertInOrder(ConsoleStories.timeline(api, WORKFLOW), "requested alice:",
                "timer unstuck: the approval wait ran out", "finished unstuck: EXPIRED");
        await().atMost(Duration.ofSeconds(10)).until(() -> ConsoleStories.titles(api, conversation)
                .contains("Namespace dev on dev-cluster: expired"));
    }
}
