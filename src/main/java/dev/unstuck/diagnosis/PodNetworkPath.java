package dev.unstuck.diagnosis;

/**
 * The path the control plane takes to a backend pod: from the API server on the host network to a pod IP on
 * {@code node}, which the VPC routes to {@code instanceId} only if an entry podCIDR -> instance exists.
 */
public record PodNetworkPath(String apiService, String podNamespace, String podName, String podIP, String nodeName,
                             String podCIDR, String region, String instanceId) {
}
