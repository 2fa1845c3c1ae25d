package dev.unstuck.sandbox;

import java.util.List;
import java.util.Optional;

/**
 * Whether the network delivers the API server's traffic to a pod. On Terway pods hold VPC addresses, so it always
 * does. On Flannel (VPC route mode) a pod on the API server's own node is local; any other pod is reached only if the
 * route table used by the API server's vSwitch holds an Available entry podCIDR(pod's node) -> instance(pod's node):
 * the VPC router forwards with the table bound to the SOURCE vSwitch (a custom table bound to it, else the System
 * table). A scenario without vSwitches keeps one table for everyone, where any table's entry counts.
 */
final class NetworkPath {
    /** Where the API server's requests enter the VPC: a control-plane node, or a managed control plane's vSwitch. */
    private record Source(Scenario.Node node, String vSwitch) {
    }

    private final Scenario scenario;
    private final SandboxRoutes routes;
    private final List<Source> sources;

    NetworkPath(Scenario scenario, SandboxRoutes routes) {
        this.scenario = scenario;
        this.routes = routes;
        List<Source> controlPlane = scenario.controlPlaneNodes().stream().map(n -> new Source(n, n.vSwitch())).toList();
        // A dedicated scenario that marks no control-plane node keeps its API server off every node it lists.
        this.sources = scenario.cluster().managed() ? List.of(new Source(null, scenario.cluster().apiServerVSwitch()))
                : controlPlane.isEmpty() ? List.of(new Source(null, null)) : controlPlane;
    }

    /**
     * Whether a request from every API server reaches a pod on {@code podNode} (null: a node the scenario does not
     * know, which nothing routes to). With several API servers one unreachable path is enough to fail checks.
     */
    boolean delivers(Scenario.Node podNode) {
        if (scenario.cluster().network() == Scenario.Network.TERWAY) {
            return true;
        }
        if (podNode == null) {
            return false;
        }
        return sources.stream().allMatch(s -> delivers(s, podNode));
    }

    private boolean delivers(Source source, Scenario.Node podNode) {
        if (source.node() != null && source.node().name().equals(podNode.name())) {
            return true;
        }
        if (podNode.podCIDR() == null) {
            return false;
        }
        Scenario.Vpc vpc = scenario.vpc();
        if (!vpc.hasTopology() || source.vSwitch() == null) {
            return routes.carriesAnywhere(podNode.podCIDR(), podNode.instanceId());
        }
        Optional<Scenario.RouteTable> table = vpc.tableServing(source.vSwitch());
        return table.isPresent() && routes.carries(table.get().id(), podNode.podCIDR(), podNode.instanceId());
    }
}
