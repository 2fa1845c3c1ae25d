package dev.unstuck.workflow;

import dev.unstuck.config.ClusterRegistry;
import dev.unstuck.diagnosis.Diagnosis;
import dev.unstuck.remediation.PlanStep;
import dev.unstuck.remediation.StepResult;
import dev.unstuck.remediation.StepStatus;
import io.fabric8.kubernetes.api.model.APIService;
import io.fabric8.kubernetes.api.model.APIServiceCondition;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import io.temporal.spring.boot.ActivityImpl;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;

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
        return clusters.connection(cluster).engine().diagnose(namespace);
    }

    @Override
    public StepResult executeStep(String cluster, PlanStep step, String runId, String stepId) {
        // The workflow passes its id as runId; the run id proper tells this run from a later incident's.
        StepResult r = clusters.connection(cluster).executor().execute(step, runId,
                Activity.getExecutionContext().getInfo().getRunId(), stepId);
        if (r.status() == StepStatus.FAILED) {
            throw r.retryable()
                    ? ApplicationFailure.newFailure(r.message(), RETRYABLE)
                    : ApplicationFailure.newNonRetryableFailure(r.message(), PERMANENT);
        }
        return r;
    }

    @Override
    public ApiServiceCheck awaitApiServicesAvailable(String cluster, List<String> apiServices, long timeoutSeconds) {
        KubernetesClient client = clusters.connection(cluster).client();
        AtomicLong noticed = new AtomicLong();
        CompletableFuture<List<APIService>> all = client.resources(APIService.class).informOnCondition(items -> {
            Map<String, APIService> byName = items.stream()
                    .collect(Collectors.toMap(a -> a.getMetadata().getName(), Function.identity(), (a, b) -> b));
            boolean ok = apiServices.stream().allMatch(n -> byName.containsKey(n) && available(byName.get(n)));
            if (ok) {
                noticed.compareAndSet(0, System.currentTimeMillis());
            }
            return ok;
        });
        if (await(all, timeoutSeconds)) {
            return new ApiServiceCheck(true, List.of(), noticed.get());
        }
        List<String> still = new ArrayList<>();
        for (String name : apiServices) {
            APIService a = client.resources(APIService.class).withName(name).get();
            if (a == null) {
                still.add(name + " (does not exist)");
            } else if (!available(a)) {
                still.add(name + " " + availableCondition(a).map(c -> "Available=" + c.getStatus() + " ("
                        + c.getReason() + "): " + c.getMessage()).orElse("has no Available condition"));
            }
        }
        return still.isEmpty() ? new ApiServiceCheck(true, List.of(), System.currentTimeMillis())
                : new ApiServiceCheck(false, still, 0);
    }

    @Override
    public boolean awaitNamespaceGone(String cluster, String namespace, long timeoutSeconds) {
        KubernetesClient client = clusters.connection(cluster).client();
        CompletableFuture<List<Namespace>> gone = client.namespaces().withName(namespace)
                .informOnCondition(List::isEmpty);
        return await(gone, timeoutSeconds) || client.namespaces().withName(namespace).get() == null;
    }

    /** Waits on the informer's future, heartbeating; stops the informer whatever happens. */
    private static boolean await(CompletableFuture<?> condition, long timeoutSeconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        try {
            while (true) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                try {
                    condition.get(Math.min(left, HEARTBEAT_MILLIS), TimeUnit.MILLISECONDS);
                    return true;
                } catch (TimeoutException e) {
                    Activity.getExecutionContext().heartbeat(null);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApplicationFailure.newFailure("interrupted while watching the cluster", RETRYABLE);
        } catch (ExecutionException e) {
            throw ApplicationFailure.newFailureWithCause("the watch on the cluster failed: " + e.getCause(),
                    RETRYABLE, e.getCause());
        } finally {
            condition.cancel(true);
        }
    }

    private static boolean available(APIService a) {
        return availableCondition(a).map(c -> "True".equals(c.getStatus())).orElse(false);
    }

    private static Optional<APIServiceCondition> availableCondition(APIService a) {
        if (a.getStatus() == null || a.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return a.getStatus().getConditions().stream().filter(c -> "Available".equals(c.getType())).findFirst();
    }
}
