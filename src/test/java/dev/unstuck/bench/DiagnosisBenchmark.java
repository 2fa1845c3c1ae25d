package dev.unstuck.bench;

import dev.unstuck.cloud.VpcApi;
import dev.unstuck.cloud.VpcRouteInspector;
import dev.unstuck.cloud.aliyun.AliyunVpcApi;
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
             ClusterConnection cluster = ClusterConnection.open(ClusterTarget.of(sandbox))) {
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
                VpcRouteInspector inspector = new VpcRouteInspector(vpc, sandbox.vpc().vpcId(), List.of());
                long t0 = System.nanoTime();
                NetworkFindings f = inspector.inspect(new dev.unstuck.diagnosis.NetworkQuery(List.of(path), nodes, Optional.empty(), true));
                long ms = (System.nanoTime() - t0) / 1_000_000;
                int entries = sandbox.vpc().server().entries("vtb-bench").size();
                System.out.printf("route audit: nodes=%d entries=%d latency=20ms -> VPC calls=%d wall=%d ms"
                                + " (pathCauses=%d, plan=%d, auditPlan=%d)%n", nodes.size(), entries, vpc.callCount(),
                        ms, f.pathCauses().size(), f.plan().size(), f.auditPlan().size());
            }
        }
    }

    /** Node i has pod CIDR 10.(i/256).(i%256).0/24 on instance i-bench-i; node 0001 has lost its route. */
    static Scenario generate(int nodeCount, int resourceKinds, int apiServiceCount, VpcFaults faults) {
        List<Scenario.Node> nodes = new ArrayList<>();
        List<Scenario.Route> routes = new ArrayList<>();
        for (int i = 0; i < nodeCount; i++) {
            String cidr = "10." + (i / 256) + "." + (i % 256) + ".0/24";
            String instance = "i-bench" + i;
            nodes.add(new Scenario.Node(String.format("node-%04d", i), "192.168." + (i / 250) + "." + (i % 250 + 1),
                    instance, cidr, i == 0));
            if (i != 1) {
                routes.add(new Scenario.Route(cidr, instance, "Available"));
            }
        }
        List<Scenario.ResourceKind> kinds = new ArrayList<>();
        for (int i = 0; i < resourceKinds; i++) {
            kinds.add(new Scenario.ResourceKind("bench" + (i / 10) + ".example.com", "v1", "Thing" + i,
                    "things" + i));
        }
        List<Scenario.ApiService> apiServices = new ArrayList<>();
        apiServices.add(new Scenario.ApiService("v1beta1.metrics.k8s.io", "metrics.k8s.io", "v1beta1", "kube-system",
                "metrics-server", true, List.of(new Scenario.Pod("metrics-server-0", "node-0001", "10.0.1.12", true))));
        for (int i = 1; i < apiServiceCount; i++) {
            String group = "agg" + i + ".example.com";
            apiServices.add(new Scenario.ApiService("v1." + group, group, "v1", "kube-system", "agg" + i, true,
                    List.of(new Scenario.Pod("agg" + i + "-0", "node-0000", "10.0.0." + (10 + i), true))));
        }
        Scenario.Namespace dev = new Scenario.Namespace("dev", true, 120, List.of(new Scenario.SandboxObject(
                "bench0.example.com/v1", "Thing0", "held", List.of("example.com/cleanup"), null)));
        return new Scenario("bench-" + nodeCount, "generated for benchmarks",
                new Scenario.Cluster("bench", "cn-hangzhou", "vpc-bench"), nodes, apiServices,
                List.of(dev, new Scenario.Namespace("payments", false, 0, List.of())), kinds, List.of(),
                new Scenario.Vpc(List.of(new Scenario.RouteTable("vtb-bench", routes))),
                new Scenario.Ccm("vpc-typo01", List.of("E1125 route controller: alicloud: no route tables found by vpc id[vpc-typo01]")),
                new Scenario.Faults(faults));
    }

    private DiagnosisBenchmark() {
    }

}
