package dev.unstuck.sandbox;

import dev.unstuck.sandbox.vpc.Cidrs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the scenario sections that describe the network (cluster, nodes, vpc, ccm) and checks that they describe a
 * VPC the cloud would accept: node IPs inside their vSwitch, one System table, a vSwitch bound to at most one table,
 * route entries the VPC API would take, pod ranges that fit the network plugin.
 */
final class ScenarioNetworkReader {
    /** What the four network sections decide together. */
    record Network(Scenario.Cluster cluster, List<Scenario.Node> nodes, Scenario.Vpc vpc, Scenario.Ccm ccm) {
    }

    private static final String CARRIER_GRADE_NAT = "100.64.0.0/10";

    private final ScenarioYaml y;

    ScenarioNetworkReader(ScenarioYaml yaml) {
        this.y = yaml;
    }

    Network read(Map<String, Object> root) {
        Scenario.Cluster cluster = cluster(y.required(root, "cluster", ""));
        List<Scenario.Node> declared = nodes(y.required(root, "nodes", ""), cluster);
        Scenario.Vpc vpc = vpc(root.get("vpc"), cluster);
        List<Scenario.Node> nodes = placeNodes(declared, cluster, vpc);
        return new Network(cluster, nodes, vpc, ccm(root.get("ccm")));
    }

    private Scenario.Cluster cluster(Object o) {
        Map<String, Object> m = y.map(o, "cluster");
        y.allowOnly(m, "cluster", "name", "region", "vpcId", "network", "managed", "apiServerVSwitch", "clusterCIDR");
        String name = y.requiredString(m, "name", "cluster");
        String region = y.requiredString(m, "region", "cluster");
        y.check(region.matches("[a-z]+(-[a-z0-9]+)+"), "cluster.region '" + region + "' is not a region id like cn-hangzhou");
        String vpcId = y.cloudId(y.requiredString(m, "vpcId", "cluster"), "vpc-", "cluster.vpcId", "a VPC id", "vpc-hz001");
        String network = y.oneOf(m, "network", "cluster", "flannel", List.of("flannel", "terway"));
        boolean managed = y.optionalBoolean(m, "managed", "cluster", false);
        String apiServerVSwitch = y.optionalString(m, "apiServerVSwitch", "cluster", null);
        if (managed) {
            y.check(apiServerVSwitch != null, "cluster.apiServerVSwitch is missing; a managed cluster's control plane"
                    + " reaches pods from that vSwitch, e.g. apiServerVSwitch: vsw-hz001");
            y.cloudId(apiServerVSwitch, "vsw-", "cluster.apiServerVSwitch", "a vSwitch id", "vsw-hz001");
        } else {
            y.check(apiServerVSwitch == null, "cluster.apiServerVSwitch is only for managed clusters (managed: true);"
                    + " a dedicated cluster's API server runs on its controlPlane nodes");
        }
        String clusterCidr = y.optionalString(m, "clusterCIDR", "cluster", null);
        if (clusterCidr != null) {
            y.cidr(clusterCidr, "cluster.clusterCIDR");
        }
        return new Scenario.Cluster(name, region, vpcId,
                Scenario.Network.valueOf(network.toUpperCase(Locale.ROOT)), managed, apiServerVSwitch, clusterCidr);
    }

