package dev.unstuck.chat.discord;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The nonce of a message Unstuck posts once: the same for every attempt at the same post, whichever process makes
 * it, so that Discord (which enforces nonces for a few minutes, and JDA always asks it to) answers a repeated
 * attempt with the message it already created.
 */
final class DiscordNonce {
    /** Discord's limit for a nonce. */
    static final int MAX_LENGTH = 25;

    private DiscordNonce() {
    }

    static String of(String conversationId, String postKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((conversationId + "\u0000" + postKey).getBytes(StandardCharsets.UTF_8));
            String base36 = new BigInteger(1, digest).toString(36);
            return "u" + base36.substring(0, MAX_LENGTH - 1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
