package dev.unstuck.chat.console;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console with HTTP Basic (Spring Security, bcrypt hashes from htpasswd): pages and API need a password, and the
 * acting user is the signed-in one whatever the request body claims.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.temporal.test-server.enabled=true",
        "unstuck.console.auth=basic",
        "unstuck.console.users.alice.roles=oncall",
        "unstuck.console.users.alice.password-hash=" + ConsoleAccounts.ALICE_HASH,
        "unstuck.console.users.bob.roles=sre",
        "unstuck.console.users.bob.password-hash=" + ConsoleAccounts.BOB_COST_12,
        "unstuck.console.users.legacy.roles=oncall",
        "unstuck.console.users.legacy.password-hash=" + ConsoleAccounts.LEGACY_SECRET})
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
            assertThat(r.error()).isEqualTo("sign in to use the Unstuck console");
            assertThat(r.raw().headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v ->
                    assertThat(v).startsWith("Basic realm="));
        }
        assertThat(anonymous.command("alice", "/ns-stuck dev").status()).isEqualTo(401);
        assertThat(anonymous.as(ConsoleHttp.basic("bob", "guess")).command("bob", "/ns-stuck dev").status())
                .isEqualTo(401);
        assertThat(anonymous.as(ConsoleHttp.basic("mallory", "correct horse")).get("/").status()).isEqualTo(401);
        assertThat(anonymous.as("Bearer " + ConsoleAccounts.TOKEN).get("/").status()).isEqualTo(401);
    }

    @Test
    void aCost12HashFromHtpasswd_andALegacyPbkdf2Hash_bothSignIn() {
        ConsoleHttp bob = new ConsoleHttp(port, ConsoleHttp.basic("bob", "correct horse"));
        assertThat(bob.get("/api/console/session").body().path("signedIn").path("name").asString()).isEqualTo("bob");
        assertThat(bob.get("/").raw().body()).contains("<title>Unstuck console</title>");
        ConsoleHttp legacy = new ConsoleHttp(port, ConsoleHttp.basic("legacy", "secret"));
        assertThat(legacy.get("/api/console/session").body().path("signedIn").path("name").asString())
                .isEqualTo("legacy");
        assertThat(new ConsoleHttp(port, ConsoleHttp.basic("legacy", "Secret")).get("/").status()).isEqualTo(401);
    }

    @Test
    void theSignedInUserActs_notTheOneNamedInTheBody() {
        ConsoleHttp alice = new ConsoleHttp(port, ConsoleHttp.basic("alice", ConsoleAccounts.ALICE_PASSWORD));
        assertThat(alice.get("/api/console/session").body().path("signedIn").path("name").asString())
                .isEqualTo("alice");
        // Claims to be bob, and to hold sre; the console knows better.
        ConsoleHttp.Reply asked = alice.post("/api/console/commands",
                "{\"user\":\"bob\",\"roles\":[\"sre\",\"admin\"],\"text\":\"/ns-stuck dev\"}");
        assertThat(asked.status()).isEqualTo(201);
        String conversation = asked.body().path("conversationId").asString();
        assertThat(alice.conversation(conversation).body().path("messages").get(0).path("author").asString())
                .isEqualTo("alice");
        String approve = ConsoleStories.awaitButton(alice, conversation, "Approve");
        assertThat(alice.post("/api/console/conversations/" + conversation + "/buttons/" + approve,
                "{\"user\":\"bob\",\"roles\":[\"sre\"]}").body().path("verdict").asString())
                .isEqualTo("NOT_AN_APPROVER");
        ConsoleStories.assertInOrder(ConsoleStories.timeline(alice, "unstuck/dev-cluster/dev"),
                "requested alice:", "decision alice: approve plan");
    }

    @Test
    void aFormPostedFromAnotherSiteIsRefused_andStartsNothing() {
        ConsoleHttp alice = new ConsoleHttp(port, ConsoleHttp.basic("alice", ConsoleAccounts.ALICE_PASSWORD));
        ConsoleHttp.Reply form = alice.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + port + "/api/console/commands"))
                .header("Content-Type", "text/plain")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"text\":\"/ns-stuck payments\"}")));
        assertThat(form.status()).isEqualTo(415);
        assertThat(form.error()).isEqualTo("send JSON (Content-Type: application/json)");
        assertThat(alice.history("unstuck/dev-cluster/payments").status()).isEqualTo(404);
    }
}