    private List<Scenario.Node> nodes(Object o, Scenario.Cluster cluster) {
        List<Object> list = y.list(o, "nodes");
        y.check(!list.isEmpty(), "nodes is empty; a cluster needs at least one node");
        boolean terway = cluster.network() == Scenario.Network.TERWAY;
        List<Scenario.Node> nodes = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> ips = new HashSet<>();
        Set<String> instances = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String at = "nodes[" + i + "]";
            Map<String, Object> m = y.map(list.get(i), at);
            y.allowOnly(m, at, "name", "internalIP", "instanceId", "podCIDR", "controlPlane", "vSwitch");
            String name = y.requiredString(m, "name", at);
            y.check(ScenarioYaml.DNS_SUBDOMAIN.matcher(name).matches(), at + ".name '" + name + "' is not a valid node name");
            y.check(names.add(name), at + ".name '" + name + "' is used by two nodes");
            String ip = y.requiredString(m, "internalIP", at);
            y.check(ScenarioYaml.IPV4.matcher(ip).matches(), at + ".internalIP '" + ip + "' is not an IPv4 address");
            y.check(ips.add(ip), at + ".internalIP " + ip + " is used by two nodes");
            String instance = y.cloudId(y.requiredString(m, "instanceId", at), "i-", at + ".instanceId", "an ECS instance id", "i-node2");
            y.check(instances.add(instance), at + ".instanceId " + instance + " is used by two nodes");
            String podCidr = y.optionalString(m, "podCIDR", at, null);
            if (terway) {
                y.check(podCidr == null, at + ".podCIDR is set but cluster.network is terway: Terway pods take VPC"
                        + " addresses from vSwitches, so nodes carry no podCIDR (remove it, or use network: flannel)");
            } else {
                y.check(podCidr != null, at + ".podCIDR is missing; on a flannel cluster every node owns a pod range"
                        + " like 172.16.1.0/24 (or set cluster.network: terway)");
                y.cidr(podCidr, at + ".podCIDR");
                for (Scenario.Node other : nodes) {
                    y.check(!Cidrs.overlaps(podCidr, other.podCIDR()), at + ".podCIDR " + podCidr
                            + " overlaps node " + other.name() + "'s podCIDR " + other.podCIDR());
                }
                if (cluster.clusterCIDR() != null) {
                    y.check(Cidrs.within(cluster.clusterCIDR(), podCidr), at + ".podCIDR " + podCidr
                            + " lies outside cluster.clusterCIDR " + cluster.clusterCIDR());
                }
            }
            boolean controlPlane = y.optionalBoolean(m, "controlPlane", at, false);
            y.check(!(controlPlane && cluster.managed()), at + ".controlPlane is true but the cluster is managed:"
                    + " a managed cluster's API server runs outside the node pool");
            String vSwitch = y.optionalString(m, "vSwitch", at, null);
            if (vSwitch != null) {
                y.cloudId(vSwitch, "vsw-", at + ".vSwitch", "a vSwitch id", "vsw-hz001");
            }
            nodes.add(new Scenario.Node(name, ip, instance, podCidr, controlPlane, vSwitch));
        }
        return nodes;
    }

    private Scenario.Vpc vpc(Object o, Scenario.Cluster cluster) {
        if (o == null) {
            return new Scenario.Vpc(Scenario.Vpc.DEFAULT_CIDR, Scenario.Vpc.DEFAULT_QUOTA, List.of(), List.of());
        }
        Map<String, Object> m = y.map(o, "vpc");
        y.allowOnly(m, "vpc", "cidr", "quota", "vSwitches", "routeTables");
        String cidr = y.cidr(y.optionalString(m, "cidr", "vpc", Scenario.Vpc.DEFAULT_CIDR), "vpc.cidr");
        int quota = y.boundedInt(m, "quota", "vpc", Scenario.Vpc.DEFAULT_QUOTA, 1, 10_000);
        List<Scenario.VSwitch> vSwitches = vSwitches(y.optionalList(m, "vSwitches", "vpc"), cidr, cluster.region());
        List<Object> list = y.list(y.required(m, "routeTables", "vpc"), "vpc.routeTables");
        List<Map<String, Object>> raw = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            raw.add(y.map(list.get(i), "vpc.routeTables[" + i + "]"));
        }
        boolean typed = raw.stream().anyMatch(t -> t.containsKey("type"));
        List<Scenario.RouteTable> tables = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Map<String, String> boundTo = new HashMap<>();
        for (int i = 0; i < raw.size(); i++) {
            String at = "vpc.routeTables[" + i + "]";
            Map<String, Object> tm = raw.get(i);
            y.allowOnly(tm, at, "id", "type", "vSwitches", "entries");
            String id = y.cloudId(y.requiredString(tm, "id", at), "vtb-", at + ".id", "a route table id", "vtb-hz001");
            y.check(ids.add(id), at + ".id '" + id + "' is declared twice");
            String type = typed ? y.oneOf(tm, "type", at, Scenario.RouteTable.CUSTOM,
                    List.of(Scenario.RouteTable.SYSTEM, Scenario.RouteTable.CUSTOM))
                    : i == 0 ? Scenario.RouteTable.SYSTEM : Scenario.RouteTable.CUSTOM;
            List<String> bound = y.stringList(tm.get("vSwitches"), at + ".vSwitches");
            for (String v : bound) {
                y.check(vSwitches.stream().anyMatch(s -> s.id().equals(v)), at + ".vSwitches names " + v
                        + ", which is not declared in vpc.vSwitches");
                String other = boundTo.putIfAbsent(v, id);
                y.check(other == null, at + ".vSwitches binds " + v + " to " + id + ", but it is already bound to "
                        + other + "; a vSwitch uses exactly one route table");
            }
            List<Scenario.Route> entries = entries(y.optionalList(tm, "entries", at), at, id, vSwitches);
            y.check(entries.size() <= quota, at + " holds " + entries.size() + " custom entries, more than vpc.quota "
                    + quota + " allows");
            tables.add(new Scenario.RouteTable(id, type, bound, entries));
        }
        long systems = tables.stream().filter(Scenario.RouteTable::isSystem).count();
        y.check(tables.isEmpty() || systems == 1, "vpc.routeTables has " + systems + " tables of type System; a VPC"
                + " has exactly one (mark the others type: Custom)");
        return new Scenario.Vpc(cidr, quota, vSwitches, tables);
    }

    private List<Scenario.VSwitch> vSwitches(List<Object> list, String vpcCidr, String region) {
        List<Scenario.VSwitch> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String at = "vpc.vSwitches[" + i + "]";
            Map<String, Object> m = y.map(list.get(i), at);
            y.allowOnly(m, at, "id", "cidr", "zone");
            String id = y.cloudId(y.requiredString(m, "id", at), "vsw-", at + ".id", "a vSwitch id", "vsw-hz001");
            String cidr = y.cidr(y.requiredString(m, "cidr", at), at + ".cidr");
            y.check(Cidrs.within(vpcCidr, cidr), at + ".cidr " + cidr + " lies outside vpc.cidr " + vpcCidr);
            for (Scenario.VSwitch other : out) {
                y.check(!other.id().equals(id), at + ".id '" + id + "' is declared twice");
                y.check(!Cidrs.overlaps(cidr, other.cidr()), at + ".cidr " + cidr + " overlaps vSwitch " + other.id()
                        + " (" + other.cidr() + ")");
            }
            String zone = y.optionalString(m, "zone", at, region + "-a");
            y.check(zone.startsWith(region + "-"), at + ".zone '" + zone + "' is not a zone of region " + region
                    + " like " + region + "-a");
            out.add(new Scenario.VSwitch(id, cidr, zone));
        }
        return out;
    }

    private List<Scenario.Route> entries(List<Object> list, String tableAt, String tableId,
                                         List<Scenario.VSwitch> vSwitches) {
        List<Scenario.Route> routes = new ArrayList<>();
        Set<String> destinations = new HashSet<>();
        for (int j = 0; j < list.size(); j++) {
            String at = tableAt + ".entries[" + j + "]";
            Map<String, Object> em = y.map(list.get(j), at);
            y.allowOnly(em, at, "destination", "nextHop", "nextHopType", "status");
            String dest = y.cidr(y.requiredString(em, "destination", at), at + ".destination");
            y.check(destinations.add(dest), at + ".destination " + dest + " appears twice in " + tableId
                    + " (a VPC route table holds one entry per destination)");
            y.check(!Cidrs.within(CARRIER_GRADE_NAT, dest), at + ".destination " + dest + " lies in "
                    + CARRIER_GRADE_NAT + ", which the VPC API refuses for custom entries");
            for (Scenario.VSwitch v : vSwitches) {
                y.check(!Cidrs.within(v.cidr(), dest), at + ".destination " + dest + " lies in vSwitch " + v.id()
                        + " (" + v.cidr() + "), which the VPC API refuses for custom entries");
            }
            String hopType = y.optionalString(em, "nextHopType", at, Scenario.Route.INSTANCE);
            y.check(Scenario.Route.INSTANCE.equals(hopType), at + ".nextHopType '" + hopType + "' is not Instance;"
                    + " pod routes always point at a node's ECS instance");
            String hop = y.cloudId(y.requiredString(em, "nextHop", at), "i-", at + ".nextHop", "an ECS instance id", "i-node1");
            String status = y.oneOf(em, "status", at, "Available", List.of("Available", "Pending"));
            routes.add(new Scenario.Route(dest, hop, hopType, status));
        }
        return routes;
    }

    /** Puts every node in its vSwitch (given, or found from its InternalIP) once the VPC's vSwitches are known. */
    private List<Scenario.Node> placeNodes(List<Scenario.Node> nodes, Scenario.Cluster cluster, Scenario.Vpc vpc) {
        if (!vpc.hasTopology()) {
            for (int i = 0; i < nodes.size(); i++) {
                y.check(nodes.get(i).vSwitch() == null, "nodes[" + i + "].vSwitch is set but vpc.vSwitches declares"
                        + " none; declare the vSwitch with its cidr under vpc.vSwitches");
            }
            return nodes;
        }
        if (cluster.apiServerVSwitch() != null) {
            y.check(vpc.vSwitch(cluster.apiServerVSwitch()).isPresent(), "cluster.apiServerVSwitch '"
                    + cluster.apiServerVSwitch() + "' is not declared in vpc.vSwitches");
        }
        List<Scenario.Node> placed = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            String at = "nodes[" + i + "]";
            Scenario.Node n = nodes.get(i);
            String vSwitch = n.vSwitch();
            if (vSwitch == null) {
                vSwitch = vpc.vSwitches().stream().filter(v -> Cidrs.contains(v.cidr(), n.internalIP()))
                        .map(Scenario.VSwitch::id).findFirst()
                        .orElseThrow(() -> y.fail(at + ".vSwitch is missing and internalIP " + n.internalIP()
                                + " lies in no vSwitch of vpc.vSwitches"));
            } else {
                Scenario.VSwitch v = vpc.vSwitch(vSwitch).orElseThrow(() -> y.fail(at + ".vSwitch '" + n.vSwitch()
                        + "' is not declared in vpc.vSwitches"));
                y.check(Cidrs.contains(v.cidr(), n.internalIP()), at + ".internalIP " + n.internalIP()
                        + " lies outside its vSwitch " + v.id() + " (" + v.cidr() + ")");
            }
            if (n.podCIDR() != null) {
                for (Scenario.VSwitch v : vpc.vSwitches()) {
                    y.check(!Cidrs.overlaps(v.cidr(), n.podCIDR()), at + ".podCIDR " + n.podCIDR()
                            + " overlaps vSwitch " + v.id() + " (" + v.cidr() + "); pod ranges lie outside the vSwitches");
                }
            }
            placed.add(new Scenario.Node(n.name(), n.internalIP(), n.instanceId(), n.podCIDR(), n.controlPlane(),
                    vSwitch));
        }
        return placed;
    }

    private Scenario.Ccm ccm(Object o) {
        if (o == null) {
            return null;
        }
        Map<String, Object> m = y.map(o, "ccm");
        y.allowOnly(m, "ccm", "configuredVpcId", "routeTableIds", "logs");
        String vpcId = y.requiredString(m, "configuredVpcId", "ccm");
        List<String> tables = y.stringList(m.get("routeTableIds"), "ccm.routeTableIds");
        for (int i = 0; i < tables.size(); i++) {
            y.cloudId(tables.get(i), "vtb-", "ccm.routeTableIds[" + i + "]", "a route table id", "vtb-hz001");
        }
        y.check(new HashSet<>(tables).size() == tables.size(), "ccm.routeTableIds names a table twice");
        return new Scenario.Ccm(vpcId, tables, y.stringList(m.get("logs"), "ccm.logs"));
    }
}
