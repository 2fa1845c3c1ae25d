package dev.unstuck.config;

import dev.unstuck.cloud.CloudCallListener;
import dev.unstuck.diagnosis.DiagnosisEngine;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The clusters Unstuck works on, by alias. Connections open on first use and are shared: a worker runs many
 * activities against the same cluster, and each fabric8 client holds its own connection pool.
 */
public final class ClusterRegistry implements AutoCloseable {
    private final Map<String, ClusterTarget> targets = new LinkedHashMap<>();
    private final Map<String, ApprovalRules> rules = new LinkedHashMap<>();
    private final Map<String, ClusterConnection> open = new LinkedHashMap<>();
    private final CloudCallListener cloudCalls;
    private final Duration stuckThreshold;

    public ClusterRegistry() {
        this(CloudCallListener.NONE);
    }

    /** @param cloudCalls told about every VPC API call of every cluster's connection */
    public ClusterRegistry(CloudCallListener cloudCalls) {
        this(cloudCalls, DiagnosisEngine.DEFAULT_STUCK_THRESHOLD);
    }

    /**
     * @param stuckThreshold how long a namespace must have been terminating for its diagnosis to call it stuck
     */
    public ClusterRegistry(CloudCallListener cloudCalls, Duration stuckThreshold) {
        this.cloudCalls = cloudCalls == null ? CloudCallListener.NONE : cloudCalls;
        this.stuckThreshold = stuckThreshold;
    }

    public synchronized ClusterRegistry register(String alias, ClusterTarget target, ApprovalRules approval) {
        if (alias == null || !alias.matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?")) {
            throw new IllegalArgumentException("cluster alias must be lower-case letters, digits, '-' or '.': "
                    + alias);
        }
        if (targets.putIfAbsent(alias, target) != null) {
            throw new IllegalArgumentException("cluster " + alias + " is registered twice");
        }
        rules.put(alias, approval);
        return this;
    }

    public synchronized Set<String> aliases() {
        return Set.copyOf(targets.keySet());
    }

    public synchronized boolean contains(String alias) {
        return targets.containsKey(alias);
    }

    /** The cluster's settings, without opening a connection. */
    public synchronized ClusterTarget target(String alias) {
        requireKnown(alias);
        return targets.get(alias);
    }

    public synchronized ApprovalRules rules(String alias) {
        requireKnown(alias);
        return rules.get(alias);
    }

    public synchronized ClusterConnection connection(String alias) {
        requireKnown(alias);
        return open.computeIfAbsent(alias, a -> ClusterConnection.open(targets.get(a), stuckThreshold, cloudCalls));
    }

    private void requireKnown(String alias) {
        if (!targets.containsKey(alias)) {
            throw new IllegalArgumentException("unknown cluster '" + alias + "'; known: "
                    + List.copyOf(targets.keySet()));
        }
    }

    @Override
    public synchronized void close() {
        open.values().forEach(ClusterConnection::close);
        open.clear();
    }
}
