package dev.unstuck.chat.console;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The password hashes {@code unstuck.console.users.<name>.password-hash} accepts, checked at start-up:
 * <ul>
 *   <li>bcrypt as {@code htpasswd -nbBC 12 <user> <password>} prints it after {@code <user>:}
 *       ({@code $2y$12$...}; {@code $2a$}/{@code $2b$} too), with or without Spring's {@code {bcrypt}} prefix;</li>
 *   <li>legacy {@code pbkdf2-sha256:...} hashes of earlier versions (see {@link LegacyPbkdf2Password}).</li>
 * </ul>
 * Verified by Spring Security's {@link DelegatingPasswordEncoder}; nothing else (no {@code {noop}} plain text).
 */
final class ConsolePasswords {
    static final String BCRYPT = "bcrypt";
    static final String LEGACY = "pbkdf2-sha256";
    /** Below this bcrypt cost a hash is refused: 2^10 rounds is the least still considered slow enough. */
    static final int MIN_BCRYPT_COST = 10;
    private static final Pattern BCRYPT_HASH = Pattern.compile("\\$2[aby]\\$(\\d\\d)\\$[./0-9A-Za-z]{53}");

    private ConsolePasswords() {
    }

    static PasswordEncoder encoder() {
        return new DelegatingPasswordEncoder(BCRYPT, Map.of(BCRYPT, new BCryptPasswordEncoder(),
                LEGACY, new LegacyPbkdf2Password()));
    }

    /**
     * The hash with the {@code {id}} prefix {@link #encoder()} dispatches on.
     *
     * @param user whose hash it is, named in the error
     * @throws IllegalArgumentException one line saying what is wrong and how to make a good one
     */
    static String normalized(String user, String hash) {
        if (hash == null || hash.isBlank()) {
            throw new IllegalArgumentException("is missing; make one with htpasswd -nbBC 12 " + user
                    + " '<password>' and paste what follows '" + user + ":'");
        }
        String h = hash.strip();
        if (h.startsWith(user + ":")) {
            throw new IllegalArgumentException("paste only what follows '" + user + ":' in htpasswd's output");
        }
        if (h.startsWith("{" + BCRYPT + "}")) {
            h = h.substring(BCRYPT.length() + 2);
        }
        if (h.startsWith(LegacyPbkdf2Password.PREFIX)) {
            LegacyPbkdf2Password.check(h);
            return "{" + LEGACY + "}" + h;
        }
        Matcher m = BCRYPT_HASH.matcher(h);
        if (!m.matches()) {
            throw new IllegalArgumentException("is not a bcrypt hash ($2y$12$ and 53 more characters); make one with"
                    + " htpasswd -nbBC 12 " + user + " '<password>'");
        }
        int cost = Integer.parseInt(m.group(1));
        if (cost < MIN_BCRYPT_COST) {
            throw new IllegalArgumentException("bcrypt cost " + cost + " is too low; use at least "
                    + MIN_BCRYPT_COST + " (htpasswd -nbBC 12 ...)");
        }
        return "{" + BCRYPT + "}" + h;
    }

    static boolean legacy(String normalized) {
        return normalized.startsWith("{" + LEGACY + "}");
    }
}
