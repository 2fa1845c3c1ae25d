package dev.unstuck.workflow;

import dev.unstuck.chain.ChainQuery;
import dev.unstuck.chain.ChainReader;
import dev.unstuck.chain.ChainSnapshot;
import dev.unstuck.chain.RouteLookup;
import dev.unstuck.cloud.RouteEntry;
import dev.unstuck.config.CloudTarget;
import dev.unstuck.config.ClusterConnection;
import dev.unstuck.config.ClusterRegistry;
import dev.unstuck.sandbox.Sandbox;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cause chain of a registered cluster's namespace: what the RecordChain activity writes into the history after a
 * diagnosis and what the console draws as "now". Routes are read from the sandbox's VPC when the cluster is the
 * sandbox (free), and otherwise taken from the plan and the executed steps: a page refreshing every second must not
 * spend the cloud API's rate limit.
 */
public final class ClusterChains {
    private final ClusterRegistry clusters;
    private final RouteLookup routes;

    public ClusterChains(ClusterRegistry clusters, Sandbox sandbox) {
        this.clusters = clusters;
        this.routes = sandbox == null ? RouteLookup.NONE : sandboxRoutes(sandbox);
    }

    public ChainSnapshot read(ChainQuery query) {
        ClusterConnection c = clusters.connection(query.cluster());
        String vpcId = c.target().cloudTarget().map(CloudTarget::vpcId).orElse(null);
        ChainReader reader = new ChainReader(c.reader(), routes, vpcId, () -> c.client().namespaces().list()
                .getItems().stream().filter(n -> n.getMetadata().getDeletionTimestamp() != null)
                .map(n -> n.getMetadata().getName()).sorted().toList());
        return reader.read(query);
    }

    private static RouteLookup sandboxRoutes(Sandbox sandbox) {
        String cluster = sandbox.scenario().cluster().name();
        return (name, podCidr, instanceId) -> {
            if (!cluster.equals(name)) {
                return Optional.empty();
            }
            Map<String, List<RouteEntry>> tables = sandbox.vpc().server().routeTables();
            for (Map.Entry<String, List<RouteEntry>> t : tables.entrySet()) {
                for (RouteEntry r : t.getValue()) {
                    if (r.hasDestination(podCidr) && r.pointsToInstance(instanceId)) {
                        return Optional.of(new RouteLookup.RouteSeen(t.getKey(), r.routeEntryId(),
                                r.status().wireName()));
                    }
                }
            }
            String only = tables.size() == 1 ? tables.keySet().iterator().next() : null;
            return Optional.of(new RouteLookup.RouteSeen(only, null, null));
        };
    }
}
