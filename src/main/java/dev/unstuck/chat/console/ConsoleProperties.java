package dev.unstuck.chat.console;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code unstuck.console.*}: the local web console.
 *
 * @param enabled        on by default; the production profile turns it off unless set explicitly
 * @param defaultCluster the cluster {@code /ns-stuck dev} means when no {@code cluster:} is typed; when unset, the
 *                       only registered cluster (the sandbox's {@code dev-cluster} by default)
 * @param users          who may use the console, with their roles (and password hashes for {@code auth: basic})
 * @param auth           none (loopback sandbox: anyone picks who they are), basic or bearer
 * @param bearerToken    for {@code auth: bearer}: the shared secret, normally from an environment variable
 * @param bearerUser     for {@code auth: bearer}: the user (from {@code users}) the token signs in as
 */
@ConfigurationProperties("unstuck.console")
public record ConsoleProperties(@DefaultValue("true") boolean enabled, String defaultCluster,
                                Map<String, ConsoleAccount> users, @DefaultValue("none") ConsoleAuthMode auth,
                                String bearerToken, String bearerUser) {
    public ConsoleProperties {
        // Insertion order is the order of the user picker.
        users = users == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(users));
    }
}
