package dev.unstuck.cloud;

import dev.unstuck.diagnosis.NodeInfo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which route tables forward the API server's traffic to pods. The VPC router uses the table bound to the SOURCE
 * vSwitch: a vSwitch bound to a custom table uses it, every other vSwitch uses the System table. The control plane
 * sends from its nodes' vSwitches (dedicated cluster: the vSwitch whose CIDR holds a control-plane node's InternalIP)
 * or, on a managed cluster, from the configured {@code api-server-vswitch-ids}. Without that information the System
 * table is assumed, and the evidence says so.
 */
final class SourceRouteTables {
    private final List<SourceRouteTable> tables;
    private final List<String> assumptions;

    private SourceRouteTables(List<SourceRouteTable> tables, List<String> assumptions) {
        this.tables = List.copyOf(tables);
        this.assumptions = List.copyOf(assumptions);
    }

    /** Each distinct table once, in the order the control plane's vSwitches were found. */
    List<SourceRouteTable> tables() {
        return tables;
    }

    /** Why the System table was assumed for some or all of the control plane, for the evidence; empty when not. */
    List<String> assumptions() {
        return assumptions;
    }

    /**
     * @param vSwitches      the VPC's vSwitches, or empty when they could not be read ({@code vSwitchProblem} says
     *                       why)
     * @param routeTables    every table of the VPC with its bound vSwitches; must not be empty
     */
    static SourceRouteTables resolve(String vpcId, List<NodeInfo> nodes, List<String> apiServerVSwitchIds,
                                     List<RouteTable> routeTables, Optional<List<VSwitch>> vSwitches,
                                     String vSwitchProblem) {
        Builder b = new Builder(routeTables);
        List<NodeInfo> controlPlane = nodes.stream().filter(NodeInfo::controlPlane).toList();
        if (!controlPlane.isEmpty()) {
            if (vSwitches.isEmpty()) {
                b.assume("the vSwitches of VPC " + vpcId + " could not be read (" + vSwitchProblem + "), so the"
                        + " vSwitch of the control plane is unknown");
            } else {
                for (NodeInfo node : controlPlane) {
                    String who = "control-plane node " + node.name() + " (" + node.internalIP() + ")";
                    Optional<VSwitch> home = vSwitches.get().stream().filter(v -> v.contains(node.internalIP()))
                            .findFirst();
                    if (home.isPresent()) {
                        b.bind(home.get().vSwitchId(), "vSwitch " + home.get().vSwitchId() + " of " + who);
                    } else {
                        b.assume(node.internalIP() == null ? "control-plane node " + node.name() + " reports no"
                                + " InternalIP" : "no vSwitch of VPC " + vpcId + " contains the InternalIP of " + who);
                    }
                }
            }
        } else if (!apiServerVSwitchIds.isEmpty()) {
            for (String id : apiServerVSwitchIds) {
                if (vSwitches.isPresent() && vSwitches.get().stream().noneMatch(v -> v.vSwitchId().equals(id))) {
                    b.note("vSwitch " + id + " (api-server-vswitch-ids) is not a vSwitch of VPC " + vpcId
                            + "; check the cluster setting");
                }
                b.bind(id, "vSwitch " + id + ", from which the managed control plane reaches the VPC"
                        + " (api-server-vswitch-ids),");
            }
        } else {
            b.assume("no node is marked control-plane and the cluster sets no api-server-vswitch-ids (a managed"
                    + " cluster should), so the control plane's vSwitch is unknown");
        }
        return new SourceRouteTables(b.tables(), b.assumptions);
    }

    private static final class Builder {
        private final List<RouteTable> routeTables;
        private final RouteTable system;
        private final Map<String, List<String>> reasons = new LinkedHashMap<>();
        private final List<String> assumptions = new ArrayList<>();

        Builder(List<RouteTable> routeTables) {
            this.routeTables = routeTables;
            this.system = routeTables.stream().filter(RouteTable::isSystem).findFirst().orElse(routeTables.get(0));
        }

        /** @param subject "vSwitch vsw-a of control-plane node master-1 (192.168.0.5)" */
        void bind(String vSwitchId, String subject) {
            Optional<RouteTable> custom = routeTables.stream()
                    .filter(t -> !t.isSystem() && t.boundTo(vSwitchId)).findFirst();
            String reason = custom
                    .map(t -> subject + " is bound to " + t.routeTableId())
                    .orElse(subject + " is bound to no custom table, so it uses the System table "
                            + system.routeTableId());
            add(custom.orElse(system).routeTableId(), reason);
        }

        void assume(String why) {
            String line = why + ": assuming the System table " + system.routeTableId();
            assumptions.add(line);
            add(system.routeTableId(), line);
        }

        void note(String line) {
            assumptions.add(line);
        }

        private void add(String tableId, String reason) {
            List<String> list = reasons.computeIfAbsent(tableId, k -> new ArrayList<>());
            if (!list.contains(reason)) {
                list.add(reason);
            }
        }

        List<SourceRouteTable> tables() {
            List<SourceRouteTable> out = new ArrayList<>();
            reasons.forEach((id, why) -> out.add(new SourceRouteTable(id, why)));
            return out;
        }
    }
}
