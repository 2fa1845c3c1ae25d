package dev.unstuck.chat.console;

import dev.unstuck.workflow.RemediationIds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import java.time.Duration;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Whatever is typed or posted, bad input gets one readable line and a 400, and never starts a remediation. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.temporal.test-server.enabled=true")
@DirtiesContext
class ConsoleInputValidationTest {
    @LocalServerPort
    int port;

    static Stream<org.junit.jupiter.params.provider.Arguments> badCommands() {
        return Stream.of(
                arguments("not JSON", "{\"user\":\"alice\",\"text\":", "JSON object"),
                arguments("a JSON array", "[\"/ns-stuck dev\"]", "JSON object"),
                arguments("no user", "{\"text\":\"/ns-stuck dev\"}", "\"user\" is missing"),
                arguments("blank user", "{\"user\":\"  \",\"text\":\"/ns-stuck dev\"}", "\"user\" is missing"),
                arguments("user with a line break", "{\"user\":\"alice\\nbob\",\"text\":\"/ns-stuck dev\"}",
                        "must be 1-64 letters"),
                arguments("a user nobody configured", "{\"user\":\"mallory\",\"text\":\"/ns-stuck dev\"}",
                        "unknown user 'mallory'; the console's users are alice, bob"),
                arguments("no text", "{\"user\":\"alice\"}", "type a command"),
                arguments("unknown command", "{\"user\":\"alice\",\"text\":\"/ns-unstick dev\"}",
                        "unknown command '/ns-unstick'"),
                arguments("no slash", "{\"user\":\"alice\",\"text\":\"ns-stuck dev\"}", "unknown command"),
                arguments("no namespace", "{\"user\":\"alice\",\"text\":\"/ns-stuck\"}", "which namespace?"),
                arguments("upper-case namespace", "{\"user\":\"alice\",\"text\":\"/ns-stuck Dev\"}",
                        "not a DNS-1123 label"),
                arguments("namespace too long", "{\"user\":\"alice\",\"text\":\"/ns-stuck " + "a".repeat(64) + "\"}",
                        "at most 63"),
                arguments("unknown cluster", "{\"user\":\"alice\",\"text\":\"/ns-stuck dev cluster:prod\"}",
                        "unknown cluster 'prod'; known: dev-cluster"),
                arguments("unknown option", "{\"user\":\"alice\",\"text\":\"/ns-stuck dev force:true\"}",
                        "unknown option 'force'"),
                arguments("namespace twice", "{\"user\":\"alice\",\"text\":\"/ns-stuck dev namespace:dev\"}",
                        "namespace is given twice"),
                arguments("over-long command", "{\"user\":\"alice\",\"text\":\"/ns-stuck " + "x ".repeat(200)
                        + "\"}", "at most 300"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCommands")
    void aBadCommandIsRefusedWithOneLine_andNothingStarts(String what, String body, String error) {
        ConsoleHttp api = new ConsoleHttp(port);
        ConsoleHttp.Reply reply = api.post("/api/console/commands", body);
        assertThat(reply.status()).as(what).isEqualTo(400);
        assertThat(reply.error()).contains(error).doesNotContain("\n");
        assertThat(api.history("unstuck/dev-cluster/dev").status()).as("no workflow for dev").isEqualTo(404);
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> badClicks() {
        String bob = "{\"user\":\"bob\"}";
        String details = RemediationIds.detailsButton("unstuck/dev-cluster/payments");
        return Stream.of(
                arguments("not JSON", details, "{\"user\":", 400, "JSON object"),
                arguments("a JSON string", details, "\"bob\"", 400, "JSON object"),
                arguments("no user", details, "{}", 400, "\"user\" is missing"),
                arguments("a user nobody configured", details, "{\"user\":\"mallory\"}", 400,
                        "unknown user 'mallory'"),
                arguments("unknown action", "x.0123456789.62d22e3e9973.udev-cluster_payments", bob, 400,
                        "unknown button"),
                arguments("approve without a plan", "a.0123456789.udev-cluster_payments", bob, 400,
                        "unknown button"),
                arguments("a button of the first version", "approve|unstuck/dev-cluster/payments|62d22e3e9973", bob,
                        400, "unknown button"),
                arguments("a button of another remediation", RemediationIds.approveButton("unstuck/dev-cluster/dev",
                        "0123456789", "62d22e3e9973"), bob, 400, "belongs to another conversation"),
                arguments("no button at all", "", bob, 400, "unknown button"),
                arguments("a conversation nobody opened", null, bob, 404, "no conversation"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badClicks")
    void aBadClickIsRefused_andTheRemediationIsUntouched(String what, String button, String body, int status,
                                                         String error) {
        ConsoleHttp api = new ConsoleHttp(port);
        String conversation = api.command("alice", "/ns-stuck payments").body()
                .path("conversationId").asString();
        await().atMost(Duration.ofSeconds(30)).until(() -> api.status("unstuck/dev-cluster/payments").body()
                .path("finished").asBoolean());
        String path = button == null ? "/api/console/conversations/c-nobody/buttons/d.udev-cluster_x"
                : "/api/console/conversations/" + conversation + "/buttons/" + ConsoleHttp.encode(button);
        ConsoleHttp.Reply reply = api.post(path, body);
        assertThat(reply.status()).as(what).isEqualTo(status);
        assertThat(reply.error()).contains(error).doesNotContain("\n");
        assertThat(api.history("unstuck/dev-cluster/dev").status()).as("no workflow for dev").isEqualTo(404);
    }

    @Test
    void unknownIdsAnswer404() {
        ConsoleHttp api = new ConsoleHttp(port);
        assertThat(api.conversation("c-0000").status()).isEqualTo(404);
        assertThat(api.history("unstuck/dev-cluster/nothing-here").status()).isEqualTo(404);
        assertThat(api.status("unstuck/dev-cluster/nothing-here").status()).isEqualTo(404);
        assertThat(api.get("/api/workflows/unstuck/dev-cluster/dev/everything").status()).isEqualTo(404);
        assertThat(api.get("/api/workflows/unstuck/dev-cluster/nothing-here/report.md").status()).isEqualTo(404);
        assertThat(api.get("/api/workflows/unstuck/dev-cluster/nothing-here/runs").body().path("runs")).isEmpty();
        ConsoleHttp.Reply notAnId = api.get("/api/workflows/nothing/runs");
        assertThat(notAnId.status()).isEqualTo(404);
        assertThat(notAnId.error()).contains("ids look like unstuck/<cluster>/<namespace>");
        ConsoleHttp.Reply badRun = api.get("/api/workflows/unstuck/dev-cluster/dev/report.md?run=a%20b");
        assertThat(badRun.status()).isEqualTo(400);
        assertThat(badRun.error()).isEqualTo("run must be a run id like 6c1ab988-fd72-48e9-b4ae-a7bd4b8fe5cf");
    }

    @Test
    void aHealthyNamespaceIsReportedAsNothingToDo() {
        ConsoleHttp api = new ConsoleHttp(port);
        String conversation = api.command("alice", "/ns-stuck namespace:payments cluster:dev-cluster")
                .body().path("conversationId").asString();
        await().atMost(Duration.ofSeconds(30)).until(() -> ConsoleStories.titles(api, conversation)
                .contains("Namespace payments on dev-cluster: nothing to do"));
    }
}
