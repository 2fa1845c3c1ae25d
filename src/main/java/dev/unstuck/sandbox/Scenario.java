package dev.unstuck.sandbox;

import dev.unstuck.sandbox.vpc.VpcFaults;

import java.util.List;

/**
 * A small world the sandbox serves as a real Kubernetes API (and, for its {@code vpc} part, a real VPC API):
 * the cluster, its nodes, aggregated APIServices with their backend pods, namespaces and what holds them, the VPC
 * route tables and the cloud-controller-manager's configuration. Teams write these as incident drills.
 */
public record Scenario(String name, String description, Cluster cluster, List<Node> nodes, List<ApiService> apiServices,
                       List<Namespace> namespaces, List<ResourceKind> resourceKinds, List<String> malformedGroupVersions,
                       Vpc vpc, Ccm ccm, Faults faults) {

    public Scenario {
        nodes = List.copyOf(nodes);
        apiServices = List.copyOf(apiServices);
        namespaces = List.copyOf(namespaces);
        resourceKinds = List.copyOf(resourceKinds);
        malformedGroupVersions = List.copyOf(malformedGroupVersions);
    }

    public record Cluster(String name, String region, String vpcId) {
    }

    public record Node(String name, String internalIP, String instanceId, String podCIDR, boolean controlPlane) {
    }

    /**
     * An aggregated APIService ({@code service} null for a local one). {@code serviceExists} false models an
     * uninstalled extension that left its APIService behind.
     */
    public record ApiService(String name, String group, String version, String serviceNamespace, String serviceName,
                             boolean serviceExists, List<Pod> pods) {
        public ApiService {
            pods = List.copyOf(pods);
        }

        public boolean isLocal() {
            return serviceName == null;
        }

        public String groupVersion() {
            return group + "/" + version;
        }
    }

    public record Pod(String name, String node, String ip, boolean ready) {
    }

    public record Namespace(String name, boolean deleting, long deletingForMinutes, List<SandboxObject> objects) {
        public Namespace {
            objects = List.copyOf(objects);
        }
    }

    /**
     * An object in a namespace. {@code deleteError} makes every delete of it fail with that message, as an admission
     * webhook that denies deletes would.
     */
    public record SandboxObject(String apiVersion, String kind, String name, List<String> finalizers,
                                String deleteError) {
        public SandboxObject {
            finalizers = List.copyOf(finalizers);
        }
    }

    /** A namespaced custom resource type the API server serves (with its discovery document). */
    public record ResourceKind(String group, String version, String kind, String plural) {
        public String apiVersion() {
            return group + "/" + version;
        }
    }

    public record Vpc(List<RouteTable> routeTables) {
        public Vpc {
            routeTables = List.copyOf(routeTables);
        }
    }

    public record RouteTable(String id, List<Route> entries) {
        public RouteTable {
            entries = List.copyOf(entries);
        }
    }

    /** A route entry; {@code status} is Available unless the scenario says Pending. */
    public record Route(String destination, String nextHop, String status) {
    }

    public record Ccm(String configuredVpcId, List<String> logs) {
        public Ccm {
            logs = List.copyOf(logs);
        }
    }

    /** Faults the sandbox injects per simulated system; today only the VPC API. */
    public record Faults(VpcFaults vpc) {
    }
}
