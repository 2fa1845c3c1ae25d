package dev.unstuck.sandbox;

import dev.unstuck.sandbox.vpc.VpcFaults;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A small world the sandbox serves as a real Kubernetes API (and, for its {@code vpc} part, a real VPC API):
 * the cluster, its nodes, aggregated APIServices with their backend pods, namespaces and what holds them, the VPC
 * route tables and the cloud-controller-manager's configuration. Teams write these as incident drills.
 */
public record Scenario(String name, String description, Cluster cluster, List<Node> nodes, List<ApiService> apiServices,
                       List<Namespace> namespaces, List<ResourceKind> resourceKinds, List<String> malformedGroupVersions,
                       Vpc vpc, Ccm ccm, Faults faults, Timing timing) {

    public Scenario {
        nodes = List.copyOf(nodes);
        apiServices = List.copyOf(apiServices);
        namespaces = List.copyOf(namespaces);
        resourceKinds = List.copyOf(resourceKinds);
        malformedGroupVersions = List.copyOf(malformedGroupVersions);
        timing = timing == null ? Timing.INSTANT : timing;
    }

    /** A scenario whose controllers react at once, as every scenario did before {@code timing} existed. */
    public Scenario(String name, String description, Cluster cluster, List<Node> nodes, List<ApiService> apiServices,
                    List<Namespace> namespaces, List<ResourceKind> resourceKinds, List<String> malformedGroupVersions,
                    Vpc vpc, Ccm ccm, Faults faults) {
        this(name, description, cluster, nodes, apiServices, namespaces, resourceKinds, malformedGroupVersions, vpc,
                ccm, faults, Timing.INSTANT);
    }

    /** The nodes that run the API server: none on a managed cluster, whose control plane lives outside the VPC. */
    public List<Node> controlPlaneNodes() {
        return nodes.stream().filter(Node::controlPlane).toList();
    }

    public Optional<Node> node(String nodeName) {
        return nodes.stream().filter(n -> n.name().equals(nodeName)).findFirst();
    }

    /** How pods get their addresses; it decides whether VPC route entries matter at all. */
    public enum Network {
        /** VPC route mode: one custom route entry podCIDR -> instance per node. */
        FLANNEL,
        /** Pods take VPC addresses from vSwitches through ENIs: no per-node routes exist or are needed. */
        TERWAY;

        public String yamlName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * @param managed          the control plane runs outside the node pool and reaches pods from
     *                         {@code apiServerVSwitch}
     * @param apiServerVSwitch the vSwitch a managed control plane's traffic enters the VPC from; null when dedicated
     * @param clusterCIDR      the pod range ({@code --cluster-cidr}); null when the scenario does not say
     */
    public record Cluster(String name, String region, String vpcId, Network network, boolean managed,
                          String apiServerVSwitch, String clusterCIDR) {
        public Cluster(String name, String region, String vpcId) {
            this(name, region, vpcId, Network.FLANNEL, false, null, null);
        }
    }

    /** {@code podCIDR} is null on Terway; {@code vSwitch} is null when the scenario declares no vSwitches. */
    public record Node(String name, String internalIP, String instanceId, String podCIDR, boolean controlPlane,
                       String vSwitch) {
        public Node(String name, String internalIP, String instanceId, String podCIDR, boolean controlPlane) {
            this(name, internalIP, instanceId, podCIDR, controlPlane, null);
        }
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

    /** A backend pod; {@code answers} is what it does once the network delivers the aggregator's request. */
    public record Pod(String name, String node, String ip, boolean ready, Answer answers) {
        public Pod {
            answers = answers == null ? Answer.OK : answers;
        }

        public Pod(String name, String node, String ip, boolean ready) {
            this(name, node, ip, ready, Answer.OK);
        }
    }

    /** How a backend pod answers the aggregator's discovery request when it gets it. */
    public enum Answer {
        OK, TIMEOUT, REFUSED, TLS;

        public String yamlName() {
            return name().toLowerCase(Locale.ROOT);
        }
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

    /**
     * The VPC. Without {@code vSwitches} one table serves every source, as scenarios behaved before vSwitches existed.
     *
     * @param quota custom entries one route table may hold (the account's quota)
     */
    public record Vpc(String cidr, int quota, List<VSwitch> vSwitches, List<RouteTable> routeTables) {
        public static final String DEFAULT_CIDR = "192.168.0.0/16";
        public static final int DEFAULT_QUOTA = 200;

        public Vpc {
            vSwitches = List.copyOf(vSwitches);
            // As in the cloud, a VPC's first table is its System table unless the scenario says otherwise.
            List<RouteTable> typed = new java.util.ArrayList<>();
            for (RouteTable t : routeTables) {
                typed.add(t.type() != null ? t : new RouteTable(t.id(),
                        typed.isEmpty() ? RouteTable.SYSTEM : RouteTable.CUSTOM, t.vSwitches(), t.entries()));
            }
            routeTables = List.copyOf(typed);
        }

        public Vpc(List<RouteTable> routeTables) {
            this(DEFAULT_CIDR, DEFAULT_QUOTA, List.of(), routeTables);
        }

        /** Whether the scenario says which vSwitch uses which table (otherwise any table's entry routes). */
        public boolean hasTopology() {
            return !vSwitches.isEmpty();
        }

        public Optional<VSwitch> vSwitch(String id) {
            return vSwitches.stream().filter(v -> v.id().equals(id)).findFirst();
        }

        public Optional<RouteTable> systemTable() {
            return routeTables.stream().filter(RouteTable::isSystem).findFirst();
        }

        /** The table whose routes traffic leaving {@code vSwitchId} follows: its custom table, else the System one. */
        public Optional<RouteTable> tableServing(String vSwitchId) {
            return routeTables.stream().filter(t -> !t.isSystem() && t.vSwitches().contains(vSwitchId)).findFirst()
                    .or(this::systemTable);
        }
    }

    public record VSwitch(String id, String cidr, String zone) {
    }

    /** {@code vSwitches} are the ones bound to this table explicitly; unbound vSwitches use the System table. */
    public record RouteTable(String id, String type, List<String> vSwitches, List<Route> entries) {
        public static final String SYSTEM = "System";
        public static final String CUSTOM = "Custom";

        public RouteTable {
            vSwitches = List.copyOf(vSwitches);
            entries = List.copyOf(entries);
        }

        /** A table without declared bindings; its type is decided by its position (the first is System). */
        public RouteTable(String id, List<Route> entries) {
            this(id, null, List.of(), entries);
        }

        public boolean isSystem() {
            return SYSTEM.equals(type);
        }
    }

    /** A custom route entry; {@code status} is Available unless the scenario says Pending. */
    public record Route(String destination, String nextHop, String nextHopType, String status) {
        public static final String INSTANCE = "Instance";

        public Route(String destination, String nextHop, String status) {
            this(destination, nextHop, INSTANCE, status);
        }
    }

    /**
     * The cloud-controller-manager's cloud-config: the VPC id it believes in and the tables it writes node routes into
     * ({@code routeTableIDs}; empty = it looks the VPC's single table up).
     */
    public record Ccm(String configuredVpcId, List<String> routeTableIds, List<String> logs) {
        public Ccm {
            routeTableIds = List.copyOf(routeTableIds);
            logs = List.copyOf(logs);
        }

        public Ccm(String configuredVpcId, List<String> logs) {
            this(configuredVpcId, List.of(), logs);
        }
    }

    /** Faults the sandbox injects per simulated system; today only the VPC API. */
    public record Faults(VpcFaults vpc) {
    }

    /**
     * How often the simulated controllers look again, in seconds; 0 means at once (every controller pass).
     *
     * @param apiServiceResyncSeconds  kube-aggregator re-checks every APIService this often (30 on a real cluster)
     * @param namespaceRetryMaxSeconds the namespace controller's retry backoff cap (60 on a real cluster)
     */
    public record Timing(int apiServiceResyncSeconds, int namespaceRetryMaxSeconds) {
        public static final Timing INSTANT = new Timing(0, 0);
    }
}
