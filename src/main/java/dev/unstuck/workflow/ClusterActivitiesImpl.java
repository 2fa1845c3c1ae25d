package dev.unstuck.workflow;

import dev.unstuck.config.ClusterRegistry;
import dev.unstuck.diagnosis.Diagnosis;
import dev.unstuck.kube.ClusterWatches;
import dev.unstuck.remediation.PlanStep;
import dev.unstuck.remediation.StepAttempt;
import dev.unstuck.remediation.StepResult;
import dev.unstuck.remediation.StepStatus;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import io.temporal.spring.boot.ActivityImpl;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;

/** Thin adapters from activities to the domain services of a registered cluster. */
@Component
@ActivityImpl(taskQueues = RemediationIds.TASK_QUEUE)
public class ClusterActivitiesImpl implements DiagnosisActivities, RepairActivities, VerifyActivities {
    // Well inside the workflow's 10 s heartbeat timeout, so a live worker is never taken for a dead one.
    private static final long HEARTBEAT_MILLIS = 2_000;

    private final ClusterRegistry clusters;

    public ClusterActivitiesImpl(ClusterRegistry clusters) {
        this.clusters = clusters;
    }

    @Override
    public Diagnosis diagnose(String cluster, String namespace) {
        long started = System.nanoTime();
        Diagnosis d = clusters.connection(cluster).engine().diagnose(namespace);
        RemediationMetrics.diagnosed(cluster, System.nanoTime() - started);
        return d;
    }

    /**
     * Heartbeats while the step works (every call to the cloud, every couple of seconds of waiting); a heartbeat
     * throws once the server has timed this attempt out, which stops it before the next attempt starts, and the next
     * attempt reads the route table before it writes.
     */
    @Override
    public Diagnosis auditNodeRoutes(String cluster) {
        long started = System.nanoTime();
        Diagnosis d = clusters.connection(cluster).engine().auditNodeRoutes().toDiagnosis(RemediationIds.NODE_ROUTES);
        RemediationMetrics.diagnosed(cluster, System.nanoTime() - started);
        return d;
    }

    @Override
    public StepResult executeStep(String cluster, PlanStep step, String runId, String stepId) {
        ActivityExecutionContext context = Activity.getExecutionContext();
        StepAttempt attempt = new StepAttempt(context.getInfo().getAttempt(), () -> context.heartbeat(stepId));
        // The workflow passes its id as runId; the run id proper tells this run from a later incident's.
        StepResult r = clusters.connection(cluster).executor().execute(step, runId,
                context.getInfo().getRunId(), stepId, attempt);
        if (r.status() == StepStatus.FAILED) {
            throw r.retryable()
                    ? ApplicationFailure.newFailure(r.message(), RETRYABLE)
                    : ApplicationFailure.newNonRetryableFailure(r.message(), PERMANENT);
        }
        return r;
    }

    @Override
    public ApiServiceCheck awaitApiServicesAvailable(String cluster, List<String> apiServices, long timeoutSeconds) {
        ClusterWatches watches = new ClusterWatches(clusters.connection(cluster).client());
        ClusterWatches.ApiServicesWait w = watching(() -> watches.awaitApiServicesAvailable(apiServices,
                Duration.ofSeconds(timeoutSeconds), heartbeat()));
        return new ApiServiceCheck(w.allAvailable(), w.stillUnavailable(), w.noticedAtMillis());
    }

    @Override
    public boolean awaitNamespaceGone(String cluster, String namespace, long timeoutSeconds) {
        ClusterWatches watches = new ClusterWatches(clusters.connection(cluster).client());
        return watching(() -> watches.awaitNamespaceGone(namespace, Duration.ofSeconds(timeoutSeconds), heartbeat()));
    }

    private static ClusterWatches.Tick heartbeat() {
        ActivityExecutionContext context = Activity.getExecutionContext();
        return new ClusterWatches.Tick(Duration.ofMillis(HEARTBEAT_MILLIS), () -> context.heartbeat(null));
    }

    private interface Wait<T> {
        T run() throws InterruptedException, ExecutionException;
    }

    private static <T> T watching(Wait<T> wait) {
        try {
            return wait.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApplicationFailure.newFailure("interrupted while watching the cluster", RETRYABLE);
        } catch (ExecutionException e) {
            throw ApplicationFailure.newFailureWithCause("the watch on the cluster failed: " + e.getCause(),
                    RETRYABLE, e.getCause());
        }
    }
}
