package dev.unstuck.sandbox;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every network key a drill author can get wrong is refused before anything starts, with one line naming the key
 * and what the cloud would accept instead.
 */
class ScenarioNetworkValidationTest {

    /** A valid flannel cluster with two vSwitches, a System and a custom table: each case breaks one thing. */
    static final String BASE = """
            name: drill
            cluster: {name: dev-cluster, region: cn-hangzhou, vpcId: vpc-hz001, clusterCIDR: 172.16.0.0/16}
            nodes:
              - {name: node1, internalIP: 192.168.0.193, instanceId: i-node1, podCIDR: 172.16.0.0/24, controlPlane: true, vSwitch: vsw-control}
              - {name: node2, internalIP: 192.168.1.194, instanceId: i-node2, podCIDR: 172.16.1.0/24}
            apiServices:
              - name: v1beta1.metrics.k8s.io
                service: kube-system/metrics-server
                pods: [{name: metrics-server-0, node: node2, ip: 172.16.1.12, answers: ok}]
            vpc:
              quota: 200
              vSwitches:
                - {id: vsw-control, cidr: 192.168.0.0/24}
                - {id: vsw-workers, cidr: 192.168.1.0/24, zone: cn-hangzhou-i}
              routeTables:
                - {id: vtb-system, type: System, entries: [{destination: 172.16.0.0/24, nextHop: i-node1}]}
                - {id: vtb-workers, type: Custom, vSwitches: [vsw-workers], entries: [{destination: 172.16.1.0/24, nextHop: i-node2, nextHopType: Instance, status: Pending}]}
            ccm: {configuredVpcId: vpc-hz001, routeTableIds: [vtb-workers]}
            timing: {apiServiceResyncSeconds: 30, namespaceRetryMaxSeconds: 60}
            """;

    @Test
    void theBaseDrillIsValidAndEveryKeyLandsWhereTheSimulationReadsIt() {
        Scenario s = ScenarioLoader.parse(BASE, "drill.yaml");

        assertThat(s.cluster().network()).isEqualTo(Scenario.Network.FLANNEL);
        assertThat(s.cluster().clusterCIDR()).isEqualTo("172.16.0.0/16");
        assertThat(s.nodes()).extracting(Scenario.Node::vSwitch).containsExactly("vsw-control", "vsw-workers");
        assertThat(s.vpc().vSwitch("vsw-control").orElseThrow().zone()).isEqualTo("cn-hangzhou-a");
        assertThat(s.vpc().tableServing("vsw-control").orElseThrow().id()).isEqualTo("vtb-system");
        assertThat(s.vpc().tableServing("vsw-workers").orElseThrow().id()).isEqualTo("vtb-workers");
        assertThat(s.vpc().routeTables().get(1).entries().get(0).status()).isEqualTo("Pending");
        assertThat(s.ccm().routeTableIds()).containsExactly("vtb-workers");
        assertThat(s.timing()).isEqualTo(new Scenario.Timing(30, 60));
        assertThat(s.apiServices().get(0).pods().get(0).answers()).isEqualTo(Scenario.Answer.OK);
    }

    @Test
    void withoutTypesTheFirstTableIsTheSystemTableAndTimingDefaultsToInstant() {
        Scenario s = ScenarioLoader.loadBuiltIn("seed-incident");

        assertThat(s.vpc().routeTables()).extracting(Scenario.RouteTable::type).containsExactly("System");
        assertThat(s.vpc().hasTopology()).isFalse();
        assertThat(s.vpc().quota()).isEqualTo(200);
        assertThat(s.timing()).isEqualTo(Scenario.Timing.INSTANT);
    }

