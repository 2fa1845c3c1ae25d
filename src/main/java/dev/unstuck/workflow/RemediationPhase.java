package dev.unstuck.workflow;

/**
 * Where a remediation stands. Stored in workflow history and shown in chat, so never rename a constant: recorded
 * histories replay against these names.
 */
public enum RemediationPhase {
    DIAGNOSING,
    AWAITING_APPROVAL,
    REPAIRING,
    VERIFYING_APISERVICE,
    WAITING_FOR_NAMESPACE,
    /** The namespace is gone. */
    DONE,
    /** Not stuck, or nothing Unstuck can repair by itself: the verdict was reported, nothing executed. */
    NOTHING_TO_DO,
    /** A step failed, conflicted, or the cluster did not recover; the message says what a person must do. */
    FAILED,
    /** Nobody decided in time; nothing executed. */
    EXPIRED,
    /** An approver rejected the plan; nothing executed. */
    REJECTED,
    /**
     * The plan ran and what it repairs recovered (routes restored, APIServices Available), but the namespace still
     * waits on causes no step addresses (the diagnosis's {@code unresolved}): a person must decide on those.
     */
    PARTIAL;

    public boolean isFinal() {
        return ordinal() >= DONE.ordinal();
    }
}
