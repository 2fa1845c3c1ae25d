package dev.unstuck.remediation;

import java.util.Objects;

/**
 * What became of an APIService Unstuck was asked to delete.
 *
 * @param message   one line for chat: what was deleted, or why not
 * @param retryable for FAILED: whether trying again later may succeed (an outage) or a person must act (RBAC)
 */
public record ApiServiceDeletion(Outcome outcome, String message, boolean retryable) {

    public enum Outcome {
        /** Deleted now, with the uid and resourceVersion that were checked as preconditions. */
        DELETED,
        /** It no longer existed: nothing to do. */
        ALREADY_GONE,
        /** Not deleted on purpose: local, its Service exists again, or it changed after it was checked. */
        REFUSED,
        /** The API server could not be asked or refused the request. */
        FAILED
    }

    public ApiServiceDeletion {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(message, "message");
    }

    public static ApiServiceDeletion deleted(String message) {
        return new ApiServiceDeletion(Outcome.DELETED, message, false);
    }

    public static ApiServiceDeletion alreadyGone(String message) {
        return new ApiServiceDeletion(Outcome.ALREADY_GONE, message, false);
    }

    public static ApiServiceDeletion refused(String message) {
        return new ApiServiceDeletion(Outcome.REFUSED, message, false);
    }

    public static ApiServiceDeletion failed(String message, boolean retryable) {
        return new ApiServiceDeletion(Outcome.FAILED, message, retryable);
    }
}
