package dev.unstuck.config;

import dev.unstuck.chat.Person;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code unstuck.*}: the clusters to work on, the sandbox used when there are none, the remediation time limits,
 * who is who across chat adapters, the click rate limit, and the Temporal test-server workaround.
 */
@ConfigurationProperties("unstuck")
public record UnstuckProperties(Map<String, Cluster> clusters, @DefaultValue Sandbox sandbox,
                                @DefaultValue Remediation remediation, @DefaultValue Temporal temporal,
                                Map<String, Person> people, @DefaultValue ClickRateLimit clickRateLimit) {
    public UnstuckProperties {
        clusters = clusters == null ? Map.of() : Map.copyOf(clusters);
        people = people == null ? Map.of() : Map.copyOf(people);
    }

    /**
     * One cluster, under its alias. Cloud settings come either from {@code region}/{@code vpcId} (credentials from
     * the default chain) or from a {@code cloudProperties} file like the one the sandbox writes. {@code inCluster}
     * reaches the API server Unstuck runs in with its pod's ServiceAccount instead of a kubeconfig. Who may approve is
     * never implied: {@code approverRoles} (roles each chat adapter's authority grants) and/or {@code approvers}
     * (people under {@code unstuck.people}) must name someone.
     */
    public record Cluster(String kubeconfig, String context, String region, String vpcId, List<String> routeTableIds,
                          List<String> apiServerVswitchIds, @DefaultValue("200") int routeEntryQuota,
                          String cloudProperties, List<String> approverRoles, @DefaultValue("true") boolean fourEyes,
                          List<String> approvers, @DefaultValue("false") boolean inCluster) {
        public Cluster {
            routeTableIds = routeTableIds == null ? List.of() : List.copyOf(routeTableIds);
            apiServerVswitchIds = apiServerVswitchIds == null ? List.of() : List.copyOf(apiServerVswitchIds);
            approverRoles = approverRoles == null ? List.of() : List.copyOf(approverRoles);
            approvers = approvers == null ? List.of() : List.copyOf(approvers);
        }
    }

    /**
     * Button clicks one person may make per period, across every chat adapter; clicks past it are answered
     * "slow down" and counted, and the count is recorded once per period.
     */
    public record ClickRateLimit(@DefaultValue("10") int clicks, @DefaultValue("1m") Duration per) {
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
     * @param searchAttributes  start runs with the search attributes UnstuckCluster, UnstuckNamespace (and record
     *                          UnstuckOutcome): only on a server where they are registered, which then lists runs
     *                          by them; a server without them refuses to start the run
     */
    public record Temporal(@DefaultValue("false") boolean clearStickyQueues,
                           @DefaultValue("false") boolean searchAttributes) {
    }
}
