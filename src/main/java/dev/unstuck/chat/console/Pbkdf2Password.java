package dev.unstuck.chat.console;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * PBKDF2-HMAC-SHA256 password hashes in the form {@code pbkdf2-sha256:<iterations>:<salt hex>:<hash hex>}, the JDK's
 * own implementation so the console needs no security library. The same hash comes out of
 * {@code openssl kdf -keylen 32 -kdfopt digest:SHA256 -kdfopt pass:PASSWORD -kdfopt hexsalt:SALT
 * -kdfopt iter:600000 PBKDF2} (colons removed, lower-cased), so operators can make one without running Unstuck.
 */
public final class Pbkdf2Password {
    public static final String PREFIX = "pbkdf2-sha256";
    /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. */
    public static final int DEFAULT_ITERATIONS = 600_000;
    private static final int MIN_ITERATIONS = 10_000;

    private Pbkdf2Password() {
    }

    public static String hash(char[] password) {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        return hash(password, salt, DEFAULT_ITERATIONS);
    }

    public static String hash(char[] password, byte[] salt, int iterations) {
        HexFormat hex = HexFormat.of();
        return PREFIX + ":" + iterations + ":" + hex.formatHex(salt) + ":" + hex.formatHex(derive(password, salt,
                iterations, 32));
    }

    /** Throws IllegalArgumentException for a malformed hash, so a configuration typo fails at start-up. */
    public static void checkFormat(String encoded) {
        parse(encoded);
    }

    /** Compares in constant time; false for a wrong password, never an exception for one. */
    public static boolean matches(char[] password, String encoded) {
        Parsed p = parse(encoded);
        byte[] actual = derive(password, p.salt(), p.iterations(), p.hash().length);
        return MessageDigest.isEqual(actual, p.hash());
    }

    static byte[] derive(char[] password, byte[] salt, int iterations, int length) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, length * 8);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every Java runtime", e);
        } finally {
            spec.clearPassword();
        }
    }

    private static Parsed parse(String encoded) {
        String[] parts = encoded == null ? new String[0] : encoded.split(":", -1);
        if (parts.length != 4 || !parts[0].equals(PREFIX)) {
            throw new IllegalArgumentException("password hash must look like " + PREFIX
                    + ":<iterations>:<salt hex>:<hash hex>");
        }
        try {
            int iterations = Integer.parseInt(parts[1]);
            byte[] salt = HexFormat.of().parseHex(parts[2]);
            byte[] hash = HexFormat.of().parseHex(parts[3]);
            if (iterations < MIN_ITERATIONS || salt.length < 8 || hash.length < 16) {
                throw new IllegalArgumentException("password hash too weak: at least " + MIN_ITERATIONS
                        + " iterations, an 8-byte salt and a 16-byte hash");
            }
            return new Parsed(iterations, salt, hash);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("password hash: iterations, salt and hash must be a number and hex",
                    e);
        }
    }

    private record Parsed(int iterations, byte[] salt, byte[] hash) {
    }
}
