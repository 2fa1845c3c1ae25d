package dev.unstuck.workflow;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Workflow ids and button ids. One workflow per cluster and namespace, so a second request for the same namespace
 * finds the running one by id alone (the test server cannot list workflows).
 *
 * <p>Button ids are opaque to clients and made only of URL-unreserved characters ({@code A-Z a-z 0-9 - . _ ~}), so
 * they go into a URL path as they are. Approve and Reject are bound to the run that drew them and to the plan shown:
 * {@code a.<run tag>.<fingerprint>.<workflow>} and {@code r....}; Details is {@code d.<workflow>}. They fit Discord's
 * 100-character limit for custom ids.
 */
public final class RemediationIds {
    public static final String TASK_QUEUE = "unstuck-remediation";
    /** Discord's limit for a component's custom id. */
    public static final int MAX_BUTTON_ID = 100;

    /**
     * Where a namespace name stands for the repair of a cluster's node routes: '~' is in no namespace name, so it can
     * never be mistaken for one, and it keeps the compact button form.
     */
    public static final String NODE_ROUTES = "~node-routes";

    private static final String PREFIX = "unstuck/";
    private static final int RUN_TAG = 10;
    private static final int FINGERPRINT = 12;
    // Unchanged since the first button format, so every workflow id stays what it was. The button format needs
    // "a." + run tag + "." + fingerprint + "." + 'u' + the id after its prefix to fit: up to 81 characters would.
    private static final int MAX_WORKFLOW_ID = 79;
    private static final Pattern HEX_RUN = Pattern.compile("[0-9a-f]{" + RUN_TAG + "}");
    private static final Pattern HEX_PLAN = Pattern.compile("[0-9a-f]{" + FINGERPRINT + "}");
    // What workflowId() can produce after the prefix: alias and namespace characters, '/' and the digest's '~'.
    private static final Pattern COMPACT = Pattern.compile("[a-z0-9.~/-]+");

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
        String id = PREFIX + cluster + "/" + namespace;
        if (id.length() <= MAX_WORKFLOW_ID) {
            return id;
        }
        return id.substring(0, MAX_WORKFLOW_ID - 13) + "~" + digest(id, 12);
    }

    /** {@code unstuck/<cluster>/~node-routes}: one repair of the node routes per cluster at a time. */
    public static String nodeRoutesWorkflowId(String cluster) {
        return workflowId(cluster, NODE_ROUTES);
    }

    /** Whether a remediation's namespace is the node-routes repair rather than a namespace. */
    public static boolean isNodeRoutes(String namespace) {
        return NODE_ROUTES.equals(namespace);
    }

    /** A short tag of a run id: enough to tell runs of one workflow apart, short enough for a button id. */
    public static String runTag(String runId) {
        return digest(runId, RUN_TAG);
    }

    public static String approveButton(String workflowId, String runTag, String fingerprint) {
        return decisionButton('a', workflowId, runTag, fingerprint);
    }

    public static String rejectButton(String workflowId, String runTag, String fingerprint) {
        return decisionButton('r', workflowId, runTag, fingerprint);
    }

    public static String detailsButton(String workflowId) {
        return "d." + encode(workflowId);
    }

    /** The key of a remediation's summary post: posted once per conversation, the workflow records it. */
    public static String summaryPostKey(String workflowId) {
        return workflowId + "/summary";
    }

    /** Keyed by run: the report of a later run of the same namespace is a post of its own. */
    public static String reportPostKey(String workflowId, String runTag) {
        return workflowId + "/report/" + runTag;
    }

    /** A workflow id as URL-unreserved characters, for ids of our own that must lead back to it. */
    public static String urlSafe(String workflowId) {
        return encode(workflowId);
    }

    /** Reads {@link #urlSafe} back; empty when it is not such a form. */
    public static Optional<String> fromUrlSafe(String encoded) {
        return encoded == null ? Optional.empty() : decode(encoded);
    }

    /** Reads a button id back, for chat adapters: empty when it is not one of ours, or not well formed. */
    public static Optional<ButtonClick> parseButton(String id) {
        if (id == null || id.length() < 3 || id.length() > MAX_BUTTON_ID || id.charAt(1) != '.') {
            return Optional.empty();
        }
        char action = id.charAt(0);
        if (action == 'd') {
            return decode(id.substring(2)).map(wf -> new ButtonClick(ButtonClick.Action.DETAILS, wf, null, null));
        }
        if (action != 'a' && action != 'r') {
            return Optional.empty();
        }
        String[] parts = id.substring(2).split("\\.", 3);
        if (parts.length != 3 || !HEX_RUN.matcher(parts[0]).matches() || !HEX_PLAN.matcher(parts[1]).matches()) {
            return Optional.empty();
        }
        ButtonClick.Action a = action == 'a' ? ButtonClick.Action.APPROVE : ButtonClick.Action.REJECT;
        return decode(parts[2]).map(wf -> new ButtonClick(a, wf, parts[0], parts[1]));
    }

    private static String decisionButton(char action, String workflowId, String runTag, String fingerprint) {
        if (runTag == null || !HEX_RUN.matcher(runTag).matches()) {
            throw new IllegalArgumentException("run tag must be " + RUN_TAG + " hex digits: " + runTag);
        }
        if (fingerprint == null || !HEX_PLAN.matcher(fingerprint).matches()) {
            throw new IllegalArgumentException("plan fingerprint must be " + FINGERPRINT + " hex digits: "
                    + fingerprint);
        }
        return action + "." + runTag + "." + fingerprint + "." + encode(workflowId);
    }

    /**
     * Our own ids become 'u' + the id after "unstuck/" with '/' as '_' (neither an alias nor a namespace holds '_');
     * anything else (ids started by hand) becomes 'b' + its base64url.
     */
    private static String encode(String workflowId) {
        if (workflowId.startsWith(PREFIX) && COMPACT.matcher(workflowId.substring(PREFIX.length())).matches()) {
            return "u" + workflowId.substring(PREFIX.length()).replace('/', '_');
        }
        return "b" + Base64.getUrlEncoder().withoutPadding().encodeToString(workflowId.getBytes(
                StandardCharsets.UTF_8));
    }

    private static Optional<String> decode(String encoded) {
        if (encoded.length() < 2) {
            return Optional.empty();
        }
        String body = encoded.substring(1);
        if (encoded.charAt(0) == 'u') {
            String rest = body.replace('_', '/');
            return COMPACT.matcher(rest).matches() ? Optional.of(PREFIX + rest) : Optional.empty();
        }
        if (encoded.charAt(0) == 'b') {
            try {
                return Optional.of(new String(Base64.getUrlDecoder().decode(body), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static String digest(String s, int hexDigits) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, hexDigits);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
