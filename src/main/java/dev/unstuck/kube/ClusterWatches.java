package dev.unstuck.kube;

import io.fabric8.kubernetes.api.model.APIService;
import io.fabric8.kubernetes.api.model.APIServiceCondition;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.time.Duration;
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

/**
 * Waits on a cluster with watches (informers), never with a fixed poll, and never by throwing when the wait runs out:
 * on a real cluster the aggregator re-checks an APIService every 30 s and the namespace controller retries a
 * namespace at most every 60 s, so "not yet" is an answer, not an error. The workflow's activities and the
 * {@code repair} command wait with the same code.
 */
public final class ClusterWatches {
    private final KubernetesClient client;

    public ClusterWatches(KubernetesClient client) {
        this.client = client;
    }

    /** Called every {@code every} while a wait goes on (an activity heartbeats there). */
    public record Tick(Duration every, Runnable action) {
        public static final Tick NONE = new Tick(Duration.ofSeconds(2), () -> { });
    }

    /**
     * @param stillUnavailable  those not Available when the wait ended, each with its Available condition
     * @param noticedAtMillis   wall-clock time they were all seen Available, 0 when they were not
     */
    public record ApiServicesWait(boolean allAvailable, List<String> stillUnavailable, long noticedAtMillis) {
        public ApiServicesWait {
            stillUnavailable = List.copyOf(stillUnavailable);
        }
    }

    /** Waits until every named APIService reports Available=True, or {@code timeout} passes. */
    public ApiServicesWait awaitApiServicesAvailable(List<String> names, Duration timeout, Tick tick)
            throws InterruptedException, ExecutionException {
        AtomicLong noticed = new AtomicLong();
        CompletableFuture<List<APIService>> all = client.resources(APIService.class).informOnCondition(items -> {
            Map<String, APIService> byName = items.stream()
                    .collect(Collectors.toMap(a -> a.getMetadata().getName(), Function.identity(), (a, b) -> b));
            boolean ok = names.stream().allMatch(n -> byName.containsKey(n) && available(byName.get(n)));
            if (ok) {
                noticed.compareAndSet(0, System.currentTimeMillis());
            }
            return ok;
        });
        if (await(all, timeout, tick)) {
            return new ApiServicesWait(true, List.of(), noticed.get());
        }
        List<String> still = new ArrayList<>();
        for (String name : names) {
            APIService a = client.resources(APIService.class).withName(name).get();
            if (a == null) {
                still.add(name + " (does not exist)");
            } else if (!available(a)) {
                still.add(name + " " + availableCondition(a).map(c -> "Available=" + c.getStatus() + " ("
                        + c.getReason() + "): " + c.getMessage()).orElse("has no Available condition"));
            }
        }
        return still.isEmpty() ? new ApiServicesWait(true, List.of(), System.currentTimeMillis())
                : new ApiServicesWait(false, still, 0);
    }

    /** Waits until the namespace no longer exists; false when it still does after {@code timeout}. */
    public boolean awaitNamespaceGone(String namespace, Duration timeout, Tick tick)
            throws InterruptedException, ExecutionException {
        CompletableFuture<List<Namespace>> gone = client.namespaces().withName(namespace)
                .informOnCondition(List::isEmpty);
        return await(gone, timeout, tick) || client.namespaces().withName(namespace).get() == null;
    }

    /** Waits on the informer's future, ticking; stops the informer whatever happens. */
    private static boolean await(CompletableFuture<?> condition, Duration timeout, Tick tick)
            throws InterruptedException, ExecutionException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                try {
                    condition.get(Math.min(left, Math.max(1, tick.every().toMillis())), TimeUnit.MILLISECONDS);
                    return true;
                } catch (TimeoutException e) {
                    tick.action().run();
                }
            }
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
