package dev.unstuck.config.observability;

import dev.unstuck.config.ClusterConnection;
import dev.unstuck.config.ClusterRegistry;
import io.fabric8.kubernetes.client.VersionInfo;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * One cluster's API server answers {@code /version} (readable by any authenticated client, so it checks the
 * credentials too). Shown, never gating readiness: an unreachable cluster is exactly the kind of thing people come to
 * Unstuck's other clusters about.
 */
final class ClusterHealthIndicator implements HealthIndicator {
    private final ClusterRegistry clusters;
    private final String alias;

    ClusterHealthIndicator(ClusterRegistry clusters, String alias) {
        this.clusters = clusters;
        this.alias = alias;
    }

    @Override
    public Health health() {
        String server = null;
        try {
            ClusterConnection connection = clusters.connection(alias);
            server = connection.serverUrl();
            VersionInfo version = connection.client().getKubernetesVersion();
            return Health.up().withDetail("apiServer", server)
                    .withDetail("version", version == null ? "unknown" : version.getGitVersion()).build();
        } catch (RuntimeException e) {
            Health.Builder down = Health.down();
            if (server != null) {
                down.withDetail("apiServer", server);
            }
            return down.withDetail("error", Problems.oneLine(e)).build();
        }
    }
}
