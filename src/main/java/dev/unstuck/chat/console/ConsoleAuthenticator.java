package dev.unstuck.chat.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * Checks an {@code Authorization} header against the configured mode. Every comparison of a secret runs in
 * constant time, and an unknown user costs as much as a known one, so timing tells an attacker nothing.
 */
public final class ConsoleAuthenticator {
    // A valid hash of a random password: checked for unknown users so they take as long as known ones.
    private static final String DECOY = Pbkdf2Password.hash("decoy".toCharArray(), new byte[16], 10_000);

    private final ConsoleAuthMode mode;
    private final Map<String, ConsoleAccount> users;
    private final byte[] tokenDigest;
    private final String bearerUser;

    public ConsoleAuthenticator(ConsoleProperties props) {
        this.mode = props.auth();
        this.users = props.users();
        this.bearerUser = props.bearerUser();
        this.tokenDigest = props.bearerToken() == null ? null : sha256(props.bearerToken());
        validate(props);
    }

    public ConsoleAuthMode mode() {
        return mode;
    }

    /** The signed-in user, or empty when the header is missing or wrong. Never called with mode NONE. */
    public Optional<ConsoleIdentity> authenticate(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        return switch (mode) {
            case NONE -> Optional.empty();
            case BASIC -> basic(authorization);
            case BEARER -> bearer(authorization);
        };
    }

    /** The value of {@code WWW-Authenticate} on a 401. */
    public String challenge() {
        return mode == ConsoleAuthMode.BASIC ? "Basic realm=\"Unstuck console\", charset=\"UTF-8\""
                : "Bearer realm=\"Unstuck console\"";
    }

    private Optional<ConsoleIdentity> basic(String authorization) {
        if (!authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        String name = decoded.substring(0, colon);
        char[] password = decoded.substring(colon + 1).toCharArray();
        ConsoleAccount account = users.get(name);
        String hash = account == null || account.passwordHash() == null ? DECOY : account.passwordHash();
        boolean ok = Pbkdf2Password.matches(password, hash) && hash != DECOY;
        java.util.Arrays.fill(password, '\0');
        return ok ? Optional.of(new ConsoleIdentity(name, account.roles())) : Optional.empty();
    }

    private Optional<ConsoleIdentity> bearer(String authorization) {
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        // Digests first: isEqual is constant-time only for equal lengths, and digests always are.
        boolean ok = MessageDigest.isEqual(sha256(authorization.substring(7).trim()), tokenDigest);
        return ok ? Optional.of(new ConsoleIdentity(bearerUser, users.get(bearerUser).roles())) : Optional.empty();
    }

    /** Fails start-up on a configuration that would lock everyone out or let anyone in. */
    private void validate(ConsoleProperties props) {
        switch (mode) {
            case NONE -> {
            }
            case BASIC -> {
                if (users.isEmpty()) {
                    throw new IllegalStateException("unstuck.console.auth=basic needs unstuck.console.users with"
                            + " password-hash");
                }
                users.forEach((name, account) -> {
                    if (account.passwordHash() == null) {
                        throw new IllegalStateException("unstuck.console.users." + name + ".password-hash is missing"
                                + " (auth is basic)");
                    }
                    try {
                        Pbkdf2Password.checkFormat(account.passwordHash());
                    } catch (IllegalArgumentException e) {
                        throw new IllegalStateException("unstuck.console.users." + name + ".password-hash: "
                                + e.getMessage(), e);
                    }
                });
            }
            case BEARER -> {
                if (props.bearerToken() == null || props.bearerToken().length() < 32) {
                    throw new IllegalStateException("unstuck.console.auth=bearer needs unstuck.console.bearer-token"
                            + " (UNSTUCK_CONSOLE_TOKEN) of at least 32 characters, e.g. openssl rand -hex 32");
                }
                if (bearerUser == null || !users.containsKey(bearerUser)) {
                    throw new IllegalStateException("unstuck.console.bearer-user must name one of"
                            + " unstuck.console.users " + users.keySet());
                }
            }
        }
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
