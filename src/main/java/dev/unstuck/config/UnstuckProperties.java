package dev.unstuck.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code unstuck.*}: the clusters to work on, the sandbox used when there are none, the remediation time limits,
 * and the Temporal test-server workaround.
 */
@ConfigurationProperties("unstuck")
public record UnstuckProperties(Map<String, Cluster> clusters, @DefaultValue Sandbox sandbox,
                                @DefaultValue Remediation remediation, @DefaultValue Temporal temporal) {
    public UnstuckProperties {
        clusters = clusters == null ? Map.of() : Map.copyOf(clusters);
    }

    /**
     * One cluster, under its alias. Cloud settings come either from {@code region}/{@code vpcId} (credentials from
     * the default chain) or from a {@code cloudProperties} file like the one the sandbox writes. {@code inCluster}
     * reaches the API server Unstuck runs in with its pod's ServiceAccount instead of a kubeconfig.
     */
    public record Cluster(String kubeconfig, String context, String region, String vpcId, List<String> routeTableIds,
                          List<String> apiServerVswitchIds, @DefaultValue("200") int routeEntryQuota,
                          String cloudProperties, List<String> approverRoles, @DefaultValue("true") boolean fourEyes,
                          @DefaultValue("false") boolean inCluster) {
        public Cluster {
            routeTableIds = routeTableIds == null ? List.of() : List.copyOf(routeTableIds);
            apiServerVswitchIds = apiServerVswitchIds == null ? List.of() : List.copyOf(apiServerVswitchIds);
            approverRoles = approverRoles == null ? List.of() : List.copyOf(approverRoles);
        }
    }

    /** Sandbox mode (when no cluster is configured): the scenario served and the role allowed to approve. */
    public record Sandbox(@DefaultValue("seed-incident") String scenario, @DefaultValue("sre") List<String> approverRoles) {
    }

    public record Remediation(@DefaultValue("30m") Duration approvalTimeout, @DefaultValue("2m") Duration stepTimeout,
                              @DefaultValue("10m") Duration apiServiceTimeout,
                              @DefaultValue("10m") Duration namespaceTimeout) {
    }

    /**
     * @param clearStickyQueues set only when the workers talk to a standalone Temporal test server, which never
     *                          moves a workflow off a dead worker's sticky queue
     */
    public record Temporal(@DefaultValue("false") boolean clearStickyQueues) {
    }
}
