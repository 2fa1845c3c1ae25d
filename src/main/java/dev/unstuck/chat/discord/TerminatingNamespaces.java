package dev.unstuck.chat.discord;

import dev.unstuck.config.ClusterRegistry;
import io.fabric8.kubernetes.api.model.Namespace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Names of namespaces being deleted, per cluster, for autocomplete. Cached for a short while: every keystroke is
 * an autocomplete interaction, and a namespace list per keystroke would load the cluster for nothing.
 */
public final class TerminatingNamespaces {
    private static final Logger log = LoggerFactory.getLogger(TerminatingNamespaces.class);

    private final ClusterRegistry clusters;
    private final Executor executor;
    private final Duration maxAge;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();

    private record Entry(CompletableFuture<List<String>> names, long fetchedNanos) {
    }

    public TerminatingNamespaces(ClusterRegistry clusters, Executor executor, Duration maxAge) {
        this.clusters = clusters;
        this.executor = executor;
        this.maxAge = maxAge;
    }

    /** The cached names, refreshed when old; waits at most {@code wait} for a first list, else answers empty. */
    public List<String> names(String cluster, Duration wait) {
        if (!clusters.contains(cluster)) {
            return List.of();
        }
        Entry e = cache.compute(cluster, (k, old) -> old != null && System.nanoTime() - old.fetchedNanos
                < maxAge.toNanos() ? old : refresh(k, old));
        try {
            return e.names().get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception notYet) {
            return List.of();
        }
    }

    private Entry refresh(String cluster, Entry old) {
        CompletableFuture<List<String>> names = CompletableFuture.supplyAsync(() -> clusters.connection(cluster)
                .client().namespaces().list().getItems().stream()
                .filter(n -> n.getMetadata().getDeletionTimestamp() != null)
                .map(Namespace::getMetadata).map(m -> m.getName()).sorted().toList(), executor);
        CompletableFuture<List<String>> withFallback = names.exceptionally(t -> {
            log.debug("namespaces of {} not listed for autocomplete: {}", cluster, t.getMessage());
            return old == null ? List.of() : old.names().getNow(List.of());
        });
        return new Entry(withFallback, System.nanoTime());
    }
}
