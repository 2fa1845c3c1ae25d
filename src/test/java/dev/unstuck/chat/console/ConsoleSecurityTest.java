package dev.unstuck.chat.console;

import dev.unstuck.chat.People;
import dev.unstuck.chat.Person;
import dev.unstuck.config.ConfigurationProblem;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Which password hashes the console takes (Spring Security's encoders do the checking), and which console settings
 * start-up refuses: none wherever it would let anyone act as anyone, a short bearer token, a person whose console
 * login does not exist.
 */
class ConsoleSecurityTest {
    private final PasswordEncoder encoder = ConsolePasswords.encoder();

    @Test
    void aHashFromHtpasswdCost12VerifiesItsPassword_andNoOther() {
        String stored = ConsolePasswords.normalized("bob", ConsoleAccounts.BOB_COST_12);
        assertThat(stored).isEqualTo("{bcrypt}" + ConsoleAccounts.BOB_COST_12);
        assertThat(encoder.matches("correct horse", stored)).isTrue();
        assertThat(encoder.matches("correct horse ", stored)).isFalse();
        assertThat(encoder.matches("Correct horse", stored)).isFalse();
    }

    @Test
    void springsOwnBcryptPrefixIsTakenToo() {
        String stored = ConsolePasswords.normalized("alice", "{bcrypt}" + ConsoleAccounts.ALICE_HASH);
        assertThat(encoder.matches(ConsoleAccounts.ALICE_PASSWORD, stored)).isTrue();
    }

    @Test
    void aLegacyPbkdf2HashMadeWithOpensslStillVerifies() {
        String stored = ConsolePasswords.normalized("legacy", ConsoleAccounts.LEGACY_SECRET);
        assertThat(ConsolePasswords.legacy(stored)).isTrue();
        assertThat(encoder.matches("secret", stored)).isTrue();
        assertThat(encoder.matches("Secret", stored)).isFalse();
    }

    @Test
    void hashesThatWouldNotProtectAnythingAreRefusedWithOneLine() {
        assertThatThrownBy(() -> ConsolePasswords.normalized("bob", null))
                .hasMessage("is missing; make one with htpasswd -nbBC 12 bob '<password>' and paste what follows"
                        + " 'bob:'");
        assertThatThrownBy(() -> ConsolePasswords.normalized("bob", "bob:" + ConsoleAccounts.BOB_HASH))
                .hasMessage("paste only what follows 'bob:' in htpasswd's output");
        assertThatThrownBy(() -> ConsolePasswords.normalized("bob", "{noop}hunter2"))
                .hasMessageStartingWith("is not a bcrypt hash");
        assertThatThrownBy(() -> ConsolePasswords.normalized("bob", "hunter2"))
                .hasMessageStartingWith("is not a bcrypt hash");
        assertThatThrownBy(() -> ConsolePasswords.normalized("weak", ConsoleAccounts.WEAK_COST_4))
                .hasMessage("bcrypt cost 4 is too low; use at least 10 (htpasswd -nbBC 12 ...)");
        assertThatThrownBy(() -> ConsolePasswords.normalized("bob", "pbkdf2-sha256:1:00112233445566778899:"
                + "00112233445566778899aabbccddeeff")).hasMessageContaining("too weak");
        assertThatThrownBy(() -> ConsolePasswords.normalized("bob", "pbkdf2-sha256:many:zz:zz"))
                .hasMessageContaining("must be a number and hex");
    }

    @Test
    void authNoneIsOnlyForTheSandboxOnLoopback() {
        ConsoleProperties none = new ConsoleProperties(true, null, Map.of(), ConsoleAuthMode.NONE, null, null);
        ConsoleSecurity.checkAuthority(none, List.of(), "127.0.0.1", false, People.none());
        assertThatThrownBy(() -> ConsoleSecurity.checkAuthority(none, List.of("prod"), "127.0.0.1", false,
                People.none())).isInstanceOf(ConfigurationProblem.class)
                .hasMessageStartingWith("unstuck.console.auth: is none while cluster(s) [prod] are configured");
        assertThatThrownBy(() -> ConsoleSecurity.checkAuthority(none, List.of(), "0.0.0.0", false, People.none()))
                .hasMessageStartingWith("unstuck.console.auth: is none while the console listens on 0.0.0.0");
        assertThatThrownBy(() -> ConsoleSecurity.checkAuthority(none, List.of(), null, false, People.none()))
                .hasMessageStartingWith("unstuck.console.auth: is none while the console listens on every interface");
        assertThatThrownBy(() -> ConsoleSecurity.checkAuthority(none, List.of(), "127.0.0.1", true, People.none()))
                .hasMessageStartingWith("unstuck.console.auth: is none in the production profile");
    }

    @Test
    void aBearerTokenMustBeLongAndSignInAsAConfiguredUser() {
        Map<String, ConsoleAccount> users = Map.of("ops-bot", new ConsoleAccount(List.of("sre"), null));
        ConsoleSecurity.checkAuthority(new ConsoleProperties(true, null, users, ConsoleAuthMode.BEARER,
                ConsoleAccounts.TOKEN, "ops-bot"), List.of("prod"), "0.0.0.0", true, People.none());
        assertThatThrownBy(() -> ConsoleSecurity.checkAuthority(new ConsoleProperties(true, null, users,
                ConsoleAuthMode.BEARER, "short", "ops-bot"), List.of("prod"), null, true, People.none()))
                .hasMessageStartingWith("unstuck.console.bearer-token: auth bearer needs a token");
        assertThatThrownBy(() -> ConsoleSecurity.checkAuthority(new ConsoleProperties(true, null, users,
                ConsoleAuthMode.BEARER, ConsoleAccounts.TOKEN, "eve"), List.of("prod"), null, true, People.none()))
                .hasMessageStartingWith("unstuck.console.bearer-user: must name one of unstuck.console.users");
    }

    @Test
    void aPersonLinkedToAConsoleLoginNobodyHasIsRefused() {
        ConsoleProperties basic = new ConsoleProperties(true, null, Map.of("alice",
                new ConsoleAccount(List.of("sre"), ConsoleAccounts.ALICE_HASH)), ConsoleAuthMode.BASIC, null, null);
        People people = new People(Map.of("alice", new Person(null, "alicia")));
        assertThatThrownBy(() -> ConsoleSecurity.checkAuthority(basic, List.of("prod"), null, false, people))
                .hasMessage("unstuck.people.alice.console: 'alicia' is not one of unstuck.console.users [alice]");
    }
}
