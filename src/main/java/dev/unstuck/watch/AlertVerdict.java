package dev.unstuck.watch;

/** What a click on a card's button came to. */
public enum AlertVerdict {
    /** A remediation was started; the clicker is its requester. */
    STARTED,
    /** The remediation was already running; the clicker joined it. */
    JOINED,
    /** The incident has resolved: nothing was started. */
    RESOLVED,
    /** No namespace is stuck on it yet: nothing to remediate from this card. */
    NO_NAMESPACE,
    /** A card of an earlier watcher of the cluster (its history was lost): nothing was started. */
    EARLIER_WATCHER,
    /** The incident is no longer kept, or the button names none. */
    UNKNOWN_INCIDENT,
    /** The cluster is not watched (watching is off, or it is not configured). */
    NOT_WATCHED,
    /** The remediation could not be started; the message says why. */
    FAILED
}
