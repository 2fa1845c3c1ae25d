package dev.unstuck.diagnosis;

import java.util.List;

/**
 * The cloud-controller-manager as seen from the cluster: its pod, the VPC id its cloud-config names (null when no
 * cloud-config was found) and the tail of its log.
 */
public record CloudControllerInfo(String namespace, String podName, String configuredVpcId, String configSource,
                                  List<String> recentLogLines) {
    public CloudControllerInfo {
        recentLogLines = List.copyOf(recentLogLines);
    }
}
