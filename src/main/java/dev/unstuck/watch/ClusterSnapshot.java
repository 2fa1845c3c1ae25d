package dev.unstuck.watch;

import java.util.List;

/**
 * One look at a cluster: what the watcher judges incidents from. Only what matters for them is in it, so that a
 * cluster whose other objects churn does not wake the watcher.
 *
 * @param terminating      every namespace being deleted
 * @param apiServices      every aggregated APIService
 * @param nodesFingerprint changes when a node joins or leaves, or its podCIDR or instance changes: the route audit
 *                         runs again then
 * @param fingerprint      of all of the above: equal fingerprints, nothing new
 */
public record ClusterSnapshot(long observedAtMillis, List<NamespaceSeen> terminating, List<ApiServiceSeen> apiServices,
                              int nodes, String nodesFingerprint, String fingerprint) {
    public ClusterSnapshot {
        terminating = List.copyOf(terminating);
        apiServices = List.copyOf(apiServices);
    }
}
