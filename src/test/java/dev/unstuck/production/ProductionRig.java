package dev.unstuck.production;

import dev.unstuck.chat.discord.fake.FakeDiscord;
import dev.unstuck.chat.discord.fake.FakeGuild;
import dev.unstuck.cloud.RouteEntry;
import dev.unstuck.cloud.VpcApi;
import dev.unstuck.cloud.aliyun.AliyunSettings;
import dev.unstuck.cloud.aliyun.AliyunVpcApi;
import dev.unstuck.kube.KubeClients;
import dev.unstuck.workflow.ChildJvm;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A deployment on loopback, every part in the process it has in production: the Temporal frontend (the test server
 * run standalone), the cluster and its cloud (the sandbox, reached only through the kubeconfig and cloud.properties
 * it writes), Discord (the fake, in the test's process), and Unstuck replicas in the {@code production} profile.
 * Every wait is bounded; {@link #close()} ends every process it started.
 */
final class ProductionRig implements AutoCloseable {
    static final String CLUSTER = "dev-cluster";
    static final String LEASE_NAMESPACE = "unstuck";
    static final String LEASE = "unstuck-discord-gateway";

    final Path dir;
    FakeDiscord discord;
    int temporalPort;
    private final List<ChildJvm> bots = new ArrayList<>();
    private final List<ChildJvm> infrastructure = new ArrayList<>();
    private WorkflowServiceStubs stubs;
    private KubernetesClient kube;
    private VpcApi vpc;
    private final Map<String, String> leaseSettings = new LinkedHashMap<>();

    ProductionRig(Path dir) {
        this.dir = dir;
    }

    /** Starts Temporal, the sandbox and the fake Discord; {@link #close()} ends whatever did start. */
    ProductionRig start() throws Exception {
        // Temporal first, connected before anything else opens a port: the sandbox binds free ports too.
        temporalPort = freePort();
        infrastructure.add(ChildJvm.start("temporal", dir.resolve("logs"), "io.temporal.testserver.TestServer",
                String.valueOf(temporalPort)));
        stubs = WorkflowServiceStubs.newConnectedServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                .setTarget("127.0.0.1:" + temporalPort).build(), Duration.ofSeconds(60));
        ChildJvm sandbox = ChildJvm.start("sandbox", dir.resolve("logs"), "dev.unstuck.UnstuckApplication", "sandbox",
                "--scenario", "seed-incident", "--dir", sandboxDir().toString());
        infrastructure.add(sandbox);
        sandbox.awaitLine("Stop with Ctrl-C", 90);
        kube = new KubernetesClientBuilder().withConfig(KubeClients.fromKubeconfig(kubeconfig(), null)).build();
        vpc = new AliyunVpcApi(cloudSettings());
        discord = FakeDiscord.start(FakeGuild.defaults());
        return this;
    }

    /** Lease timing for the replicas started from now on (the chart's defaults unless a test sets them). */
    ProductionRig leaseTiming(String duration, String renewDeadline, String retryPeriod) {
        leaseSettings.put("unstuck.gateway.lease.duration", duration);
        leaseSettings.put("unstuck.gateway.lease.renew-deadline", renewDeadline);
        leaseSettings.put("unstuck.gateway.lease.retry-period", retryPeriod);
        return this;
    }

    Path sandboxDir() {
        return dir.resolve("sandbox");
    }

    Path kubeconfig() {
        return sandboxDir().resolve("kubeconfig");
    }

    /**
     * Starts a replica as the chart runs one: profile production, the pod's name and namespace in its environment,
     * Temporal's address, the cluster by kubeconfig and cloud.properties, Discord's token. Does not wait for it.
     */
    ChildJvm startReplica(String podName, String... moreArgs) throws IOException {
        List<String> args = new ArrayList<>(List.of(
                "--spring.profiles.active=production",
                "--unstuck.temporal.clear-sticky-queues=true",
                "--unstuck.clusters." + CLUSTER + ".kubeconfig=" + kubeconfig(),
                "--unstuck.clusters." + CLUSTER + ".cloud-properties=" + sandboxDir().resolve("cloud.properties"),
                "--unstuck.clusters." + CLUSTER + ".approver-roles=sre",
                "--unstuck.discord.application-id=" + discord.applicationId(),
                "--unstuck.discord.rest-base-url=" + discord.restBaseUrl(),
                "--unstuck.discord.gateway-url=" + discord.gatewayUrl(),
                "--unstuck.discord.guild-ids[0]=" + discord.guild().id(),
                "--unstuck.discord.allowed-channels[0]=oncall",
                "--unstuck.discord.approver-roles." + CLUSTER + "[0]=" + discord.guild().roleNamed("sre")
                        .orElseThrow().id(),
                "--unstuck.gateway.lease.cluster=" + CLUSTER,
                "--management.server.port=0"));
        if (List.of(moreArgs).stream().noneMatch(a -> a.startsWith("--server.port="))) {
            args.add("--server.port=0");
        }
        leaseSettings.forEach((k, v) -> args.add("--" + k + "=" + v));
        args.addAll(List.of(moreArgs));
        ChildJvm bot = ChildJvm.start(podName, dir.resolve("logs"), Map.of(
                "TEMPORAL_ADDRESS", "127.0.0.1:" + temporalPort,
                "UNSTUCK_DISCORD_TOKEN", discord.token(),
                "POD_NAME", podName,
                "POD_NAMESPACE", LEASE_NAMESPACE), "dev.unstuck.UnstuckApplication", args.toArray(String[]::new));
        bots.add(bot);
        return bot;
    }

    static void awaitStarted(ChildJvm replica) throws Exception {
        try {
            replica.awaitLine("Started UnstuckApplication", 150);
        } catch (Exception | AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last lines:\n" + tail(replica, 15), e);
        }
    }

    /** The last lines a process printed, for failure messages (its log goes with the test's directory). */
    static String tail(ChildJvm process, int lines) throws IOException {
        List<String> all = Files.exists(process.log()) ? Files.readAllLines(process.log()) : List.of();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** The holder the Lease names now, null while there is none. */
    String leaseHolder() {
        Lease lease = kube.leases().inNamespace(LEASE_NAMESPACE).withName(LEASE).get();
        return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    }

    boolean namespaceGone(String name) {
        return kube.namespaces().withName(name).get() == null;
    }

    List<RouteEntry> routes(String table, String destination) {
        return vpc.routeEntries(table, destination);
    }

    WorkflowClient temporal() {
        return WorkflowClient.newInstance(stubs, WorkflowClientOptions.newBuilder().setNamespace("default").build());
    }

    private AliyunSettings cloudSettings() throws IOException {
        Properties p = new Properties();
        try (var r = Files.newBufferedReader(sandboxDir().resolve("cloud.properties"))) {
            p.load(r);
        }
        return AliyunSettings.defaultChain(p.getProperty("region")).withEndpoint(p.getProperty("endpoint"))
                .withAccessKey(p.getProperty("accessKeyId"), p.getProperty("accessKeySecret"));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        // The replicas first: a JDA whose Discord went away first reconnects in a loop.
        for (ChildJvm bot : bots) {
            bot.close();
        }
        if (discord != null) {
            discord.close();
        }
        if (kube != null) {
            kube.close();
        }
        if (stubs != null) {
            stubs.shutdownNow();
        }
        for (ChildJvm c : infrastructure) {
            c.close();
        }
    }
}
