package dev.unstuck.cloud;

import dev.unstuck.cloud.aliyun.AliyunSettings;
import dev.unstuck.cloud.aliyun.AliyunVpcApi;
import dev.unstuck.remediation.StepRun;
import dev.unstuck.sandbox.vpc.FakeVpcServer;
import dev.unstuck.sandbox.vpc.VpcFaults;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;

/**
 * Lists a 1,000-entry route table through the real SDK against the sandbox VPC with 20 ms per request, to show the
 * listing costs ceil(1000/100) requests, and measures one repair on that table.
 * Run: java -cp target/classes:target/test-classes:$(dependency classpath) dev.unstuck.cloud.RouteListingBenchmark
 */
public final class RouteListingBenchmark {
    private RouteListingBenchmark() {
    }

    public static void main(String[] args) {
        int entries = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        long latencyMs = args.length > 1 ? Long.parseLong(args[1]) : 20;
        try (FakeVpcServer vpc = new FakeVpcServer(0, 1).start()) {
            vpc.addCredentials("bench-key", "bench-secret").addVpc("vpc-bench", "192.168.0.0/16")
                    .addRouteTable("vpc-bench", "vtb-bench").addInstance("i-bench");
            for (int i = 0; i < entries; i++) {
                vpc.addRouteEntry("vtb-bench", "10." + (i / 256) + "." + (i % 256) + ".0/24", "i-bench",
                        RouteEntryStatus.AVAILABLE);
            }
            AliyunVpcApi api = new AliyunVpcApi(AliyunSettings.defaultChain("cn-hangzhou")
                    .withEndpoint(vpc.endpoint()).withAccessKey("bench-key", "bench-secret"));
            // The SDK builds its HTTP client on first use; keep that out of the measurement.
            api.describeVpc("vpc-bench");
            vpc.setFaults(VpcFaults.none().withLatencyMs(latencyMs).withPendingSeconds(0.2));

            long callsBefore = 0;
            long t0;
            for (String run : List.of("cold", "warm")) {
                callsBefore = api.callCount();
                t0 = System.nanoTime();
                List<RouteEntry> listed = api.routeEntries("vtb-bench");
                long listMs = (System.nanoTime() - t0) / 1_000_000;
                long listCalls = api.callCount() - callsBefore;
                System.out.printf("list %d entries (%s JVM): %d VPC calls (expected %d), %d ms wall, "
                                + "%d ms of it injected latency%n", listed.size(), run, listCalls,
                        (entries + 99) / 100, listMs, listCalls * latencyMs);
            }

            RouteEntryRepair repair = new RouteEntryRepair(api, 200, new RepairPolicy(10, Duration.ofMillis(50),
                    Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofMillis(100),
                    Duration.ofMillis(500)), Sleeper.REAL, Clock.systemUTC(), new Random(1));
            callsBefore = api.callCount();
            t0 = System.nanoTime();
            RepairResult result = repair.ensureRoute("vtb-bench", "172.20.2.0/24", "i-bench",
                    new StepRun("wf-bench", "run-bench", "1"));
            long repairMs = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("repair on that table: %s, %d VPC calls, %d ms wall (entry Pending for 200 ms)%n",
                    result.outcome(), api.callCount() - callsBefore, repairMs);
        }
    }
}
