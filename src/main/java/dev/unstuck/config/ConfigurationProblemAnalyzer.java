package dev.unstuck.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a {@link ConfigurationProblem} into Spring Boot's start-up failure report: the one line, no stack trace. */
public class ConfigurationProblemAnalyzer extends AbstractFailureAnalyzer<ConfigurationProblem> {
    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ConfigurationProblem cause) {
        return new FailureAnalysis(cause.getMessage(), "Fix " + cause.key() + " and start Unstuck again.", cause);
    }
}
