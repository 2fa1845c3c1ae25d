package dev.unstuck.sandbox;

import dev.unstuck.cloud.aliyun.AliyunSettings;
import dev.unstuck.sandbox.vpc.FakeVpcServer;

import java.security.SecureRandom;

/**
 * The scenario's VPC served through the VPC OpenAPI (signature-checked, with the scenario's faults), and the routes
 * the simulated cluster reads from it: a route created through the API is what makes the cluster recover.
 */
public final class SandboxVpc implements AutoCloseable {
    private static final String ALPHANUM = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private final FakeVpcServer server;
    private final ScenarioRoutes routes;
    private final String accessKeyId;
    private final String accessKeySecret;
    private final String region;
    private final String vpcId;

    private SandboxVpc(Scenario scenario, int port) {
        SecureRandom random = new SecureRandom();
        // Fresh keys per sandbox: nothing in the repository or a log doubles as a credential.
        this.accessKeyId = "LTAIsandbox" + randomText(random, 13);
        this.accessKeySecret = randomText(random, 30);
        this.region = scenario.cluster().region();
        this.vpcId = scenario.cluster().vpcId();
        this.server = new FakeVpcServer(port, random.nextLong());
        this.routes = ScenarioRoutes.over(server.model());
        // Started before seeding, so that seeded Pending entries get their timer to become Available.
        server.start();
        try {
            server.region(region).addCredentials(accessKeyId, accessKeySecret);
            server.setFaults(scenario.faults().vpc());
            ScenarioRoutes.seed(server.model(), scenario);
        } catch (RuntimeException e) {
            server.close();
            throw e;
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

    /** The same tables the API serves, as the simulated cluster reads and the cloud-controller-manager writes them. */
    public SandboxRoutes routes() {
        return routes;
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
