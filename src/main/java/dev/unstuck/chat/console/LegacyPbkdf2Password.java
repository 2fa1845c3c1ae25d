package dev.unstuck.chat.console;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.crypto.password.Pbkdf2PasswordEncoder;

import java.util.HexFormat;

/**
 * Reads the console's first password format, {@code pbkdf2-sha256:<iterations>:<salt hex>:<hash hex>} (PBKDF2-HMAC-
 * SHA256 as {@code openssl kdf ... PBKDF2} makes it), so existing configurations keep working until each hash is
 * replaced by a bcrypt one. Only parses: the derivation and the constant-time comparison are Spring Security's
 * {@link Pbkdf2PasswordEncoder}. New hashes cannot be made in this format.
 */
final class LegacyPbkdf2Password implements PasswordEncoder {
    static final String PREFIX = "pbkdf2-sha256:";
    private static final int MIN_ITERATIONS = 10_000;

    /** The three parts of a legacy hash, checked. */
    private record Parts(int iterations, byte[] salt, byte[] hash) {
    }

    /** @throws IllegalArgumentException one line, for a hash that is malformed or too weak to keep accepting */
    static void check(String encoded) {
        parse(encoded);
    }

    @Override
    public String encode(CharSequence rawPassword) {
        throw new UnsupportedOperationException("pbkdf2-sha256 hashes are read only; make a bcrypt hash with"
                + " htpasswd -nbBC 12 <user> <password>");
    }

    @Override
    public boolean matches(CharSequence rawPassword, String encoded) {
        if (rawPassword == null || encoded == null) {
            return false;
        }
        Parts p;
        try {
            p = parse(encoded);
        } catch (IllegalArgumentException e) {
            return false;
        }
        // Spring's format is hex(salt + hash), keyed with salt + secret: an empty secret gives plain PBKDF2.
        Pbkdf2PasswordEncoder pbkdf2 = new Pbkdf2PasswordEncoder("", p.salt().length, p.iterations(),
                p.hash().length * 8);
        pbkdf2.setAlgorithm(Pbkdf2PasswordEncoder.SecretKeyFactoryAlgorithm.PBKDF2WithHmacSHA256);
        pbkdf2.setEncodeHashAsBase64(false);
        HexFormat hex = HexFormat.of();
        return pbkdf2.matches(rawPassword, hex.formatHex(p.salt()) + hex.formatHex(p.hash()));
    }

    private static Parts parse(String encoded) {
        String[] parts = encoded == null ? new String[0] : encoded.split(":", -1);
        if (parts.length != 4 || !(parts[0] + ":").equals(PREFIX)) {
            throw new IllegalArgumentException("a legacy hash looks like " + PREFIX
                    + "<iterations>:<salt hex>:<hash hex>");
        }
        try {
            int iterations = Integer.parseInt(parts[1]);
            byte[] salt = HexFormat.of().parseHex(parts[2]);
            byte[] hash = HexFormat.of().parseHex(parts[3]);
            if (iterations < MIN_ITERATIONS || salt.length < 8 || hash.length < 16) {
                throw new IllegalArgumentException("legacy hash too weak: at least " + MIN_ITERATIONS
                        + " iterations, an 8-byte salt and a 16-byte hash; make a bcrypt one instead");
            }
            return new Parts(iterations, salt, hash);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("legacy hash: iterations, salt and hash must be a number and hex");
        }
    }
}
