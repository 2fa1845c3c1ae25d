package dev.unstuck.sandbox;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A scenario served as a real Kubernetes API on 127.0.0.1 (HTTPS, self-signed), with controllers simulated behind it
 * so that it keeps behaving like a cluster: repairing a route makes the APIService Available and the stuck namespace
 * finish. Any client (fabric8, kubectl through {@link #writeKubeconfig}) talks to it as to a real cluster.
 */
public final class SandboxCluster implements AutoCloseable {
    public static final String CCM_POD = "cloud-controller-manager-5f8d6c7b9-kq2wz";

    private final Scenario scenario;
    private final SandboxApiServer server;
    private final SandboxDispatcher dispatcher;
    private final KubernetesClient simulatorClient;
    private final SandboxSimulation simulation;
    private final String url;
    /** Routes this cluster created for itself and closes with it. */
    private AutoCloseable owned;

    /** The embedded server logs every request at INFO through java.util.logging; a held reference keeps it quiet. */
    private static final java.util.logging.Logger MOCK_SERVER_LOG = quiet("io.fabric8.mockwebserver");

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
        logger.setLevel(java.util.logging.Level.WARNING);
        return logger;
    }

    private SandboxCluster(Scenario scenario, SandboxRoutes routes, int port, Duration tick, Clock clock) {
        this.scenario = scenario;
        List<SandboxDiscovery.Type> customTypes = customTypes(scenario);
        List<String> aggregated = scenario.apiServices().stream().filter(a -> !a.isLocal())
                .map(Scenario.ApiService::groupVersion).toList();
        SandboxDiscovery discovery = new SandboxDiscovery(customTypes, aggregated, scenario.malformedGroupVersions());
        this.dispatcher = new SandboxDispatcher(discovery);
        for (SandboxDiscovery.Type t : customTypes) {
            dispatcher.expectCustomResource(new CustomResourceDefinitionContext.Builder().withGroup(t.group())
                    .withVersion(t.version()).withKind(t.kind()).withPlural(t.plural()).withScope("Namespaced")
                    .withName(t.plural() + "." + t.group()).build());
        }
        this.server = SandboxApiServer.start(dispatcher, InetAddress.getLoopbackAddress(), port);
        this.url = "https://127.0.0.1:" + server.port() + "/";
        this.simulatorClient = clientFor(SandboxDispatcher.SIMULATOR_AGENT);
        this.simulation = new SandboxSimulation(scenario, simulatorClient, discovery, dispatcher, routes, tick, clock);
        try {
            dispatcher.seeding(SandboxDispatcher.worldCreated(scenario, clock.instant()));
            new ClusterSeed(scenario, simulatorClient, dispatcher, clock).seed();
            dispatcher.seeded();
            simulation.start();
            // Whoever starts a sandbox sees a converged world at once, as after a controller resync.
            simulation.reconcileNow();
        } catch (RuntimeException e) {
            simulation.close();
            simulatorClient.close();
            server.close();
            throw e;
        }
    }

    /** Serves {@code scenario} on a free loopback port with its VPC in process (no VPC API in front of it). */
    public static SandboxCluster start(Scenario scenario) {
        ScenarioRoutes routes = ScenarioRoutes.of(scenario);
        try {
            SandboxCluster cluster = start(scenario, routes, 0);
            cluster.owned = routes;
            return cluster;
        } catch (RuntimeException e) {
            routes.close();
            throw e;
        }
    }

    /** Serves {@code scenario} on {@code port} (0 picks a free one) with routes read from {@code routes}. */
    public static SandboxCluster start(Scenario scenario, SandboxRoutes routes, int port) {
        return new SandboxCluster(scenario, routes, port, Duration.ofMillis(200), Clock.systemUTC());
    }

    public static SandboxCluster start(Scenario scenario, SandboxRoutes routes, int port, Duration tick) {
        return new SandboxCluster(scenario, routes, port, tick, Clock.systemUTC());
    }

    /** On a clock the caller moves, so that resync periods and retry backoff can be stepped through. */
    static SandboxCluster start(Scenario scenario, SandboxRoutes routes, Duration tick, Clock clock) {
        return new SandboxCluster(scenario, routes, 0, tick, clock);
    }

    public Scenario scenario() {
        return scenario;
    }

    /** The API server URL, e.g. https://127.0.0.1:41234/. */
    public String apiServerUrl() {
        return url;
    }

    /** Client configuration for this sandbox, as a kubeconfig would give it. */
    public Config clientConfig() {
        return new ConfigBuilder(Config.empty()).withMasterUrl(url).withTrustCerts(true).withNamespace("default")
                .withOauthToken("sandbox").build();
    }

    /** A new client for this sandbox; the caller closes it. */
    public KubernetesClient newClient() {
        return new KubernetesClientBuilder().withConfig(clientConfig()).build();
    }

    /** Requests served to clients other than the simulation itself since the sandbox started. */
    public long clientRequests() {
        return dispatcher.clientRequests();
    }

    /**
     * Shows {@code decision} every request a client (not the simulation) sends, before it is served; a request it
     * refuses is answered 403 Forbidden with the API server's message. Tests record requests with it and enforce a
     * ClusterRole's rules; null lets everything through again.
     */
    public void authorizeClients(java.util.function.Predicate<ClientRequest> decision) {
        dispatcher.authorizeClients(decision);
    }

    /** Makes the simulation run one pass now and waits for it (tests use it instead of sleeping). */
    public void reconcileNow() {
        simulation.reconcileNow();
    }

    /**
     * Runs controller passes until {@code converged} holds or {@code timeout} passes; true when it held. Each pass is
     * a full reconciliation, so this waits on the world's state, not on the clock.
     */
    public boolean awaitConverged(java.util.function.BooleanSupplier converged, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            simulation.reconcileNow();
            if (converged.getAsBoolean()) {
                return true;
            }
            simulation.awaitTick();
        }
        return converged.getAsBoolean();
    }

    /**
     * The VPC id the cloud-controller-manager's cloud-config names now, or null when the scenario runs none.
     */
    public String cloudControllerVpcId() {
        Scenario.Ccm config = simulation.cloudControllerConfig();
        return config == null ? null : config.configuredVpcId();
    }

    /**
     * A drill: {@code Global.vpcid} of {@code kube-system/cloud-config} set to {@code vpcId} and the
     * cloud-controller-manager restarted to read it, as an operator fixing (or breaking) it would. Its log starts
     * over and says what its route controller now finds.
     *
     * @throws IllegalStateException when the scenario runs no cloud-controller-manager
     */
    public void restartCloudController(String vpcId) {
        Scenario.Ccm config = simulation.cloudControllerConfig();
        if (config == null) {
            throw new IllegalStateException("scenario " + scenario.name() + " runs no cloud-controller-manager");
        }
        simulatorClient.configMaps().inNamespace("kube-system").withName("cloud-config").edit(cm -> {
            String conf = cm.getData() == null ? null : cm.getData().get("cloud-config.conf");
            Map<String, Object> parsed = conf == null ? new LinkedHashMap<>()
                    : new LinkedHashMap<>(io.fabric8.kubernetes.client.utils.Serialization.unmarshal(conf, Map.class));
            @SuppressWarnings("unchecked")
            Map<String, Object> global = parsed.get("Global") instanceof Map<?, ?> g
                    ? new LinkedHashMap<>((Map<String, Object>) g) : new LinkedHashMap<>();
            global.put("vpcid", vpcId);
            parsed.put("Global", global);
            cm.getData().put("cloud-config.conf", io.fabric8.kubernetes.client.utils.Serialization.asJson(parsed));
            return cm;
        });
        simulation.restartCloudController(new Scenario.Ccm(vpcId, config.routeTableIds(), List.of()),
                lines -> dispatcher.setPodLog("kube-system", CCM_POD, lines));
    }

    /** Writes a kubeconfig for kubectl or a worker in another process; the server certificate is self-signed. */
    public Path writeKubeconfig(Path file) throws IOException {
        String context = scenario.cluster().name();
        String yaml = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: %1$s
                  cluster:
                    server: %2$s
                    insecure-skip-tls-verify: true
                users:
                - name: sandbox-admin
                  user:
                    token: sandbox
                contexts:
                - name: %1$s
                  context:
                    cluster: %1$s
                    user: sandbox-admin
                    namespace: default
                current-context: %1$s
                """.formatted(context, url.substring(0, url.length() - 1));
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.writeString(file, yaml);
        return file;
    }

    @Override
    public void close() {
        simulation.close();
        simulatorClient.close();
        server.close();
        if (owned != null) {
            try {
                owned.close();
            } catch (Exception e) {
                // Closing in-process routes only stops a timer; nothing to report.
            }
        }
    }

    private KubernetesClient clientFor(String userAgent) {
        Config config = new ConfigBuilder(clientConfig()).withUserAgent(userAgent).build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    static List<SandboxDiscovery.Type> customTypes(Scenario scenario) {
        Map<String, SandboxDiscovery.Type> types = new LinkedHashMap<>();
        for (Scenario.ResourceKind k : scenario.resourceKinds()) {
            types.put(k.apiVersion() + "/" + k.kind(), new SandboxDiscovery.Type(k.group(), k.version(), k.kind(),
                    k.plural(), true));
        }
        for (Scenario.Namespace ns : scenario.namespaces()) {
            for (Scenario.SandboxObject o : ns.objects()) {
                String[] gv = o.apiVersion().split("/");
                if (gv.length == 2 && !SandboxDiscovery.isBuiltInGroup(gv[0])) {
                    types.putIfAbsent(o.apiVersion() + "/" + o.kind(), new SandboxDiscovery.Type(gv[0], gv[1],
                            o.kind(), Plurals.of(o.kind()), true));
                }
            }
        }
        return new ArrayList<>(types.values());
    }

    /** How to address objects of {@code apiVersion}/{@code kind}, with the plural the scenario declares for it. */
    static ResourceDefinitionContext context(Scenario scenario, String apiVersion, String kind) {
        String[] gv = apiVersion.split("/");
        String group = gv.length == 2 ? gv[0] : "";
        String version = gv.length == 2 ? gv[1] : gv[0];
        String plural = scenario.resourceKinds().stream()
                .filter(k -> k.apiVersion().equals(apiVersion) && k.kind().equals(kind))
                .map(Scenario.ResourceKind::plural).findFirst().orElse(Plurals.of(kind));
        return new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version).withKind(kind)
                .withPlural(plural).withNamespaced(true).build();
    }
}
