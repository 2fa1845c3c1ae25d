package dev.unstuck.sandbox;

import io.fabric8.kubernetes.api.model.APIServiceBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A scenario served as a real Kubernetes API on 127.0.0.1 (HTTPS, self-signed), with controllers simulated behind it
 * so that it keeps behaving like a cluster: repairing a route makes the APIService Available and the stuck namespace
 * finish. Any client (fabric8, kubectl through {@link #writeKubeconfig}) talks to it as to a real cluster.
 */
public final class SandboxCluster implements AutoCloseable {
    public static final String CCM_POD = "cloud-controller-manager-5f8d6c7b9-kq2wz";
    private static final String SYSTEM = "kube-system";

    private final Scenario scenario;
    private final SandboxApiServer server;
    private final SandboxDispatcher dispatcher;
    private final KubernetesClient simulatorClient;
    private final SandboxSimulation simulation;
    private final String url;

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
            seed(clock);
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

    /** Serves {@code scenario} on a free loopback port with routes fixed by the scenario file. */
    public static SandboxCluster start(Scenario scenario) {
        return start(scenario, new ScenarioRoutes(scenario.vpc()), 0);
    }

    /** Serves {@code scenario} on {@code port} (0 picks a free one) with routes read from {@code routes}. */
    public static SandboxCluster start(Scenario scenario, SandboxRoutes routes, int port) {
        return new SandboxCluster(scenario, routes, port, Duration.ofMillis(200), Clock.systemUTC());
    }

    public static SandboxCluster start(Scenario scenario, SandboxRoutes routes, int port, Duration tick) {
        return new SandboxCluster(scenario, routes, port, tick, Clock.systemUTC());
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

    // --- the world at time zero ---------------------------------------------------------------------------------

    private void seed(Clock clock) {
        KubernetesClient c = simulatorClient;
        Set<String> namespaces = new LinkedHashSet<>(List.of("default", SYSTEM, "kube-public", "kube-node-lease"));
        scenario.apiServices().stream().filter(a -> !a.isLocal()).forEach(a -> namespaces.add(a.serviceNamespace()));
        scenario.namespaces().forEach(n -> namespaces.add(n.name()));
        for (String ns : namespaces) {
            c.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns)
                    .addToLabels("kubernetes.io/metadata.name", ns).addToFinalizers(SandboxDispatcher.HOLD_FINALIZER)
                    .endMetadata().withNewSpec().addToFinalizers("kubernetes").endSpec()
                    .withNewStatus().withPhase("Active").endStatus().build()).create();
        }
        for (Scenario.Node n : scenario.nodes()) {
            NodeBuilder b = new NodeBuilder().withNewMetadata().withName(n.name())
                    .addToLabels("kubernetes.io/hostname", n.name())
                    .addToLabels("topology.kubernetes.io/region", scenario.cluster().region())
                    .endMetadata()
                    .withNewSpec().withPodCIDR(n.podCIDR()).withPodCIDRs(n.podCIDR())
                    .withProviderID(scenario.cluster().region() + "." + n.instanceId()).endSpec()
                    .withNewStatus().addNewAddress().withType("InternalIP").withAddress(n.internalIP()).endAddress()
                    .addNewAddress().withType("Hostname").withAddress(n.name()).endAddress()
                    .addNewCondition().withType("Ready").withStatus("True").withReason("KubeletReady")
                    .withMessage("kubelet is posting ready status").endCondition()
                    .endStatus();
            var network = simulation.networkCondition(n);
            if (network != null) {
                b.editStatus().addToConditions(network).endStatus();
            }
            if (n.controlPlane()) {
                b.editMetadata().addToLabels("node-role.kubernetes.io/control-plane", "").endMetadata();
            }
            c.nodes().resource(b.build()).create();
        }
        seedApiServices(c);
        seedCloudController(c, clock);
        for (Scenario.Namespace ns : scenario.namespaces()) {
            for (Scenario.SandboxObject o : ns.objects()) {
                c.genericKubernetesResources(context(scenario, o.apiVersion(), o.kind())).inNamespace(ns.name()).resource(object(o)).create();
            }
        }
        Instant now = clock.instant();
        for (Scenario.Namespace ns : scenario.namespaces()) {
            if (ns.deleting()) {
                dispatcher.presentDeletion(ns.name(), now.minus(Duration.ofMinutes(ns.deletingForMinutes())));
                c.namespaces().withName(ns.name()).delete();
            }
        }
    }

    private void seedApiServices(KubernetesClient c) {
        for (String local : List.of("v1.", "v1.apps", "v1.batch", "v1.discovery.k8s.io", "v1.apiregistration.k8s.io")) {
            int dot = local.indexOf('.');
            c.resources(io.fabric8.kubernetes.api.model.APIService.class).resource(new APIServiceBuilder()
                    .withNewMetadata().withName(local).endMetadata()
                    .withNewSpec().withGroup(local.substring(dot + 1)).withVersion(local.substring(0, dot))
                    .withGroupPriorityMinimum(18000).withVersionPriority(1).endSpec()
                    .withNewStatus().addNewCondition().withType("Available").withStatus("True").withReason("Local")
                    .withMessage("Local APIServices are always available").endCondition().endStatus().build()).create();
        }
        for (Scenario.ApiService a : scenario.apiServices()) {
            APIServiceBuilder b = new APIServiceBuilder().withNewMetadata().withName(a.name()).endMetadata()
                    .withNewSpec().withGroup(a.group()).withVersion(a.version()).withGroupPriorityMinimum(100)
                    .withVersionPriority(100).withInsecureSkipTLSVerify(true).endSpec();
            if (!a.isLocal()) {
                b.editSpec().withNewService().withNamespace(a.serviceNamespace()).withName(a.serviceName())
                        .withPort(443).endService().endSpec();
            }
            c.resources(io.fabric8.kubernetes.api.model.APIService.class).resource(b.build()).create();
            if (a.isLocal()) {
                continue;
            }
            String app = a.serviceName();
            if (a.serviceExists()) {
                c.services().inNamespace(a.serviceNamespace()).resource(new ServiceBuilder().withNewMetadata()
                        .withName(a.serviceName()).withNamespace(a.serviceNamespace()).addToLabels("k8s-app", app)
                        .endMetadata().withNewSpec().addToSelector("k8s-app", app).addNewPort().withName("https")
                        .withPort(443).withProtocol("TCP").withNewTargetPort(4443).endPort()
                        .withClusterIP("10.96.0." + (10 + scenario.apiServices().indexOf(a))).endSpec().build()).create();
                EndpointSliceBuilder slice = new EndpointSliceBuilder().withNewMetadata()
                        .withName(a.serviceName() + "-x7k2p").withNamespace(a.serviceNamespace())
                        .addToLabels("kubernetes.io/service-name", a.serviceName())
                        .addToLabels("endpointslice.kubernetes.io/managed-by", "endpointslice-controller.k8s.io")
                        .endMetadata().withAddressType("IPv4")
                        .addNewPort().withName("https").withPort(4443).withProtocol("TCP").endPort();
                for (Scenario.Pod p : a.pods()) {
                    slice.addToEndpoints(new EndpointBuilder().withAddresses(p.ip()).withNodeName(p.node())
                            .withNewConditions().withReady(p.ready()).withServing(p.ready()).withTerminating(false)
                            .endConditions()
                            .withNewTargetRef().withKind("Pod").withName(p.name()).withNamespace(a.serviceNamespace())
                            .endTargetRef().build());
                }
                c.discovery().v1().endpointSlices().inNamespace(a.serviceNamespace()).resource(slice.build()).create();
            }
            for (Scenario.Pod p : a.pods()) {
                c.pods().inNamespace(a.serviceNamespace()).resource(new PodBuilder().withNewMetadata()
                        .withName(p.name()).withNamespace(a.serviceNamespace()).addToLabels("k8s-app", app)
                        .endMetadata().withNewSpec().withNodeName(p.node()).addNewContainer().withName(app)
                        .withImage("registry.k8s.io/" + app + "/" + app + ":v0.7.2").endContainer().endSpec()
                        .withNewStatus().withPhase("Running").withPodIP(p.ip()).addNewPodIP().withIp(p.ip()).endPodIP()
                        .addNewCondition().withType("Ready").withStatus(p.ready() ? "True" : "False").endCondition()
                        .endStatus().build()).create();
            }
        }
    }

    private void seedCloudController(KubernetesClient c, Clock clock) {
        Scenario.Ccm ccm = scenario.ccm();
        if (ccm == null) {
            return;
        }
        Scenario.Node host = scenario.nodes().stream().filter(Scenario.Node::controlPlane).findFirst()
                .orElse(scenario.nodes().get(0));
        c.pods().inNamespace(SYSTEM).resource(new PodBuilder().withNewMetadata().withName(CCM_POD)
                .withNamespace(SYSTEM).addToLabels("app", "cloud-controller-manager").endMetadata()
                .withNewSpec().withNodeName(host.name()).withHostNetwork(true).addNewContainer()
                .withName("cloud-controller-manager").withImage("registry.cn-hangzhou.aliyuncs.com/acs/cloud-controller-manager-amd64:v2.9.1")
                .endContainer().endSpec()
                .withNewStatus().withPhase("Running").withPodIP(host.internalIP()).addNewCondition().withType("Ready")
                .withStatus("True").endCondition().endStatus().build()).create();
        String config = "{\"Global\":{\"region\":\"" + scenario.cluster().region() + "\",\"vpcid\":\""
                + ccm.configuredVpcId() + "\",\"routeTableIDs\":\"\",\"clusterID\":\"" + scenario.cluster().name() + "\"}}";
        c.configMaps().inNamespace(SYSTEM).resource(new ConfigMapBuilder().withNewMetadata().withName("cloud-config")
                .withNamespace(SYSTEM).endMetadata().addToData("cloud-config.conf", config).build()).create();
        dispatcher.setPodLog(SYSTEM, CCM_POD, ccm.logs());
        if (!ccm.configuredVpcId().equals(scenario.cluster().vpcId())) {
            String when = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
            for (Scenario.Node n : scenario.nodes()) {
                c.v1().events().inNamespace("default").resource(new EventBuilder().withNewMetadata()
                        .withName(n.name() + ".route-describe-failed").withNamespace("default").endMetadata()
                        .withNewInvolvedObject().withKind("Node").withName(n.name()).withApiVersion("v1").endInvolvedObject()
                        .withReason("DescriberRouteTablesFailed").withType("Warning")
                        .withMessage("Describe RouteTables Failed reason: alicloud: no route tables found by vpc id["
                                + ccm.configuredVpcId() + "]")
                        .withCount(1).withFirstTimestamp(when).withLastTimestamp(when)
                        .withNewSource().withComponent("route-controller").endSource().build()).create();
            }
        }
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

    private static GenericKubernetesResource object(Scenario.SandboxObject o) {
        return new GenericKubernetesResourceBuilder().withApiVersion(o.apiVersion()).withKind(o.kind())
                .withNewMetadata().withName(o.name()).withFinalizers(o.finalizers()).endMetadata().build();
    }
}
