package dev.unstuck.remediation;

/** The answer of a pre-flight check. */
public enum PreflightVerdict {
    /** The cloud accepted the dry run ({@code DryRunOperation}). */
    WOULD_SUCCEED,
    /** The cloud rejected it with an error that retrying will not fix (quota, permission, unknown next hop). */
    WOULD_FAIL,
    /** The check itself could not get an answer (throttling, outage); the write may still succeed. */
    UNKNOWN
}
