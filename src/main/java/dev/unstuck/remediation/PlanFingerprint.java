package dev.unstuck.remediation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A short stable digest of a plan. An approval names the fingerprint of the plan the approver saw; if the world
 * changed and the plan with it, the approval no longer applies.
 */
public final class PlanFingerprint {
    private PlanFingerprint() {
    }

    public static String of(List<PlanStep> plan) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (PlanStep step : plan) {
                sha.update(step.describe().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) '\n');
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
