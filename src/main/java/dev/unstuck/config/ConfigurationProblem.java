package dev.unstuck.config;

/**
 * A setting Unstuck refuses to start with: the key and one line saying what is wrong and what to set instead.
 * Start-up reports it as that one line (see {@link ConfigurationProblemAnalyzer}) rather than as a stack trace.
 */
public class ConfigurationProblem extends RuntimeException {
    private final String key;

    public ConfigurationProblem(String key, String problem) {
        super(key + ": " + problem);
        this.key = key;
    }

    public ConfigurationProblem(String key, String problem, Throwable cause) {
        super(key + ": " + problem, cause);
        this.key = key;
    }

    /** The setting at fault, e.g. {@code unstuck.clusters.prod.approver-roles}. */
    public String key() {
        return key;
    }
}
