package dev.unstuck.workflow;

/** When a phase began and ended, in workflow time; {@code endedAtMillis} is 0 while it runs. */
public record PhaseTiming(RemediationPhase phase, long startedAtMillis, long endedAtMillis) {
    public long durationMillis() {
        return endedAtMillis == 0 ? 0 : endedAtMillis - startedAtMillis;
    }
}
