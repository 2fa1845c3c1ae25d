package dev.unstuck.cloud;

/** How {@link RouteEntryRepair#ensureRoute} ended when it did not fail. */
public enum RepairOutcome {
    /** Unstuck created the entry and saw it become Available. */
    CREATED,
    /** The right entry was already there (possibly after waiting for it to become Available): nothing was written. */
    ALREADY_PRESENT,
    /** Another entry holds the destination; it was left untouched for a person to judge. */
    CONFLICT
}
