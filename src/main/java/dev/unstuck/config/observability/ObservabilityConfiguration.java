package dev.unstuck.config.observability;

import dev.unstuck.cloud.CloudCallListener;
import dev.unstuck.config.ClusterRegistry;
import dev.unstuck.ops.CloudCallMeter;
import dev.unstuck.ops.DiscordAckTimer;
import dev.unstuck.ops.GatewayConnection;
import dev.unstuck.ops.GatewayLeadership;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.client.WorkflowClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Health and metrics. Contributor names are what {@code application.yml}'s health groups include: {@code temporal}
 * and {@code gateway} gate readiness; {@code clusters} and {@code cloud} (one member per cluster) are shown only, in
 * the groups {@code cloud-credentials} and {@code cluster-<alias>}.
 */
@Configuration(proxyBeanMethods = false)
public class ObservabilityConfiguration {
    /** How long a cluster or cloud check answers from its last result. */
    static final Duration REMOTE_CHECK_TTL = Duration.ofSeconds(20);

    @Bean
    public GatewayLeadership gatewayLeadership() {
        return new GatewayLeadership();
    }

    @Bean
    public DiscordAckTimer discordAckTimer() {
        return new DiscordAckTimer();
    }

    @Bean
    public CloudCallListener cloudCallMeter(MeterRegistry registry) {
        return new CloudCallMeter(registry);
    }

    @Bean
    public HealthIndicator temporalHealthIndicator(WorkflowClient client, Environment env) {
        String target = env.getProperty("spring.temporal.connection.target");
        return new TemporalHealthIndicator(client.getWorkflowServiceStubs(),
                target == null || target.isBlank() ? "embedded (in memory)" : target,
                client.getOptions().getNamespace());
    }

    @Bean
    public HealthIndicator gatewayHealthIndicator(GatewayLeadership leadership,
                                                  ObjectProvider<GatewayConnection> connection) {
        return new GatewayHealthIndicator(leadership, connection::getIfAvailable);
    }

    @Bean
    public ClusterHealthGroups clusterHealthGroups(ClusterRegistry clusters) {
        return new ClusterHealthGroups(clusters);
    }

    @Bean
    public HealthContributor clustersHealthContributor(ClusterRegistry clusters) {
        Map<String, HealthIndicator> members = new LinkedHashMap<>();
        clusters.aliases().stream().sorted().forEach(alias -> members.put(alias,
                new CachedHealth(new ClusterHealthIndicator(clusters, alias), REMOTE_CHECK_TTL, Clock.systemUTC())));
        return CompositeHealthContributor.fromMap(members);
    }

    @Bean
    public HealthContributor cloudHealthContributor(ClusterRegistry clusters) {
        Map<String, HealthIndicator> members = new LinkedHashMap<>();
        clusters.aliases().stream().sorted().filter(alias -> clusters.target(alias).cloud() != null)
                .forEach(alias -> members.put(alias, new CachedHealth(new CloudHealthIndicator(clusters, alias),
                        REMOTE_CHECK_TTL, Clock.systemUTC())));
        if (members.isEmpty()) {
            // The health groups name "cloud", so it must exist even when no cluster has cloud settings.
            return (HealthIndicator) () -> Health.unknown()
                    .withDetail("reason", "no cluster has cloud settings (region and vpc-id)").build();
        }
        return CompositeHealthContributor.fromMap(members);
    }
}
