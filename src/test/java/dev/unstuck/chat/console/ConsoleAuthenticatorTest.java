package dev.unstuck.chat.console;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The console's own sign-in: PBKDF2 Basic, bearer token, and the configurations refused at start-up. */
class ConsoleAuthenticatorTest {
    // Made with: openssl kdf -keylen 32 -kdfopt digest:SHA256 -kdfopt pass:secret
    //   -kdfopt hexsalt:00112233445566778899aabbccddeeff -kdfopt iter:10000 PBKDF2
    static final String BOB_HASH = "pbkdf2-sha256:10000:00112233445566778899aabbccddeeff:"
            + "59171411b5aeefff64a9d8b33b2b4fee2d5ba877e0d31e8e9466b67850a35d51";
    static final String TOKEN = "0123456789abcdef0123456789abcdef-console";

    static ConsoleProperties basic() {
        return new ConsoleProperties(true, null, Map.of("bob", new ConsoleAccount(List.of("sre"), BOB_HASH)),
                ConsoleAuthMode.BASIC, null, null);
    }

    static String basicHeader(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aHashMadeWithOpensslVerifies_andAWrongPasswordDoesNot() {
        assertThat(Pbkdf2Password.matches("secret".toCharArray(), BOB_HASH)).isTrue();
        assertThat(Pbkdf2Password.matches("Secret".toCharArray(), BOB_HASH)).isFalse();
        String fresh = Pbkdf2Password.hash("hunter2".toCharArray(), HexFormat.of().parseHex("0102030405060708"),
                10_000);
        assertThat(Pbkdf2Password.matches("hunter2".toCharArray(), fresh)).isTrue();
    }

    @Test
    void basicSignsInTheConfiguredUserWithTheirRoles() {
        ConsoleAuthenticator auth = new ConsoleAuthenticator(basic());
        assertThat(auth.authenticate(basicHeader("bob", "secret")))
                .contains(new ConsoleIdentity("bob", List.of("sre")));
        assertThat(auth.authenticate(basicHeader("bob", "wrong"))).isEmpty();
        assertThat(auth.authenticate(basicHeader("mallory", "secret"))).isEmpty();
        assertThat(auth.authenticate("Basic not-base64!")).isEmpty();
        assertThat(auth.authenticate("Bearer " + TOKEN)).isEmpty();
        assertThat(auth.authenticate(null)).isEmpty();
        assertThat(auth.challenge()).startsWith("Basic realm=");
    }

    @Test
    void bearerSignsInTheConfiguredUser_onlyWithTheExactToken() {
        ConsoleAuthenticator auth = new ConsoleAuthenticator(new ConsoleProperties(true, null,
                Map.of("ops-bot", new ConsoleAccount(List.of("sre"), null)), ConsoleAuthMode.BEARER, TOKEN,
                "ops-bot"));
        assertThat(auth.authenticate("Bearer " + TOKEN)).contains(new ConsoleIdentity("ops-bot", List.of("sre")));
        assertThat(auth.authenticate("Bearer " + TOKEN + "x")).isEmpty();
        assertThat(auth.authenticate("Bearer " + TOKEN.substring(1))).isEmpty();
        assertThat(auth.authenticate(basicHeader("ops-bot", TOKEN))).isEmpty();
    }

    @Test
    void configurationsThatWouldLetAnyoneInOrNobodyIn_failAtStartUp() {
        assertThatThrownBy(() -> new ConsoleAuthenticator(new ConsoleProperties(true, null, Map.of(),
                ConsoleAuthMode.BASIC, null, null))).hasMessageContaining("needs unstuck.console.users");
        assertThatThrownBy(() -> new ConsoleAuthenticator(new ConsoleProperties(true, null,
                Map.of("bob", new ConsoleAccount(List.of("sre"), null)), ConsoleAuthMode.BASIC, null, null)))
                .hasMessageContaining("users.bob.password-hash is missing");
        assertThatThrownBy(() -> new ConsoleAuthenticator(new ConsoleProperties(true, null,
                Map.of("bob", new ConsoleAccount(List.of("sre"), "plaintext")), ConsoleAuthMode.BASIC, null, null)))
                .hasMessageContaining("must look like pbkdf2-sha256");
        assertThatThrownBy(() -> new ConsoleAuthenticator(new ConsoleProperties(true, null,
                Map.of("bob", new ConsoleAccount(List.of("sre"), "pbkdf2-sha256:1:00112233445566778899:"
                        + "00112233445566778899aabbccddeeff")), ConsoleAuthMode.BASIC, null, null)))
                .hasMessageContaining("too weak");
        assertThatThrownBy(() -> new ConsoleAuthenticator(new ConsoleProperties(true, null,
                Map.of("bob", new ConsoleAccount(List.of("sre"), null)), ConsoleAuthMode.BEARER, "short", "bob")))
                .hasMessageContaining("at least 32 characters");
        assertThatThrownBy(() -> new ConsoleAuthenticator(new ConsoleProperties(true, null,
                Map.of("bob", new ConsoleAccount(List.of("sre"), null)), ConsoleAuthMode.BEARER, TOKEN, "eve")))
                .hasMessageContaining("bearer-user must name one of");
    }

    @Test
    void theProductionProfileRefusesAConsoleWithoutAuthentication() {
        MockEnvironment production = new MockEnvironment();
        production.setActiveProfiles("production");
        ConsoleProperties open = new ConsoleProperties(true, null, Map.of(), ConsoleAuthMode.NONE, null, null);
        assertThatThrownBy(() -> new ConsoleConfiguration().consoleAuthenticator(open, production))
                .hasMessageContaining("needs unstuck.console.auth=basic or bearer");
        assertThat(new ConsoleConfiguration().consoleAuthenticator(basic(), production).mode())
                .isEqualTo(ConsoleAuthMode.BASIC);
        assertThat(new ConsoleConfiguration().consoleAuthenticator(open, new MockEnvironment()).mode())
                .isEqualTo(ConsoleAuthMode.NONE);
    }
}
