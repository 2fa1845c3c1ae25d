package dev.unstuck.workflow;

/** How the workflow answered one decision attempt; every attempt, refused ones included, is kept in its audit. */
public enum DecisionVerdict {
    APPROVED,
    REJECTED,
    /** The user has none of the cluster's approver roles. */
    NOT_AN_APPROVER,
    /** A requester approving their own request while four-eyes is on. */
    SELF_APPROVAL,
    /** The button named another plan than the current one: the workflow diagnoses again and asks again. */
    PLAN_CHANGED,
    /** Someone decided already. */
    ALREADY_DECIDED,
    /** Not waiting for a decision: too early (still diagnosing) or too late (ended, expired). */
    NOT_WAITING,
    /** The button was drawn by an earlier run of the same remediation: it decides nothing in this one. */
    EARLIER_RUN,
    /** Clicks past the click rate limit, counted together (one record per window, not one per click). */
    RATE_LIMITED
}
