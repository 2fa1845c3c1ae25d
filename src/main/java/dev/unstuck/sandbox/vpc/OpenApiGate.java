package dev.unstuck.sandbox.vpc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the cloud's API gateway checks before any action runs: a known AccessKeyId, the HMAC-SHA1 signature, a
 * timestamp within 15 minutes and a nonce not seen before. Errors carry the gateway's codes and wording.
 */
final class OpenApiGate {
    private static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(15);

    private final Clock clock;
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final LinkedHashMap<String, Instant> nonces = new LinkedHashMap<>();

    OpenApiGate(Clock clock) {
        this.clock = clock;
    }

    void addCredentials(String accessKeyId, String accessKeySecret) {
        secrets.put(accessKeyId, accessKeySecret);
    }

    void authenticate(String method, Map<String, String> p) {
        String keyId = p.get("AccessKeyId");
        if (keyId == null || keyId.isEmpty()) {
            throw new VpcApiError(400, "MissingAccessKeyId", "AccessKeyId is mandatory for this action.");
        }
        String secret = secrets.get(keyId);
        if (secret == null) {
            throw new VpcApiError(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.");
        }
        if (!"HMAC-SHA1".equals(p.get("SignatureMethod")) || !"1.0".equals(p.get("SignatureVersion"))) {
            throw new VpcApiError(400, "InvalidSignatureMethod", "Specified signature method is not supported.");
        }
        String timestamp = p.get("Timestamp");
        if (timestamp == null) {
            throw new VpcApiError(400, "MissingTimestamp", "Timestamp is mandatory for this action.");
        }
        Instant sent;
        try {
            sent = Instant.parse(timestamp);
        } catch (DateTimeParseException e) {
            throw new VpcApiError(400, "InvalidTimeStamp.Format",
                    "Specified time stamp or date value is not well formatted.");
        }
        Instant now = clock.instant();
        if (Duration.between(sent, now).abs().compareTo(MAX_CLOCK_SKEW) > 0) {
            throw new VpcApiError(400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.");
        }
        String stringToSign = OpenApiSignature.stringToSign(method, p);
        String expected = OpenApiSignature.sign(secret, stringToSign);
        String given = p.getOrDefault("Signature", "");
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8))) {
            // The real gateway quotes its string-to-sign; the SDK compares it with its own to tell a wrong secret
            // (same string, different key) from a signing bug.
            throw new VpcApiError(400, "SignatureDoesNotMatch",
                    "Specified signature is not matched with our calculation. server string to sign is:"
                            + stringToSign);
        }
        String nonce = p.get("SignatureNonce");
        if (nonce == null || nonce.isEmpty()) {
            throw new VpcApiError(400, "MissingSignatureNonce", "SignatureNonce is mandatory for this action.");
        }
        synchronized (nonces) {
            for (Iterator<Instant> it = nonces.values().iterator(); it.hasNext(); ) {
                if (Duration.between(it.next(), now).compareTo(MAX_CLOCK_SKEW) > 0) {
                    it.remove();
                } else {
                    break;
                }
            }
            if (nonces.putIfAbsent(nonce, now) != null) {
                throw new VpcApiError(400, "SignatureNonceUsed", "Specified signature nonce was used already.");
            }
        }
    }
}
