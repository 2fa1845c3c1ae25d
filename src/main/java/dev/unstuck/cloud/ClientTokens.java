package dev.unstuck.cloud;

import dev.unstuck.remediation.StepRun;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * ClientTokens derived from the workflow, its run and the step: a retried request, a worker crash and a workflow
 * replay all send the same token, so the cloud creates at most one entry per step of a run; a later run (the same
 * namespace stuck again months later) sends a new token, so the cloud never answers it with an entry that has long
 * been deleted. ASCII and at most 64 characters, as the OpenAPI requires.
 */
public final class ClientTokens {
    private ClientTokens() {
    }

    public static String forStep(StepRun run) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    (run.workflowId() + "\n" + run.runId() + "\n" + run.stepId()).getBytes(StandardCharsets.UTF_8));
            return "unstuck-" + HexFormat.of().formatHex(digest, 0, 24);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }
}
