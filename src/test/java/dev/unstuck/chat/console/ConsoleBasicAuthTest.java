package dev.unstuck.chat.console;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console with HTTP Basic: pages and API need a password, and the acting user is the signed-in one whatever
 * the request body claims.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.temporal.test-server.enabled=true",
        "unstuck.console.auth=basic",
        "unstuck.console.users.alice.roles=oncall",
        "unstuck.console.users.alice.password-hash=" + ConsoleAuthenticatorTest.BOB_HASH,
        "unstuck.console.users.bob.roles=sre",
        "unstuck.console.users.bob.password-hash=" + ConsoleAuthenticatorTest.BOB_HASH})
@DirtiesContext
class ConsoleBasicAuthTest {
    @LocalServerPort
    int port;

    @Test
    void withoutAPasswordNothingIsServed() {
        ConsoleHttp anonymous = new ConsoleHttp(port);
        for (String path : new String[]{"/", "/index.html", "/api/sandbox", "/api/console/session"}) {
            ConsoleHttp.Reply r = anonymous.get(path);
            assertThat(r.status()).as(path).isEqualTo(401);
            assertThat(r.raw().headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v ->
                    assertThat(v).startsWith("Basic realm="));
        }
        assertThat(anonymous.command("alice", "[\"sre\"]", "/ns-stuck dev").status()).isEqualTo(401);
        assertThat(anonymous.as(ConsoleAuthenticatorTest.basicHeader("bob", "guess"))
                .command("bob", "[\"sre\"]", "/ns-stuck dev").status()).isEqualTo(401);
    }

    @Test
    void theSignedInUserActs_notTheOneNamedInTheBody() {
        ConsoleHttp alice = new ConsoleHttp(port, ConsoleAuthenticatorTest.basicHeader("alice", "secret"));
        assertThat(alice.get("/api/console/session").body().path("signedIn").path("name").asString())
                .isEqualTo("alice");
        // Claims to be bob with sre; the console knows better.
        ConsoleHttp.Reply asked = alice.command("bob", "[\"sre\",\"admin\"]", "/ns-stuck dev");
        assertThat(asked.status()).isEqualTo(201);
        String conversation = asked.body().path("conversationId").asString();
        assertThat(alice.conversation(conversation).body().path("messages").get(0).path("author").asString())
                .isEqualTo("alice");
        String approve = ConsoleStories.awaitButton(alice, conversation, "Approve");
        assertThat(alice.click(conversation, approve, "bob", "[\"sre\"]").body().path("verdict").asString())
                .isEqualTo("NOT_AN_APPROVER");
        ConsoleStories.assertInOrder(ConsoleStories.timeline(alice, "unstuck/dev-cluster/dev"),
                "requested alice:", "decision alice: approve plan");
    }
}
