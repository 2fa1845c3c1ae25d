package dev.unstuck.watch;

import dev.unstuck.workflow.RemediationIds;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ids of watchers, alerts and alert buttons. An alert is {@code <cluster>~<epoch>.<number>}: the watcher's epoch
 * (drawn when it first started) and the incident's number in it. Buttons carry the same three parts, in the style of
 * {@link RemediationIds}: URL-unreserved characters only, at most 100 of them, and a prefix remediation buttons never
 * use ({@code ws.} Start remediation, {@code wp.} Open repair plan).
 */
public final class AlertIds {
    public static final String WATCHER_PREFIX = "unstuck-watch/";
    public static final String AUDIT_TICK_PREFIX = "unstuck-route-audit/";

    private static final Pattern EPOCH = Pattern.compile("[0-9a-f]{8}");
    private static final Pattern ALIAS = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
    private static final Pattern BUTTON = Pattern.compile("w([sp])\\.([0-9a-f]{8})\\.([1-9][0-9]{0,8})\\.(.+)");
    private static final Pattern ALERT = Pattern.compile("(.+)~([0-9a-f]{8})\\.([1-9][0-9]{0,8})");

    private AlertIds() {
    }

    /** What an alert button asks for. */
    public enum Action {
        /** Start (or join) the remediation of the namespace the incident holds. */
        START_REMEDIATION,
        /** Start (or join) the repair of the node routes the audit found missing. */
        OPEN_REPAIR_PLAN
    }

    /** An alert button read back: which watcher's which incident, and what to do. */
    public record AlertButton(Action action, String cluster, String epoch, int number) {
        public String alertId() {
            return AlertIds.alertId(cluster, epoch, number);
        }
    }

    /** An alert id read back. */
    public record AlertRef(String cluster, String epoch, int number) {
    }

    public static String watcherId(String cluster) {
        return WATCHER_PREFIX + cluster;
    }

    /** The workflow a route-audit Schedule starts for a cluster; it only tells the watcher to audit now. */
    public static String auditTickId(String cluster) {
        return AUDIT_TICK_PREFIX + cluster;
    }

    public static String alertId(String cluster, String epoch, int number) {
        return cluster + "~" + epoch + "." + number;
    }

    public static Optional<AlertRef> parseAlert(String id) {
        if (id == null || id.length() > 200) {
            return Optional.empty();
        }
        Matcher m = ALERT.matcher(id);
        if (!m.matches() || !ALIAS.matcher(m.group(1)).matches()) {
            return Optional.empty();
        }
        return Optional.of(new AlertRef(m.group(1), m.group(2), Integer.parseInt(m.group(3))));
    }

    public static String button(Action action, String cluster, String epoch, int number) {
        if (!EPOCH.matcher(epoch).matches() || number <= 0) {
            throw new IllegalArgumentException("an alert button needs the watcher's epoch and an incident number");
        }
        String id = "w" + (action == Action.START_REMEDIATION ? 's' : 'p') + "." + epoch + "." + number + "."
                + cluster;
        if (id.length() > RemediationIds.MAX_BUTTON_ID) {
            throw new IllegalArgumentException("cluster alias '" + cluster + "' is too long for an alert button (at"
                    + " most " + maxAliasLength() + " characters)");
        }
        return id;
    }

    /** The longest cluster alias whose alert buttons fit Discord's 100 characters. */
    public static int maxAliasLength() {
        return RemediationIds.MAX_BUTTON_ID - "ws.".length() - 8 - ".".length() - 9 - ".".length();
    }

    /** Whether a button id is an alert button at all (chat adapters route by this). */
    public static boolean isAlertButton(String id) {
        return id != null && id.length() > 3 && id.charAt(0) == 'w' && (id.charAt(1) == 's' || id.charAt(1) == 'p')
                && id.charAt(2) == '.';
    }

    public static Optional<AlertButton> parseButton(String id) {
        if (id == null || id.length() > RemediationIds.MAX_BUTTON_ID) {
            return Optional.empty();
        }
        Matcher m = BUTTON.matcher(id);
        if (!m.matches() || !ALIAS.matcher(m.group(4)).matches()) {
            return Optional.empty();
        }
        Action action = m.group(1).equals("s") ? Action.START_REMEDIATION : Action.OPEN_REPAIR_PLAN;
        return Optional.of(new AlertButton(action, m.group(4), m.group(2), Integer.parseInt(m.group(3))));
    }
}
