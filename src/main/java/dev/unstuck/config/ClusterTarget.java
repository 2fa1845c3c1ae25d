package dev.unstuck.config;

import dev.unstuck.sandbox.Sandbox;
import io.fabric8.kubernetes.client.Config;

import java.util.Optional;

/** One cluster Unstuck works on: its Kubernetes API and, when known, its cloud. */
public record ClusterTarget(String name, Config kubernetes, CloudTarget cloud) {

    public Optional<CloudTarget> cloudTarget() {
        return Optional.ofNullable(cloud);
    }

    /**
     * The sandbox's cluster and VPC, reached through the same clients as a real one; the route tables are left to be
     * read from the cluster's cloud-config, as on a real cluster.
     */
    public static ClusterTarget of(Sandbox sandbox) {
        return new ClusterTarget(sandbox.scenario().cluster().name(), sandbox.cluster().clientConfig(),
                new CloudTarget(sandbox.cloudSettings(), sandbox.vpc().vpcId(), java.util.List.of(),
                        sandbox.apiServerVSwitchIds(), sandbox.routeEntryQuota()));
    }
}
