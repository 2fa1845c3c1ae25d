package dev.unstuck.ha;

import dev.unstuck.config.ConfigurationProblem;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether the Discord gateway is held under a Lease, and which: in the sandbox (no cluster configured) the
 * one process holds it without one; with real clusters a Lease in the cluster Unstuck runs in is required, unless
 * switched off for a single replica. Anything missing stops start-up with one line naming the key.
 */
public final class GatewayLeases {
    static final String KEY = "unstuck.gateway.lease";
    // fabric8 retries acquisition up to 2.2 retry periods apart; a renew deadline shorter than that could pass
    // between two attempts.
    private static final double RETRY_JITTER = 2.2;

    private GatewayLeases() {
    }

    /** Where the Lease is: the cluster alias and the resolved settings. */
    public record Lease(String cluster, LeaseSettings settings) {
    }

    /**
     * @param clusters          the configured cluster aliases
     * @param inClusterClusters those configured {@code in-cluster}
     * @param sandbox           true when the sandbox is served because no cluster is configured
     * @param env               the process environment ({@code POD_NAME}, {@code POD_NAMESPACE})
     * @return empty when the gateway is held without a Lease
     */
    public static Optional<Lease> resolve(GatewayLeaseProperties props, Set<String> clusters,
                                          Set<String> inClusterClusters, boolean sandbox, Map<String, String> env) {
        if (!props.enabled()) {
            return Optional.empty();
        }
        String cluster = blankToNull(props.cluster());
        if (cluster == null) {
            if (sandbox) {
                return Optional.empty();
            }
            if (inClusterClusters.size() != 1) {
                throw new ConfigurationProblem(KEY + ".cluster", "is not set: name the cluster Unstuck runs in (one of "
                        + sorted(clusters) + "); its API holds the Lease that lets one replica at a time hold the"
                        + " Discord gateway. A single replica may set " + KEY + ".enabled=false instead");
            }
            cluster = inClusterClusters.iterator().next();
        }
        if (!clusters.contains(cluster)) {
            throw new ConfigurationProblem(KEY + ".cluster", "'" + cluster + "' names no configured cluster; known: "
                    + sorted(clusters));
        }
        String namespace = Optional.ofNullable(blankToNull(props.namespace()))
                .orElse(blankToNull(env.get("POD_NAMESPACE")));
        if (namespace == null) {
            throw new ConfigurationProblem(KEY + ".namespace", "is not set (nor POD_NAMESPACE): the namespace of the"
                    + " Lease, in a cluster the release namespace");
        }
        if (props.name() == null || !props.name().matches("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?")) {
            throw new ConfigurationProblem(KEY + ".name", "'" + props.name() + "' is not a Kubernetes object name");
        }
        check(props);
        String identity = Optional.ofNullable(blankToNull(props.identity()))
                .or(() -> Optional.ofNullable(blankToNull(env.get("POD_NAME"))))
                .orElseGet(GatewayLeases::hostAndProcess);
        return Optional.of(new Lease(cluster, new LeaseSettings(namespace, props.name(), identity, props.duration(),
                props.renewDeadline(), props.retryPeriod())));
    }

    private static void check(GatewayLeaseProperties p) {
        if (p.retryPeriod() == null || p.retryPeriod().compareTo(Duration.ofMillis(100)) < 0) {
            throw new ConfigurationProblem(KEY + ".retry-period", "must be at least 100ms");
        }
        if (p.renewDeadline() == null
                || p.renewDeadline().toMillis() <= p.retryPeriod().toMillis() * RETRY_JITTER) {
            throw new ConfigurationProblem(KEY + ".renew-deadline", "must be longer than " + RETRY_JITTER
                    + " retry periods (" + p.retryPeriod() + "), or one slow retry loses the gateway");
        }
        if (p.duration() == null || p.duration().compareTo(p.renewDeadline()) <= 0) {
            throw new ConfigurationProblem(KEY + ".duration", "must be longer than renew-deadline ("
                    + p.renewDeadline() + "): a holder that cannot renew must have closed its gateway before the"
                    + " Lease lets another replica open one");
        }
    }

    private static String hostAndProcess() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unstuck";
        }
        return host + "-" + ProcessHandle.current().pid();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static List<String> sorted(Set<String> s) {
        return s.stream().sorted().toList();
    }
}
