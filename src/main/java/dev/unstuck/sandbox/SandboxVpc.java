package dev.unstuck.sandbox;

import dev.unstuck.cloud.RouteEntry;
import dev.unstuck.cloud.RouteEntryStatus;
import dev.unstuck.cloud.aliyun.AliyunSettings;
import dev.unstuck.sandbox.vpc.FakeVpcServer;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The scenario's VPC served through the VPC OpenAPI (signature-checked, with the scenario's faults), and the routes
 * the simulated cluster reads from it: a route created through the API is what makes the cluster recover.
 */
public final class SandboxVpc implements SandboxRoutes, AutoCloseable {
    private static final String ALPHANUM = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private final FakeVpcServer server;
    private final String accessKeyId;
    private final String accessKeySecret;
    private final String region;
    private final String vpcId;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile Set<String> available;

    private SandboxVpc(Scenario scenario, int port) {
        SecureRandom random = new SecureRandom();
        // Fresh keys per sandbox: nothing in the repository or a log doubles as a credential.
        this.accessKeyId = "LTAIsandbox" + randomText(random, 13);
        this.accessKeySecret = randomText(random, 30);
        this.region = scenario.cluster().region();
        this.vpcId = scenario.cluster().vpcId();
        this.server = new FakeVpcServer(port, random.nextLong());
        server.onChange(() -> {
            available = null;
            listeners.forEach(Runnable::run);
        });
        // Started before seeding, so that seeded Pending entries get their timer to become Available.
        server.start();
        try {
            seed(scenario);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private void seed(Scenario scenario) {
        server.region(region).addCredentials(accessKeyId, accessKeySecret).addVpc(vpcId, "192.168.0.0/16");
        scenario.nodes().forEach(n -> server.addInstance(n.instanceId()));
        server.setFaults(scenario.faults().vpc());
        for (Scenario.RouteTable table : scenario.vpc().routeTables()) {
            server.addRouteTable(vpcId, table.id());
            server.addSystemRouteEntry(table.id(), "192.168.0.0/24");
            for (Scenario.Route r : table.entries()) {
                server.addInstance(r.nextHop());
                server.addRouteEntry(table.id(), r.destination(), r.nextHop(),
                        RouteEntryStatus.parse(r.status()));
            }
        }
        if (scenario.vpc().routeTables().isEmpty()) {
            server.addRouteTable(vpcId, "vtb-" + vpcId.substring("vpc-".length()));
        }
    }

    public static SandboxVpc start(Scenario scenario, int port) {
        return new SandboxVpc(scenario, port);
    }

    /** How a client reaches this VPC API: plain HTTP to loopback with this sandbox's own keys. */
    public AliyunSettings settings() {
        return new AliyunSettings(region, server.endpoint(), accessKeyId, accessKeySecret, null, null, null);
    }

    public String vpcId() {
        return vpcId;
    }

    public FakeVpcServer server() {
        return server;
    }

    @Override
    public boolean carries(String destinationCidr, String instanceId) {
        Set<String> snapshot = available;
        if (snapshot == null) {
            snapshot = new HashSet<>();
            for (List<RouteEntry> entries : server.routeTables().values()) {
                for (RouteEntry e : entries) {
                    if (e.status() == RouteEntryStatus.AVAILABLE && RouteEntry.NEXT_HOP_INSTANCE.equals(e.nextHopType())) {
                        snapshot.add(e.destinationCidrBlock() + ">" + e.nextHopId());
                    }
                }
            }
            available = snapshot;
        }
        return snapshot.contains(destinationCidr + ">" + instanceId);
    }

    @Override
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    @Override
    public void close() {
        server.close();
    }

    private static String randomText(SecureRandom random, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(ALPHANUM.charAt(random.nextInt(ALPHANUM.length())));
        }
        return sb.toString();
    }
}
