package dev.unstuck.remediation;

/** How one plan step ended. */
public enum StepStatus {
    /** The route entry was created and is Available. */
    CREATED,
    /** The exact route entry already existed (created meanwhile or by an earlier attempt): nothing written. */
    ALREADY_PRESENT,
    /** Another entry holds the destination: nothing written, a person must decide. */
    CONFLICT,
    /** The leftover APIService was deleted. */
    DELETED,
    /** Dry run: nothing executed. */
    SKIPPED,
    /** The step failed; the message says what a person must do. */
    FAILED
}
