package dev.unstuck.bench;

import dev.unstuck.cloud.VpcApi;
import dev.unstuck.cloud.VpcRouteInspector;
import dev.unstuck.cloud.VpcRouteSettings;
import dev.unstuck.cloud.aliyun.AliyunVpcApi;
import dev.unstuck.config.CloudTarget;
import dev.unstuck.config.ClusterConnection;
import dev.unstuck.config.ClusterTarget;
import dev.unstuck.diagnosis.Cause;
import dev.unstuck.diagnosis.Diagnosis;
import dev.unstuck.diagnosis.NetworkFindings;
import dev.unstuck.diagnosis.NodeInfo;
import dev.unstuck.diagnosis.PodNetworkPath;
import dev.unstuck.kube.Fabric8ClusterReader;
import dev.unstuck.sandbox.Sandbox;
import dev.unstuck.sandbox.Scenario;
import dev.unstuck.sandbox.ScenarioLoader;
import dev.unstuck.sandbox.vpc.VpcFaults;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Figures for docs/BENCHMARKS.md (a program, not a test: timing is reported, never asserted).
 * <ol>
 * <li>Diagnosis of {@code dev} on a generated cluster: 1,000 nodes, 200 custom resource types, 50 APIServices,
 * content held by a finalizer (so every namespaced type is listed) and the metrics route missing. Reports wall time
 * and Kubernetes API requests, at 100 and 1,000 nodes to show the requests do not grow with nodes.</li>
 * <li>Cloud route audit of the same 1,000 nodes against a route table of 1,000 entries with 20 ms injected latency
 * per VPC call: VPC calls made and wall time.</li>
 * </ol>
 * Run: {@code mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt && java -cp
 * target/classes:target/test-classes:$(cat target/cp.txt) dev.unstuck.bench.DiagnosisBenchmark}
 */
public final class DiagnosisBenchmark {
    private static final int RUNS = 5;

    public static void main(String[] args) {
        for (int nodes : new int[]{100, 1000}) {
            diagnosis(generate(nodes, 200, 50, VpcFaults.none()));
        }
        routeAudit(generate(1000, 200, 50, VpcFaults.none().withLatencyMs(20)));
    }

    static void diagnosis(Scenario scenario) {
        long startedAt = System.nanoTime();
        try (Sandbox sandbox = Sandbox.start(scenario);
             ClusterConnection cluster = ClusterConnection.open(bothTables(sandbox))) {
            System.out.printf("sandbox with %d nodes ready in %d ms%n", scenario.nodes().size(),
                    (System.nanoTime() - startedAt) / 1_000_000);
            long[] wall = new long[RUNS];
            long[] requests = new long[RUNS];
            Diagnosis d = null;
            for (int i = 0; i < RUNS; i++) {
                long before = sandbox.cluster().clientRequests();
                long t0 = System.nanoTime();
                d = cluster.engine().diagnose("dev");
                wall[i] = (System.nanoTime() - t0) / 1_000_000;
                requests[i] = sandbox.cluster().clientRequests() - before;
            }
            System.out.printf("diagnosis: nodes=%d resourceTypes=%d apiServices=%d causes=%s%n",
                    scenario.nodes().size(), scenario.resourceKinds().size(), scenario.apiServices().size(),
                    d.causes().stream().map(Cause::kind).toList());
            System.out.printf("  wall ms per run: %s (first run includes client warm-up)%n", Arrays.toString(wall));
            System.out.printf("  Kubernetes API requests per run: %s; VPC calls in all runs: %d%n",
                    Arrays.toString(requests), cluster.vpc().map(VpcApi::callCount).orElse(0L));
        }
    }

    static void routeAudit(Scenario scenario) {
        try (Sandbox sandbox = Sandbox.start(scenario);
             ClusterConnection cluster = ClusterConnection.open(ClusterTarget.of(sandbox));
             Fabric8ClusterReader reader = new Fabric8ClusterReader(cluster.client())) {
            List<NodeInfo> nodes = reader.nodes();
            NodeInfo target = nodes.stream().filter(n -> n.name().equals("node-0001")).findFirst().orElseThrow();
            PodNetworkPath path = new PodNetworkPath("v1beta1.metrics.k8s.io", "kube-system", "metrics-server-0",
                    "10.1.1.12", target.name(), target.podCIDR(), target.region(), target.instanceId());
            for (int i = 0; i < 3; i++) {
                AliyunVpcApi vpc = new AliyunVpcApi(sandbox.cloudSettings());
                var cloud = bothTables(sandbox).cloudTarget().orElseThrow();
                VpcRouteInspector inspector = new VpcRouteInspector(vpc, new VpcRouteSettings(cloud.vpcId(),
                        cloud.routeTableIds(), cloud.apiServerVSwitchIds(), cloud.routeEntryQuota()));
                long t0 = System.nanoTime();
                NetworkFindings f = inspector.inspect(new dev.unstuck.diagnosis.NetworkQuery(List.of(path), nodes, Optional.empty(), true));
                long ms = (System.nanoTime() - t0) / 1_000_000;
                int entries = sandbox.vpc().server().entries("vtb-system").size()
                        + sandbox.vpc().server().entries("vtb-workers").size();
                System.out.printf("route audit: nodes=%d entries=%d latency=20ms -> VPC calls=%d wall=%d ms"
                                + " (pathCauses=%d, plan=%d, auditPlan=%d)%n", nodes.size(), entries, vpc.callCount(),
                        ms, f.pathCauses().size(), f.plan().size(), f.auditPlan().size());
            }
        }
    }

