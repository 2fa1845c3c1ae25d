package dev.unstuck.chat;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The record of refusals that never reach a remediation (a forged or foreign button, a click from a server or
 * channel Unstuck does not serve, a failed sign-in): one WARN line each on logger {@code unstuck.refusals}, so an
 * operator can alert on it. Refusals a remediation judges are in its own history instead.
 */
public final class RefusalLog {
    public static final String LOGGER = "unstuck.refusals";
    private static final Logger log = LoggerFactory.getLogger(LOGGER);

    private RefusalLog() {
    }

    /**
     * @param adapter where it happened (discord, console)
     * @param who     the account as the adapter knows it, e.g. discord:1200... or console:mallory
     * @param what    what was attempted, e.g. "click on button 'x.y'"
     * @param answer  the one line the person was given
     */
    public static void refused(String adapter, String who, String what, String answer) {
        log.warn("refused {} {} by {}: {}", adapter, printable(what), printable(who), printable(answer));
    }

    /** Clicks past the rate limit that named no remediation, counted over one window. */
    public static void throttled(ClickThrottle.Flood flood) {
        log.warn("refused {} clicks by {} past the limit of {}{}", flood.clicks(), printable(flood.user().id()),
                flood.limit(), flood.workflowId() == null ? "" : " on " + printable(flood.workflowId()));
    }

    /** Keeps each record on one line whatever a client sent. */
    static String printable(String s) {
        if (s == null) {
            return "-";
        }
        String clean = s.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 160 ? clean.substring(0, 157) + "..." : clean;
    }
}
