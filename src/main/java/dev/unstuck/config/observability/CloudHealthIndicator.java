package dev.unstuck.config.observability;

import dev.unstuck.cloud.VpcApi;
import dev.unstuck.cloud.VpcAttributes;
import dev.unstuck.config.CloudTarget;
import dev.unstuck.config.ClusterRegistry;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import java.util.Optional;

/**
 * One cluster's cloud credentials work: the VPC it names can be read with them ({@code DescribeVpcAttribute}, one of
 * the reads the RAM policy grants). A failure says why in the cloud's terms (no credentials, RAM denied, wrong
 * region). Shown, never gating readiness.
 */
final class CloudHealthIndicator implements HealthIndicator {
    private final ClusterRegistry clusters;
    private final String alias;

    CloudHealthIndicator(ClusterRegistry clusters, String alias) {
        this.clusters = clusters;
        this.alias = alias;
    }

    @Override
    public Health health() {
        CloudTarget target = clusters.target(alias).cloud();
        String region = target.settings().regionId();
        try {
            Optional<VpcApi> vpc = clusters.connection(alias).vpc();
            if (vpc.isEmpty()) {
                return Health.unknown().withDetail("region", region).build();
            }
            Optional<VpcAttributes> found = vpc.get().describeVpc(target.vpcId());
            if (found.isEmpty()) {
                return Health.down().withDetail("region", region).withDetail("vpcId", target.vpcId())
                        .withDetail("error", "VPC " + target.vpcId() + " was not found in " + region
                                + " with these credentials").build();
            }
            return Health.up().withDetail("region", region).withDetail("vpcId", target.vpcId())
                    .withDetail("vpcStatus", String.valueOf(found.get().status())).build();
        } catch (RuntimeException e) {
            return Health.down().withDetail("region", region).withDetail("vpcId", target.vpcId())
                    .withDetail("error", Problems.oneLine(e)).build();
        }
    }
}
