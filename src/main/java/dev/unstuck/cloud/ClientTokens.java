package dev.unstuck.cloud;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * ClientTokens derived from the workflow step, so that a retried request, a worker crash and a workflow replay all
 * send the same token and the cloud creates at most one entry per step. ASCII and at most 64 characters, as the
 * OpenAPI requires.
 */
public final class ClientTokens {
    private ClientTokens() {
    }

    public static String forStep(String workflowId, String stepId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((workflowId + "\n" + stepId).getBytes(StandardCharsets.UTF_8));
            return "unstuck-" + HexFormat.of().formatHex(digest, 0, 24);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }
}
