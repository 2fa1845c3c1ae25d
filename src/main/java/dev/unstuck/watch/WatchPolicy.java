package dev.unstuck.watch;

import java.util.List;

/**
 * What a watcher runs under, from {@code unstuck.watch.*} and the cluster's approval rules. Passed into the workflow
 * (and sent again by every replica that starts), so a replay sees the values the run had.
 *
 * @param namespaceStuckAfterSeconds       a namespace Terminating longer than this is stuck
 * @param apiServiceUnavailableAfterSeconds an APIService Available=False longer than this is an incident by itself
 * @param routeAuditEverySeconds           how often the route audit runs (besides node changes)
 * @param auditOnOwnTimer                  true when no Temporal Schedule triggers the audit (the embedded test server
 *                                         serves none): the watcher's own durable timer does
 * @param maxCardsPerHour                  new cards per cluster and hour; more wait (edits are never held back)
 * @param flapWindowSeconds                an incident that comes back within this long after resolving reopens its
 *                                         card instead of posting another
 * @param maxWaitSeconds                   longest a watch waits before the workflow looks again, so it can carry on
 *                                         as new and take new settings
 * @param targets                          where cards are posted (the console reads the watcher directly)
 * @param approverRoles                    who may mute the cluster: its approvers
 * @param approvers                        people (under {@code unstuck.people}) who may, whatever their roles
 * @param roundsPerRun                     looks per run before the watcher continues as new (sooner when Temporal
 *                                         suggests it); 0 means {@link #ROUNDS_PER_RUN}
 */
public record WatchPolicy(long namespaceStuckAfterSeconds, long apiServiceUnavailableAfterSeconds,
                          long routeAuditEverySeconds, boolean auditOnOwnTimer, int maxCardsPerHour,
                          long flapWindowSeconds, long maxWaitSeconds, List<AlertTarget> targets,
                          List<String> approverRoles, List<String> approvers, int roundsPerRun) {
    /** A few hours of looks at most, a few thousand history events: well inside Temporal's limits. */
    public static final int ROUNDS_PER_RUN = 500;

    public WatchPolicy {
        roundsPerRun = roundsPerRun <= 0 ? ROUNDS_PER_RUN : roundsPerRun;
        targets = targets == null ? List.of() : List.copyOf(targets);
        approverRoles = approverRoles == null ? List.of() : List.copyOf(approverRoles);
        approvers = approvers == null ? List.of() : List.copyOf(approvers);
        if (namespaceStuckAfterSeconds <= 0 || apiServiceUnavailableAfterSeconds <= 0 || routeAuditEverySeconds <= 0
                || maxCardsPerHour <= 0 || flapWindowSeconds < 0 || maxWaitSeconds <= 0) {
            throw new IllegalArgumentException("watch thresholds, the audit period, the card rate and the wait must"
                    + " be positive");
        }
    }

    public WatchPolicy(long namespaceStuckAfterSeconds, long apiServiceUnavailableAfterSeconds,
                       long routeAuditEverySeconds, boolean auditOnOwnTimer, int maxCardsPerHour,
                       long flapWindowSeconds, long maxWaitSeconds, List<AlertTarget> targets,
                       List<String> approverRoles, List<String> approvers) {
        this(namespaceStuckAfterSeconds, apiServiceUnavailableAfterSeconds, routeAuditEverySeconds, auditOnOwnTimer,
                maxCardsPerHour, flapWindowSeconds, maxWaitSeconds, targets, approverRoles, approvers, ROUNDS_PER_RUN);
    }

    public WatchPolicy withAuditOnOwnTimer(boolean ownTimer) {
        return new WatchPolicy(namespaceStuckAfterSeconds, apiServiceUnavailableAfterSeconds, routeAuditEverySeconds,
                ownTimer, maxCardsPerHour, flapWindowSeconds, maxWaitSeconds, targets, approverRoles, approvers,
                roundsPerRun);
    }
}
