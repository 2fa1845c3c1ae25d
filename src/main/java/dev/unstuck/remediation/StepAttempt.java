package dev.unstuck.remediation;

import java.util.Objects;

/**
 * One attempt at a plan step as the workflow engine runs it. {@code number} says whether an earlier attempt may have
 * written already (it timed out or its worker died): a retry reads the cloud before it writes, and reports the entry
 * that earlier attempt made. {@code heartbeat} is called while the step works, at least every few seconds; it may throw
 * to stop an attempt whose time is up, so that two attempts never work on the same step at once.
 */
public record StepAttempt(int number, Runnable heartbeat) {
    public static final StepAttempt FIRST = new StepAttempt(1, () -> { });

    public StepAttempt {
        if (number < 1) {
            throw new IllegalArgumentException("attempts are counted from 1, not " + number);
        }
        Objects.requireNonNull(heartbeat, "heartbeat");
    }

    public boolean isRetry() {
        return number > 1;
    }
}
