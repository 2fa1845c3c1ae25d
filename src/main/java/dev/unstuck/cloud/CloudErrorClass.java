package dev.unstuck.cloud;

/** What a caller should do about a failed cloud call. */
public enum CloudErrorClass {
    /** Busy, throttled or unreachable: the same call may succeed later. */
    RETRYABLE,
    /** The change already exists: re-read instead of retrying. */
    ALREADY_DONE,
    /** Retrying cannot help: a person has to fix permissions, quota, credentials or input. */
    PERMANENT
}
