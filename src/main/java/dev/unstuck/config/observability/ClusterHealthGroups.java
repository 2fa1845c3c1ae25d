package dev.unstuck.config.observability;

import dev.unstuck.config.ClusterRegistry;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.health.actuate.endpoint.AdditionalHealthEndpointPath;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One health group per cluster, {@code /actuator/health/cluster-<alias>}: its API server and its cloud credentials
 * together. The aliases are known only once the clusters (or the sandbox's scenario) are loaded, so the groups are
 * added here rather than in {@code application.yml}; visibility follows the main health endpoint's settings.
 */
public final class ClusterHealthGroups implements HealthEndpointGroupsPostProcessor {
    public static final String PREFIX = "cluster-";

    private final ClusterRegistry clusters;

    public ClusterHealthGroups(ClusterRegistry clusters) {
        this.clusters = clusters;
    }

    @Override
    public HealthEndpointGroups postProcessHealthEndpointGroups(HealthEndpointGroups groups) {
        Map<String, HealthEndpointGroup> all = new LinkedHashMap<>();
        groups.getNames().forEach(name -> all.put(name, groups.get(name)));
        for (String alias : clusters.aliases().stream().sorted().toList()) {
            List<String> members = clusters.target(alias).cloud() == null
                    ? List.of("clusters/" + alias) : List.of("clusters/" + alias, "cloud/" + alias);
            all.putIfAbsent(PREFIX + alias, new Group(groups.getPrimary(), members));
        }
        return HealthEndpointGroups.of(groups.getPrimary(), all);
    }

    private record Group(HealthEndpointGroup primary, List<String> members) implements HealthEndpointGroup {
        @Override
        public boolean isMember(String name) {
            // A composite is a member when one of its children is, and a child when its composite is.
            return members.stream().anyMatch(m -> m.equals(name) || m.startsWith(name + "/")
                    || name.startsWith(m + "/"));
        }

        @Override
        public boolean showComponents(SecurityContext securityContext) {
            return primary.showComponents(securityContext);
        }

        @Override
        public boolean showDetails(SecurityContext securityContext) {
            return primary.showDetails(securityContext);
        }

        @Override
        public StatusAggregator getStatusAggregator() {
            return primary.getStatusAggregator();
        }

        @Override
        public HttpCodeStatusMapper getHttpCodeStatusMapper() {
            return primary.getHttpCodeStatusMapper();
        }

        @Override
        public AdditionalHealthEndpointPath getAdditionalPath() {
            return null;
        }
    }
}
