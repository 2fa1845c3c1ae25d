package dev.unstuck.remediation;

/**
 * What the cloud said when a step was checked without being carried out (a {@code DryRun} of the write), shown on
 * the approval card so nobody approves a write that cannot succeed.
 *
 * @param verdict       whether the write would succeed
 * @param code          the cloud's error code when it would not (e.g. {@code QuotaExceeded}, {@code Forbidden.RAM}),
 *                      or the retryable code that kept the check from giving an answer; null when it would succeed
 * @param message       one line for a person
 * @param customEntries custom entries the target route table holds now; null when unknown or not a route step
 * @param quota         custom entries the table may hold (200 by default); null when unknown
 */
public record Preflight(PreflightVerdict verdict, String code, String message, Integer customEntries, Integer quota) {

    public boolean wouldFail() {
        return verdict == PreflightVerdict.WOULD_FAIL;
    }

    /** "pre-flight: would succeed (12 of 200 custom entries)", "pre-flight: QuotaExceeded: ...", for chat and CLI. */
    public String describe() {
        String entries = customEntries == null ? "" : " (" + customEntries + (quota == null ? "" : " of " + quota)
                + " custom entries)";
        return switch (verdict) {
            case WOULD_SUCCEED -> "pre-flight: would succeed" + entries;
            case WOULD_FAIL -> "pre-flight: WOULD FAIL: " + (code == null ? "" : code + ": ")
                    + (message == null ? "" : message)
                    + (message != null && message.contains("custom entries") ? "" : entries);
            case UNKNOWN -> "pre-flight: could not check" + (code == null ? "" : " (" + code + ")")
                    + (message == null ? "" : ": " + message) + "; the write may still succeed";
        };
    }
}
