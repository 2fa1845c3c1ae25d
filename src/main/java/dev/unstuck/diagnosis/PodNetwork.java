package dev.unstuck.diagnosis;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which pod network the cluster runs, and so whether a VPC route entry lies on the path from the API server to a
 * given backend pod. Only Flannel's route mode gives each node a podCIDR that the VPC routes to the node's ECS
 * instance; Terway hands pods VPC addresses from vSwitches through ENIs, and virtual (ECI) nodes have no ECS instance
 * to route to. The plugin cannot change after the cluster is created, so its DaemonSet is a reliable signal; pod IPs
 * outside their node's podCIDR are a second one. When neither DaemonSet is found (or none can be read) the cluster is
 * treated as route mode, which is what a route-mode cluster without visible add-ons looks like.
 */
final class PodNetwork {

    enum Plugin { TERWAY, FLANNEL, UNKNOWN }

    /** How the API server reaches one backend pod. */
    enum Reach {
        /** Host-network pod: the node's own address, no pod route. */
        HOST_NETWORK,
        /** A pod on a control-plane node of a dedicated cluster: the API server is on that host. */
        CONTROL_PLANE_HOST,
        /** Terway, a virtual node, a pod IP outside the node's podCIDR: VPC route entries are not on the path. */
        NOT_ROUTE_BASED,
        /** Route mode: the VPC entry podCIDR -> instance carries the traffic, so it is a suspect. */
        VPC_ROUTE,
        /** The pod's node is unknown: nothing can be said about the path. */
        UNKNOWN_NODE
    }

    /** @param why the evidence line that explains a {@link Reach#NOT_ROUTE_BASED} verdict, else null */
    record Verdict(Reach reach, String why) {
    }

    static final String TERWAY_PREFIX = "terway";
    static final String FLANNEL_PREFIX = "kube-flannel-ds";
    static final String VIRTUAL_KUBELET = "virtual-kubelet";

    private final Plugin plugin;
    private final String daemonSet;
    private final boolean managed;
    private final List<String> problems;

    private PodNetwork(Plugin plugin, String daemonSet, boolean managed, List<String> problems) {
        this.plugin = plugin;
        this.daemonSet = daemonSet;
        this.managed = managed;
        this.problems = List.copyOf(problems);
    }

    static PodNetwork detect(Advisory<List<String>> systemDaemonSets, List<NodeInfo> nodes) {
        List<String> names = systemDaemonSets.value() == null ? List.of() : systemDaemonSets.value();
        Optional<String> terway = names.stream().filter(n -> n.startsWith(TERWAY_PREFIX)).sorted().findFirst();
        Optional<String> flannel = names.stream().filter(n -> n.startsWith(FLANNEL_PREFIX)).sorted().findFirst();
        boolean managed = nodes.stream().noneMatch(NodeInfo::controlPlane);
        List<String> problems = new ArrayList<>();
        systemDaemonSets.problems().forEach(p -> problems.add(p
                + "; the pod network was judged from pod IPs and podCIDRs alone"));
        if (terway.isPresent()) {
            return new PodNetwork(Plugin.TERWAY, terway.get(), managed, problems);
        }
        if (flannel.isPresent()) {
            return new PodNetwork(Plugin.FLANNEL, flannel.get(), managed, problems);
        }
        return new PodNetwork(Plugin.UNKNOWN, null, managed, problems);
    }

    Plugin plugin() {
        return plugin;
    }

    /** No node is marked control-plane: the API server runs outside the node pool (an ACK managed cluster). */
    boolean managedCluster() {
        return managed;
    }

    /** Why the plugin could not be told from its DaemonSet, for the report. */
    List<String> problems() {
        return problems;
    }

    /** Per-node routes exist to be audited only where the pod network is built from them. */
    boolean hasNodeRoutes() {
        return plugin != Plugin.TERWAY;
    }

    Verdict judge(String podIP, PodInfo pod, NodeInfo node) {
        if (pod != null && pod.hostNetwork()) {
            return new Verdict(Reach.HOST_NETWORK, null);
        }
        if (node == null) {
            return new Verdict(Reach.UNKNOWN_NODE, null);
        }
        if (node.controlPlane() && !managed) {
            return new Verdict(Reach.CONTROL_PLANE_HOST, null);
        }
        if (plugin == Plugin.TERWAY) {
            return notRouteBased("the pod network is Terway (DaemonSet kube-system/" + daemonSet + "): pods get VPC "
                    + "addresses from vSwitches through ENIs, and no per-node VPC route entry carries traffic to them");
        }
        if (node.virtual()) {
            return notRouteBased("node " + node.name() + " is a virtual node (" + VIRTUAL_KUBELET + "): its pods are "
                    + "ECI instances with VPC addresses of their own, and no ECS instance stands behind it for a "
                    + "route entry to point at");
        }
        if (node.providerID() != null && !node.hasEcsInstance()) {
            return notRouteBased("node " + node.name() + " has providerID " + node.providerID() + ", which names no "
                    + "ECS instance: no VPC route entry can point at it");
        }
        if (node.podCIDR() != null && PodCidr.contains(node.podCIDR(), podIP).filter(inside -> !inside).isPresent()) {
            return notRouteBased("pod IP " + podIP + " lies outside node " + node.name() + "'s podCIDR "
                    + node.podCIDR() + ": the address was not allocated from the node's range (Terway hands out "
                    + "vSwitch addresses), so the node's VPC route does not carry it");
        }
        return new Verdict(Reach.VPC_ROUTE, null);
    }

    private static Verdict notRouteBased(String why) {
        return new Verdict(Reach.NOT_ROUTE_BASED, why);
    }

    /** Where the API server's traffic comes from, for "allow the control plane to ..." advice. */
    String controlPlaneSource(List<NodeInfo> nodes) {
        if (managed) {
            return "the managed control plane (its vSwitch / security group)";
        }
        List<String> ips = nodes.stream().filter(NodeInfo::controlPlane).map(NodeInfo::internalIP)
                .filter(ip -> ip != null).limit(3).toList();
        return ips.isEmpty() ? "the control-plane nodes" : "the control-plane nodes (" + String.join(", ", ips) + ")";
    }
}
