package dev.unstuck.workflow;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Workflow ids and button ids. One workflow per cluster and namespace, so a second request for the same namespace
 * finds the running one by id alone (the test server cannot list workflows).
 */
public final class RemediationIds {
    public static final String TASK_QUEUE = "unstuck-remediation";

    // Discord's custom id limit is 100; "approve|" + id + "|" + 12-character fingerprint must fit.
    private static final int MAX_WORKFLOW_ID = 100 - "approve|".length() - 1 - 12;

    private RemediationIds() {
    }

    /**
     * {@code unstuck/<cluster>/<namespace>}: '/' occurs in neither a cluster alias nor a namespace name, so two
     * targets can never share an id. Over-long ids keep a readable prefix and end in a digest of the full one.
     */
    public static String workflowId(String cluster, String namespace) {
        if (cluster == null || cluster.isBlank() || cluster.contains("/") || cluster.contains("|")) {
            throw new IllegalArgumentException("cluster alias must be non-empty without '/' or '|': " + cluster);
        }
        String id = "unstuck/" + cluster + "/" + namespace;
        if (id.length() <= MAX_WORKFLOW_ID) {
            return id;
        }
        return id.substring(0, MAX_WORKFLOW_ID - 13) + "~" + digest(id);
    }

    public static String approveButton(String workflowId, String fingerprint) {
        return "approve|" + workflowId + "|" + fingerprint;
    }

    public static String rejectButton(String workflowId, String fingerprint) {
        return "reject|" + workflowId + "|" + fingerprint;
    }

    public static String detailsButton(String workflowId) {
        return "details|" + workflowId;
    }

    /** Reads a button id back, for chat adapters: empty when it is not one of ours. */
    public static Optional<ButtonClick> parseButton(String id) {
        if (id == null) {
            return Optional.empty();
        }
        String[] parts = id.split("\\|", -1);
        if (parts.length == 3 && (parts[0].equals("approve") || parts[0].equals("reject"))) {
            return Optional.of(new ButtonClick(parts[0], parts[1], parts[2]));
        }
        if (parts.length == 2 && parts[0].equals("details")) {
            return Optional.of(new ButtonClick(parts[0], parts[1], null));
        }
        return Optional.empty();
    }

    private static String digest(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