    static Stream<Arguments> mistakes() {
        return Stream.of(
                Arguments.of("unknown network plugin", BASE.replace("vpcId: vpc-hz001,", "vpcId: vpc-hz001, network: calico,"),
                        "cluster.network 'calico' must be one of flannel, terway"),
                Arguments.of("node IP outside its vSwitch", BASE.replace("internalIP: 192.168.0.193", "internalIP: 192.168.5.193"),
                        "nodes[0].internalIP 192.168.5.193 lies outside its vSwitch vsw-control (192.168.0.0/24)"),
                Arguments.of("node IP in no vSwitch", BASE.replace("internalIP: 192.168.1.194", "internalIP: 192.168.9.194"),
                        "nodes[1].vSwitch is missing and internalIP 192.168.9.194 lies in no vSwitch of vpc.vSwitches"),
                Arguments.of("node vSwitch not declared", BASE.replace("vSwitch: vsw-control}", "vSwitch: vsw-ghost}"),
                        "nodes[0].vSwitch 'vsw-ghost' is not declared in vpc.vSwitches"),
                Arguments.of("vSwitch bound to two tables", BASE.replace("type: System, entries", "type: System, vSwitches: [vsw-workers], entries"),
                        "vpc.routeTables[1].vSwitches binds vsw-workers to vtb-workers, but it is already bound to vtb-system"),
                Arguments.of("two System tables", BASE.replace("type: Custom", "type: System"),
                        "vpc.routeTables has 2 tables of type System; a VPC has exactly one"),
                Arguments.of("no System table", BASE.replace("type: System", "type: Custom"),
                        "vpc.routeTables has 0 tables of type System"),
                Arguments.of("unknown table type", BASE.replace("type: Custom", "type: Gateway"),
                        "vpc.routeTables[1].type 'Gateway' must be one of System, Custom"),
                Arguments.of("next hop type the CCM never writes", BASE.replace("nextHopType: Instance", "nextHopType: HaVip"),
                        "vpc.routeTables[1].entries[0].nextHopType 'HaVip' is not Instance"),
                Arguments.of("status outside the modelled ones", BASE.replace("status: Pending", "status: Creating"),
                        "vpc.routeTables[1].entries[0].status 'Creating' must be one of Available, Pending"),
                Arguments.of("route inside a vSwitch", BASE.replace("destination: 172.16.0.0/24", "destination: 192.168.1.0/25"),
                        "vpc.routeTables[0].entries[0].destination 192.168.1.0/25 lies in vSwitch vsw-workers"),
                Arguments.of("route with host bits", BASE.replace("destination: 172.16.0.0/24", "destination: 172.16.0.7/24"),
                        "vpc.routeTables[0].entries[0].destination 172.16.0.7/24 has host bits set; write it as 172.16.0.0/24"),
                Arguments.of("more entries than the quota", BASE.replace("quota: 200", "quota: 1").replace(
                                "entries: [{destination: 172.16.0.0/24, nextHop: i-node1}]",
                                "entries: [{destination: 172.16.0.0/24, nextHop: i-node1}, {destination: 172.18.0.0/24, nextHop: i-x}]"),
                        "vpc.routeTables[0] holds 2 custom entries, more than vpc.quota 1 allows"),
                Arguments.of("quota zero", BASE.replace("quota: 200", "quota: 0"),
                        "vpc.quota must be between 1 and 10000, not 0"),
                Arguments.of("vSwitch outside the VPC", BASE.replace("vSwitches:\n", "cidr: 10.0.0.0/16\n  vSwitches:\n"),
                        "vpc.vSwitches[0].cidr 192.168.0.0/24 lies outside vpc.cidr 10.0.0.0/16"),
                Arguments.of("overlapping vSwitches", BASE.replace("cidr: 192.168.1.0/24", "cidr: 192.168.0.128/25"),
                        "vpc.vSwitches[1].cidr 192.168.0.128/25 overlaps vSwitch vsw-control (192.168.0.0/24)"),
                Arguments.of("zone of another region", BASE.replace("zone: cn-hangzhou-i", "zone: cn-beijing-a"),
                        "vpc.vSwitches[1].zone 'cn-beijing-a' is not a zone of region cn-hangzhou"),
                Arguments.of("table names an undeclared vSwitch", BASE.replace("vSwitches: [vsw-workers]", "vSwitches: [vsw-nope]"),
                        "vpc.routeTables[1].vSwitches names vsw-nope, which is not declared in vpc.vSwitches"),
                Arguments.of("flannel node without podCIDR", BASE.replace(", podCIDR: 172.16.1.0/24", ""),
                        "nodes[1].podCIDR is missing; on a flannel cluster every node owns a pod range"),
                Arguments.of("terway node with podCIDR", BASE.replace("vpcId: vpc-hz001,", "vpcId: vpc-hz001, network: terway,"),
                        "nodes[0].podCIDR is set but cluster.network is terway"),
                Arguments.of("podCIDR outside clusterCIDR", BASE.replace("podCIDR: 172.16.1.0/24", "podCIDR: 172.20.1.0/24")
                                .replace("ip: 172.16.1.12", "ip: 172.20.1.12"),
                        "nodes[1].podCIDR 172.20.1.0/24 lies outside cluster.clusterCIDR 172.16.0.0/16"),
                Arguments.of("overlapping pod ranges", BASE.replace("podCIDR: 172.16.1.0/24", "podCIDR: 172.16.0.0/23"),
                        "nodes[1].podCIDR 172.16.0.0/23 overlaps node node1's podCIDR 172.16.0.0/24"),
                Arguments.of("flannel pod outside its node's range", BASE.replace("ip: 172.16.1.12", "ip: 172.16.0.12"),
                        "apiServices[0].pods[0].ip 172.16.0.12 is outside node node2's podCIDR 172.16.1.0/24"),
                Arguments.of("unknown answer", BASE.replace("answers: ok", "answers: slow"),
                        "apiServices[0].pods[0].answers 'slow' must be one of ok, timeout, refused, tls"),
                Arguments.of("managed cluster without apiServerVSwitch", BASE.replace("vpcId: vpc-hz001,", "vpcId: vpc-hz001, managed: true,"),
                        "cluster.apiServerVSwitch is missing; a managed cluster's control plane reaches pods from that vSwitch"),
                Arguments.of("managed cluster with a control-plane node", BASE.replace("vpcId: vpc-hz001,",
                                "vpcId: vpc-hz001, managed: true, apiServerVSwitch: vsw-control,"),
                        "nodes[0].controlPlane is true but the cluster is managed"),
                Arguments.of("apiServerVSwitch on a dedicated cluster", BASE.replace("vpcId: vpc-hz001,",
                                "vpcId: vpc-hz001, apiServerVSwitch: vsw-control,"),
                        "cluster.apiServerVSwitch is only for managed clusters (managed: true)"),
                Arguments.of("apiServerVSwitch not declared", BASE.replace("vpcId: vpc-hz001,",
                                "vpcId: vpc-hz001, managed: true, apiServerVSwitch: vsw-ghost,").replace(", controlPlane: true", ""),
                        "cluster.apiServerVSwitch 'vsw-ghost' is not declared in vpc.vSwitches"),
                Arguments.of("vSwitch id malformed", BASE.replace("{id: vsw-control,", "{id: control,"),
                        "vpc.vSwitches[0].id 'control' is not a vSwitch id like vsw-hz001"),
                Arguments.of("vSwitch on a node without vpc.vSwitches", """
                                name: drill
                                cluster: {name: c, region: cn-hangzhou, vpcId: vpc-hz001}
                                nodes: [{name: n1, internalIP: 192.168.0.1, instanceId: i-n1, podCIDR: 172.16.0.0/24, controlPlane: true, vSwitch: vsw-a}]
                                """,
                        "nodes[0].vSwitch is set but vpc.vSwitches declares none"),
                Arguments.of("ccm table id malformed", BASE.replace("routeTableIds: [vtb-workers]", "routeTableIds: [workers]"),
                        "ccm.routeTableIds[0] 'workers' is not a route table id like vtb-hz001"),
                Arguments.of("negative resync", BASE.replace("apiServiceResyncSeconds: 30", "apiServiceResyncSeconds: -1"),
                        "timing.apiServiceResyncSeconds must be between 0 and 3600, not -1"),
                Arguments.of("retry cap as text", BASE.replace("namespaceRetryMaxSeconds: 60", "namespaceRetryMaxSeconds: a minute"),
                        "timing.namespaceRetryMaxSeconds must be a whole number, not 'a minute'"),
                Arguments.of("typo in timing", BASE.replace("namespaceRetryMaxSeconds", "namespaceRetryMax"),
                        "timing.namespaceRetryMax is not a known key; expected one of apiServiceResyncSeconds, namespaceRetryMaxSeconds"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void aMistakeIsOneLineNamingTheKey(String mistake, String yaml, String expected) {
        assertThatThrownBy(() -> ScenarioLoader.parse(yaml, "drill.yaml"))
                .isInstanceOf(ScenarioException.class)
                .hasMessageStartingWith("drill.yaml: ")
                .hasMessageContaining(expected)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