    /**
     * Node i has pod CIDR 10.(i/256).(i%256).0/24 on instance i-bench-i; node 0000 is the control plane, in vSwitch
     * vsw-control (bound to no custom table, so it uses the System table); the workers sit in vsw-workers, bound to
     * the custom table vtb-workers. Both tables carry every node's route except that the System table lacks node
     * 0001's: the table the control plane's traffic uses is the broken one. The cluster setting route-table-ids names
     * both (the CCM's own lookup fails on a wrong VPC id), so the audit reads both.
     */
    static Scenario generate(int nodeCount, int resourceKinds, int apiServiceCount, VpcFaults faults) {
        StringBuilder y = new StringBuilder();
        y.append("name: bench-").append(nodeCount).append("\n");
        y.append("cluster: {name: bench, region: cn-hangzhou, vpcId: vpc-bench}\n");
        y.append("nodes:\n");
        StringBuilder system = new StringBuilder();
        StringBuilder workers = new StringBuilder();
        for (int i = 0; i < nodeCount; i++) {
            String cidr = "10." + (i / 256) + "." + (i % 256) + ".0/24";
            String instance = "i-bench" + i;
            String ip = i == 0 ? "192.168.0.10" : "192.168." + (4 + (i - 1) / 250) + "." + ((i - 1) % 250 + 1);
            y.append("  - {name: ").append(String.format("node-%04d", i)).append(", internalIP: ").append(ip)
                    .append(", instanceId: ").append(instance).append(", podCIDR: ").append(cidr)
                    .append(i == 0 ? ", controlPlane: true, vSwitch: vsw-control}" : ", vSwitch: vsw-workers}")
                    .append("\n");
            String entry = "        - {destination: " + cidr + ", nextHop: " + instance + "}\n";
            if (i != 1) {
                system.append(entry);
            }
            workers.append(entry);
        }
        y.append("apiServices:\n");
        y.append("  - {name: v1beta1.metrics.k8s.io, service: kube-system/metrics-server, pods: [{name: metrics-server-0,"
                + " node: node-0001, ip: 10.0.1.12}]}\n");
        for (int i = 1; i < apiServiceCount; i++) {
            y.append("  - {name: v1.agg").append(i).append(".example.com, service: kube-system/agg").append(i)
                    .append(", pods: [{name: agg").append(i).append("-0, node: node-0000, ip: 10.0.0.")
                    .append(10 + i).append("}]}\n");
        }
        y.append("resourceKinds:\n");
        for (int i = 0; i < resourceKinds; i++) {
            y.append("  - {apiVersion: bench").append(i / 10).append(".example.com/v1, kind: Thing").append(i)
                    .append(", plural: things").append(i).append("}\n");
        }
        y.append("namespaces:\n");
        y.append("  - {name: dev, deleting: true, deletingForMinutes: 120, objects: [{apiVersion: bench0.example.com/v1,"
                + " kind: Thing0, name: held, finalizers: [example.com/cleanup]}]}\n");
        y.append("  - {name: payments}\n");
        y.append("vpc:\n  quota: 2000\n  vSwitches:\n");
        y.append("    - {id: vsw-control, cidr: 192.168.0.0/24, zone: cn-hangzhou-h}\n");
        y.append("    - {id: vsw-workers, cidr: 192.168.4.0/22, zone: cn-hangzhou-i}\n");
        y.append("  routeTables:\n    - id: vtb-system\n      type: System\n      entries:\n").append(system);
        y.append("    - id: vtb-workers\n      type: Custom\n      vSwitches: [vsw-workers]\n      entries:\n")
                .append(workers);
        y.append("ccm: {configuredVpcId: vpc-typo01, logs: [\"E1125 route"
                + " controller: alicloud: no route tables found by vpc id[vpc-typo01]\"]}\n");
        if (faults.latencyMs() > 0) {
            y.append("faults: {vpc: {latencyMs: ").append(faults.latencyMs()).append("}}\n");
        }
        return ScenarioLoader.parse(y.toString(), "generated benchmark scenario");
    }

    /** The sandbox as a cluster whose route-table-ids setting names both tables. */
    static ClusterTarget bothTables(Sandbox sandbox) {
        ClusterTarget t = ClusterTarget.of(sandbox);
        CloudTarget c = t.cloudTarget().orElseThrow();
        return new ClusterTarget(t.name(), t.kubernetes(), new CloudTarget(c.settings(), c.vpcId(),
                List.of("vtb-system", "vtb-workers"), c.apiServerVSwitchIds(), c.routeEntryQuota()));
    }

    private DiagnosisBenchmark() {
    }

}
