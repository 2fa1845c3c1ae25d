package dev.unstuck.workflow;

import java.util.List;

/**
 * The rules and time limits one remediation runs under. Passed as a workflow argument (so it is in the history and
 * a replay sees the same values) rather than read from configuration inside the workflow.
 *
 * @param approverRoles           chat roles allowed to approve on this cluster
 * @param fourEyes                when true a requester cannot approve their own request
 * @param approvalTimeoutSeconds  how long to wait for a decision before showing "expired"
 * @param stepTimeoutSeconds      limit of one attempt of one plan step; never below the route repair's own bound
 *                                (its retries, then the wait for Available), so a healthy attempt is never cut short
 * @param apiServiceTimeoutSeconds how long the repaired APIServices may take to become Available
 * @param namespaceTimeoutSeconds how long the namespace may take to disappear once they are
 * @param approvers               people (names under {@code unstuck.people}) allowed to approve whatever their roles;
 *                                empty in histories recorded before people existed
 */
public record RemediationPolicy(List<String> approverRoles, boolean fourEyes, long approvalTimeoutSeconds,
                                long stepTimeoutSeconds, long apiServiceTimeoutSeconds,
                                long namespaceTimeoutSeconds, List<String> approvers) {
    public RemediationPolicy {
        approverRoles = approverRoles == null ? List.of() : List.copyOf(approverRoles);
        approvers = approvers == null ? List.of() : List.copyOf(approvers);
        if (approvalTimeoutSeconds <= 0 || stepTimeoutSeconds <= 0 || apiServiceTimeoutSeconds <= 0
                || namespaceTimeoutSeconds <= 0) {
            throw new IllegalArgumentException("remediation timeouts must be positive");
        }
    }

    /** Approval by role only. */
    public RemediationPolicy(List<String> approverRoles, boolean fourEyes, long approvalTimeoutSeconds,
                             long stepTimeoutSeconds, long apiServiceTimeoutSeconds, long namespaceTimeoutSeconds) {
        this(approverRoles, fourEyes, approvalTimeoutSeconds, stepTimeoutSeconds, apiServiceTimeoutSeconds,
                namespaceTimeoutSeconds, List.of());
    }

    /** 30 min to decide, 2 min per step attempt, 10 min for the APIServices, 10 min for the namespace. */
    public static RemediationPolicy defaults(List<String> approverRoles, boolean fourEyes) {
        return new RemediationPolicy(approverRoles, fourEyes, 30 * 60, 120, 10 * 60, 10 * 60);
    }
}
