package dev.unstuck.workflow;

import com.uber.m3.tally.Scope;
import com.uber.m3.util.Duration;
import io.temporal.activity.Activity;
import io.temporal.workflow.Workflow;

import java.util.Map;

/**
 * Remediation metrics, recorded through Temporal's metrics scopes: the workflow's scope records nothing while a
 * history replays, so a worker that takes over a run does not count its past again, and both scopes report into
 * the application's meter registry (Prometheus names: the meter name plus {@code _total} or {@code _seconds}).
 */
final class RemediationMetrics {
    static final String REMEDIATIONS = "unstuck_remediations";
    static final String PHASE_DURATION = "unstuck_phase_duration";
    static final String APPROVAL_WAIT = "unstuck_approval_wait";
    static final String DIAGNOSIS_DURATION = "unstuck_diagnosis_duration";

    private RemediationMetrics() {
    }

    /** Workflow code: a run ended in {@code outcome}. */
    static void finished(String cluster, RemediationPhase outcome) {
        Workflow.getMetricsScope().tagged(Map.of("cluster", cluster, "outcome", outcome.name()))
                .counter(REMEDIATIONS).inc(1);
    }

    /** Workflow code: {@code ended} lasted {@code millis} (workflow time) and the run moved on to {@code next}. */
    static void phaseEnded(RemediationPhase ended, RemediationPhase next, long millis) {
        Scope scope = Workflow.getMetricsScope();
        Duration took = Duration.ofMillis(Math.max(0, millis));
        scope.tagged(Map.of("phase", ended.name())).timer(PHASE_DURATION).record(took);
        if (ended == RemediationPhase.AWAITING_APPROVAL) {
            scope.tagged(Map.of("decision", approvalEnd(next))).timer(APPROVAL_WAIT).record(took);
        }
    }

    /** Activity code: one diagnosis of {@code cluster} took {@code nanos}. */
    static void diagnosed(String cluster, long nanos) {
        Activity.getExecutionContext().getMetricsScope().tagged(Map.of("cluster", cluster))
                .timer(DIAGNOSIS_DURATION).record(Duration.ofNanos(nanos));
    }

    private static String approvalEnd(RemediationPhase next) {
        return switch (next) {
            case REPAIRING -> "approved";
            case REJECTED -> "rejected";
            case EXPIRED -> "expired";
            case DIAGNOSING -> "replanned";
            default -> "ended";
        };
    }
}
