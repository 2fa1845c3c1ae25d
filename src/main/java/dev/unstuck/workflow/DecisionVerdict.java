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
    NOT_WAITING
}
