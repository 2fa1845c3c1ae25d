package dev.unstuck.chat.console;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/** The console with a bearer token (a filter in Spring Security's chain): only the exact token signs in. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.temporal.test-server.enabled=true",
        "unstuck.console.auth=bearer",
        "unstuck.console.bearer-token=" + ConsoleAccounts.TOKEN,
        "unstuck.console.bearer-user=ops-bot",
        "unstuck.console.users.ops-bot.roles=sre"})
@DirtiesContext
class ConsoleBearerAuthTest {
    @LocalServerPort
    int port;

    @Test
    void onlyTheExactTokenSignsIn_asTheBearerUser() {
        ConsoleHttp none = new ConsoleHttp(port);
        ConsoleHttp.Reply anonymous = none.get("/api/console/session");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.raw().headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"Unstuck console\"");
        for (String wrong : new String[]{"Bearer " + ConsoleAccounts.TOKEN + "x", "Bearer "
                + ConsoleAccounts.TOKEN.substring(1), "Bearer ", ConsoleHttp.basic("ops-bot", ConsoleAccounts.TOKEN)}) {
            ConsoleHttp.Reply r = none.as(wrong).get("/api/console/session");
            assertThat(r.status()).as(wrong).isEqualTo(401);
            assertThat(r.error()).isEqualTo("sign in to use the Unstuck console");
        }
        ConsoleHttp bot = none.as("Bearer " + ConsoleAccounts.TOKEN);
        assertThat(bot.get("/api/console/session").body().path("signedIn").path("name").asString())
                .isEqualTo("ops-bot");
        assertThat(bot.get("/").raw().body()).contains("<title>Unstuck console</title>");
        assertThat(bot.sandbox().status()).isEqualTo(200);
    }
}
