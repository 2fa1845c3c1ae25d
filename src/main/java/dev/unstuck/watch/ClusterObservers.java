package dev.unstuck.watch;

import dev.unstuck.config.ClusterRegistry;
import dev.unstuck.diagnosis.DiscoveryFailureMessage;
import io.fabric8.kubernetes.api.model.APIService;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceCondition;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What the watchers see of each cluster: fabric8 informers on namespaces, APIServices and nodes, started on first
 * use in this process and kept, so each look is read from their caches and a wait is woken by their events, never by
 * a poll. Any replica's worker can serve a watcher's activity; each builds its own informers.
 */
public final class ClusterObservers implements SmartLifecycle, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClusterObservers.class);
    private static final Duration SYNC_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration WATCH_LOST_LIMIT = Duration.ofSeconds(15);

    private final ClusterRegistry clusters;
    private final Map<String, Observer> observers = new ConcurrentHashMap<>();
    private volatile boolean running = true;

    public ClusterObservers(ClusterRegistry clusters) {
        this.clusters = clusters;
    }

    /** Called every so often while a look waits (the activity heartbeats there). */
    public interface Tick {
        void run();
    }

    /**
     * Returns the cluster as seen now if it differs from {@code knownFingerprint}; else waits for a change, at most
     * until {@code maxWait} has passed, ticking every {@code tickEvery}.
     */
    public ClusterSnapshot look(String cluster, String knownFingerprint, Duration maxWait, Duration tickEvery,
                                Tick tick) throws InterruptedException {
        if (!running) {
            throw new IllegalStateException("Unstuck is shutting down: cluster " + cluster + " is no longer watched"
                    + " from here");
        }
        long deadline = System.nanoTime() + maxWait.toNanos();
        Observer o = observer(cluster, tick);
        while (true) {
            long version = o.version();
            ClusterSnapshot s = o.snapshot();
            long left = deadline - System.nanoTime();
            if (!s.fingerprint().equals(knownFingerprint)) {
                return s;
            }
            if (left <= 0) {
                // A whole wait without an event: check the caches against one list, so a watch that silently
                // missed a change cannot keep the watcher blind for longer than one wait.
                ClusterSnapshot listed = o.listed();
                if (!listed.fingerprint().equals(s.fingerprint())) {
                    log.warn("the watch on cluster {} missed a change; its informers start over", cluster);
                    observers.remove(cluster, o);
                    o.close();
                }
                return listed;
            }
            o.awaitChange(version, Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, tickEvery.toMillis()));
            if (o.watchLostFor().compareTo(WATCH_LOST_LIMIT) > 0) {
                // The informers keep retrying, but a look must not wait on a watch that does not come back:
                // fail it, and the next look builds the informers anew (a fresh list).
                observers.remove(cluster, o);
                o.close();
                throw new IllegalStateException("the watch on cluster " + cluster + " has been down for over "
                        + WATCH_LOST_LIMIT.toSeconds() + " s");
            }
            log.debug("looked at {}: no change (watching {})", cluster, o.watching());
            tick.run();
        }
    }

    private Observer observer(String cluster, Tick tick) throws InterruptedException {
        Observer o = observers.get(cluster);
        if (o != null && o.healthy()) {
            return o;
        }
        synchronized (this) {
            o = observers.get(cluster);
            if (o != null && o.healthy()) {
                return o;
            }
            if (o != null) {
                o.close();
            }
            Observer fresh = new Observer(cluster, clusters.connection(cluster).client());
            try {
                fresh.start(tick);
            } catch (RuntimeException | InterruptedException e) {
                fresh.close();
                throw e;
            }
            observers.put(cluster, fresh);
            return fresh;
        }
    }

    @Override
    public synchronized void close() {
        running = false;
        observers.values().forEach(Observer::close);
        observers.clear();
    }

    @Override
    public void start() {
        running = true;
    }

    /** Stops the informers before the clusters' clients (and a sandbox's API server) go away. */
    @Override
    public void stop() {
        close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * Not paused with the rest of an idle context: the Temporal workers that run the watchers' looks are not paused
     * either, and a look must not fail as if Unstuck were shutting down. Only a real stop closes the informers.
     */
    @Override
    public boolean isPauseable() {
        return false;
    }

    @Override
    public int getPhase() {
        // Among the first to stop, with the chat adapters: nothing it watches is closed yet.
        return SmartLifecycle.DEFAULT_PHASE - 512;
    }

    /** The informers of one cluster and a counter their events bump. */
    private static final class Observer implements ResourceEventHandler<HasMetadata> {
        private final String cluster;
        private final KubernetesClient client;
        private final List<SharedIndexInformer<? extends HasMetadata>> informers = new ArrayList<>();
        private SharedIndexInformer<Namespace> namespaces;
        private SharedIndexInformer<APIService> apiServices;
        private SharedIndexInformer<Node> nodes;
        private long version;

        Observer(String cluster, KubernetesClient client) {
            this.cluster = cluster;
            this.client = client;
        }

        void start(Tick tick) throws InterruptedException {
            namespaces = client.namespaces().runnableInformer(0);
            apiServices = client.resources(APIService.class).runnableInformer(0);
            nodes = client.nodes().runnableInformer(0);
            informers.addAll(List.of(namespaces, apiServices, nodes));
            long deadline = System.nanoTime() + SYNC_TIMEOUT.toNanos();
            for (SharedIndexInformer<? extends HasMetadata> i : informers) {
                @SuppressWarnings("unchecked")
                SharedIndexInformer<HasMetadata> any = (SharedIndexInformer<HasMetadata>) i;
                any.addEventHandler(this);
                var started = i.start().toCompletableFuture();
                while (true) {
                    try {
                        started.get(Math.max(1, Math.min(2000, TimeUnit.NANOSECONDS.toMillis(deadline
                                - System.nanoTime()))), TimeUnit.MILLISECONDS);
                        break;
                    } catch (TimeoutException e) {
                        if (System.nanoTime() > deadline) {
                            throw new IllegalStateException("cluster " + cluster + " did not answer its first list"
                                    + " within " + SYNC_TIMEOUT.toSeconds() + " s");
                        }
                        tick.run();
                    } catch (ExecutionException e) {
                        throw new IllegalStateException("cluster " + cluster + " cannot be watched: "
                                + e.getCause().getMessage(), e.getCause());
                    }
                }
            }
            log.info("watching cluster {}: namespaces, APIServices and nodes", cluster);
        }

        private long watchLostSince;

        boolean healthy() {
            return informers.stream().allMatch(SharedIndexInformer::isRunning);
        }

        List<Boolean> watching() {
            return informers.stream().map(SharedIndexInformer::isWatching).toList();
        }

        /** How long at least one informer has had no watch open (zero while all have). */
        synchronized Duration watchLostFor() {
            boolean all = informers.stream().allMatch(SharedIndexInformer::isWatching);
            if (all) {
                watchLostSince = 0;
                return Duration.ZERO;
            }
            long now = System.nanoTime();
            if (watchLostSince == 0) {
                watchLostSince = now;
            }
            return Duration.ofNanos(now - watchLostSince);
        }

        synchronized long version() {
            return version;
        }

        synchronized void awaitChange(long seen, long millis) throws InterruptedException {
            long until = System.currentTimeMillis() + millis;
            while (version == seen) {
                long left = until - System.currentTimeMillis();
                if (left <= 0) {
                    return;
                }
                wait(left);
            }
        }

        private synchronized void changed() {
            version++;
            notifyAll();
        }

        @Override
        public void onAdd(HasMetadata obj) {
            changed();
        }

        @Override
        public void onUpdate(HasMetadata oldObj, HasMetadata newObj) {
            changed();
        }

        @Override
        public void onDelete(HasMetadata obj, boolean deletedFinalStateUnknown) {
            changed();
        }

        ClusterSnapshot snapshot() {
            return snapshot(namespaces.getStore().list(), apiServices.getStore().list(), nodes.getStore().list());
        }

        /** The same picture from a fresh list of each kind, bypassing the informers. */
        ClusterSnapshot listed() {
            return snapshot(client.namespaces().list().getItems(),
                    client.resources(APIService.class).list().getItems(), client.nodes().list().getItems());
        }

        private static ClusterSnapshot snapshot(List<Namespace> namespaceList, List<APIService> apiServiceList,
                                                List<Node> nodeList) {
            List<NamespaceSeen> terminating = namespaceList.stream()
                    .filter(ns -> ns.getMetadata().getDeletionTimestamp() != null)
                    .map(Observer::namespace)
                    .sorted(Comparator.comparing(NamespaceSeen::name)).toList();
            List<ApiServiceSeen> aggregated = apiServiceList.stream()
                    .filter(a -> a.getSpec() != null && a.getSpec().getService() != null)
                    .map(Observer::apiService)
                    .sorted(Comparator.comparing(ApiServiceSeen::name)).toList();
            List<String> nodeRoutes = nodeList.stream()
                    .map(n -> n.getMetadata().getName() + "|" + (n.getSpec() == null ? "" : n.getSpec().getPodCIDR()
                            + "|" + n.getSpec().getProviderID()))
                    .sorted().toList();
            String nodesFingerprint = digest(String.join("\n", nodeRoutes));
            StringBuilder all = new StringBuilder(nodesFingerprint);
            terminating.forEach(n -> all.append('\n').append(n));
            aggregated.forEach(a -> all.append('\n').append(a));
            return new ClusterSnapshot(System.currentTimeMillis(), terminating, aggregated, nodeRoutes.size(),
                    nodesFingerprint, digest(all.toString()));
        }

        private static NamespaceSeen namespace(Namespace ns) {
            List<ConditionSeen> conditions = new ArrayList<>();
            List<String> failing = List.of();
            if (ns.getStatus() != null && ns.getStatus().getConditions() != null) {
                for (NamespaceCondition c : ns.getStatus().getConditions()) {
                    if (!"True".equals(c.getStatus())) {
                        continue;
                    }
                    conditions.add(new ConditionSeen(c.getType(), c.getReason(), c.getMessage()));
                    if ("NamespaceDeletionDiscoveryFailure".equals(c.getType())) {
                        failing = DiscoveryFailureMessage.failingGroupVersions(c.getMessage());
                    }
                }
            }
            conditions.sort(Comparator.comparing(ConditionSeen::type));
            return new NamespaceSeen(ns.getMetadata().getName(), millis(ns.getMetadata().getDeletionTimestamp()),
                    failing, conditions);
        }

        private static ApiServiceSeen apiService(APIService a) {
            var ref = a.getSpec().getService();
            var available = a.getStatus() == null || a.getStatus().getConditions() == null ? null
                    : a.getStatus().getConditions().stream().filter(c -> "Available".equals(c.getType()))
                    .findFirst().orElse(null);
            return new ApiServiceSeen(a.getMetadata().getName(), a.getSpec().getGroup() + "/"
                    + a.getSpec().getVersion(), ref.getNamespace() + "/" + ref.getName(),
                    available != null && "True".equals(available.getStatus()),
                    available == null ? null : available.getReason(), available == null ? null : available.getMessage(),
                    available == null ? 0 : millis(available.getLastTransitionTime()));
        }

        private static long millis(String timestamp) {
            if (timestamp == null || timestamp.isBlank()) {
                return 0;
            }
            try {
                return Instant.parse(timestamp).toEpochMilli();
            } catch (DateTimeParseException e) {
                return 0;
            }
        }

        void close() {
            informers.forEach(SharedIndexInformer::stop);
        }
    }

    static String digest(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8))).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
