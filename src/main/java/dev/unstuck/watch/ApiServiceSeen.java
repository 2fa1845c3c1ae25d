package dev.unstuck.watch;

/**
 * An aggregated APIService (one backed by a Service), as the watcher saw it.
 *
 * @param groupVersion "metrics.k8s.io/v1beta1"
 * @param service      "kube-system/metrics-server"
 * @param available    its Available condition is True
 * @param sinceMillis  the condition's lastTransitionTime: since when it has been (un)available; 0 when unknown
 */
public record ApiServiceSeen(String name, String groupVersion, String service, boolean available, String reason,
                             String message, long sinceMillis) {
}
