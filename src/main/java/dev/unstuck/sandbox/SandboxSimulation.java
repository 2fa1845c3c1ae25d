package dev.unstuck.sandbox;

import io.fabric8.kubernetes.api.model.APIService;
import io.fabric8.kubernetes.api.model.APIServiceCondition;
import io.fabric8.kubernetes.api.model.APIServiceConditionBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceCondition;
import io.fabric8.kubernetes.api.model.NamespaceConditionBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The controllers of the simulated cluster, run continuously like the real ones: the aggregator's availability check
 * (an APIService is Available iff its Service exists and some ready backend pod is reachable from the control plane),
 * the cloud-controller-manager's route controller (NetworkUnavailable on nodes whose route is missing while it is
 * misconfigured) and the namespace controller (deletes content, reports the five conditions, finishes the namespace
 * once discovery succeeds and nothing remains).
 */
final class SandboxSimulation implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SandboxSimulation.class);

    /** Core types the namespace controller is expected to clean up in sandbox namespaces. */
    private static final List<String> CORE_CONTENT = List.of("Pod", "ConfigMap", "Secret", "Service", "ServiceAccount");

    private final Scenario scenario;
    private final KubernetesClient client;
    private final SandboxDiscovery discovery;
    private final SandboxDispatcher dispatcher;
    private final SandboxRoutes routes;
    private final Duration tick;
    private final Clock clock;
    private final Map<String, Scenario.Node> nodes = new LinkedHashMap<>();
    private final Map<String, String> deleteErrors = new HashMap<>();
    private final Map<String, Boolean> nodeRouted = new HashMap<>();
    private final List<ResourceDefinitionContext> contentTypes = new ArrayList<>();
    private final ScheduledExecutorService executor;
    private final Object passMonitor = new Object();

    SandboxSimulation(Scenario scenario, KubernetesClient client, SandboxDiscovery discovery,
                      SandboxDispatcher dispatcher, SandboxRoutes routes, Duration tick, Clock clock) {
        this.scenario = scenario;
        this.client = client;
        this.discovery = discovery;
        this.dispatcher = dispatcher;
        this.routes = routes;
        this.tick = tick;
        this.clock = clock;
        scenario.nodes().forEach(n -> nodes.put(n.name(), n));
        for (Scenario.Namespace ns : scenario.namespaces()) {
            for (Scenario.SandboxObject o : ns.objects()) {
                if (o.deleteError() != null) {
                    deleteErrors.put(key(ns.name(), o.apiVersion(), o.kind(), o.name()), o.deleteError());
                }
            }
        }
        Set<String> seen = new TreeSet<>();
        for (String kind : CORE_CONTENT) {
            addContentType("v1", kind, seen);
        }
        scenario.namespaces().forEach(ns -> ns.objects().forEach(o -> addContentType(o.apiVersion(), o.kind(), seen)));
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sandbox-controllers");
            t.setDaemon(true);
            return t;
        });
    }

    private void addContentType(String apiVersion, String kind, Set<String> seen) {
        if (seen.add(apiVersion + "/" + kind)) {
            contentTypes.add(SandboxCluster.context(scenario, apiVersion, kind));
        }
    }

    void start() {
        routes.onChange(() -> executor.execute(this::passSafely));
        executor.scheduleWithFixedDelay(this::passSafely, 0, tick.toMillis(), TimeUnit.MILLISECONDS);
    }

    void reconcileNow() {
        try {
            executor.submit(this::passSafely).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("sandbox controllers did not finish a pass: " + e, e);
        }
    }

    /** Waits for the next scheduled pass (or a route change), whichever comes first. */
    void awaitTick() {
        synchronized (passMonitor) {
            try {
                passMonitor.wait(Math.max(1, tick.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The NetworkUnavailable condition the route controller leaves on a node, or null when it leaves none. */
    NodeCondition networkCondition(Scenario.Node node) {
        if (scenario.ccm() == null) {
            return null;
        }
        boolean routed = routes.carries(node.podCIDR(), node.instanceId());
        nodeRouted.put(node.name(), routed);
        return networkCondition(routed);
    }

    private NodeCondition networkCondition(boolean routed) {
        boolean broken = !scenario.ccm().configuredVpcId().equals(scenario.cluster().vpcId());
        if (!routed && broken) {
            return new NodeConditionBuilder().withType("NetworkUnavailable").withStatus("True")
                    .withReason("NoRouteCreated").withMessage("RouteController failed to create a route")
                    .withLastTransitionTime(now()).build();
        }
        return new NodeConditionBuilder().withType("NetworkUnavailable").withStatus(routed ? "False" : "True")
                .withReason(routed ? "RouteCreated" : "NoRouteCreated")
                .withMessage(routed ? "RouteController created a route" : "RouteController failed to create a route")
                .withLastTransitionTime(now()).build();
    }

    /** RFC 3339 with seconds, as the API server writes condition times. */
    private String now() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }

    private void passSafely() {
        try {
            availabilityController();
            routeController();
            namespaceController();
            synchronized (passMonitor) {
                passMonitor.notifyAll();
            }
        } catch (RuntimeException e) {
            // A failed pass must never stop the loop (a scheduled task that throws is cancelled for good).
            if (!executor.isShutdown()) {
                log.warn("sandbox controllers: pass failed, retrying next tick: {}", e.toString());
            }
        }
    }

    // --- kube-aggregator: APIService availability ------------------------------------------------------------

    private void availabilityController() {
        Set<String> unavailable = new TreeSet<>();
        for (APIService api : client.resources(APIService.class).list().getItems()) {
            var svc = api.getSpec().getService();
            if (svc == null) {
                continue;
            }
            APIServiceCondition desired = availability(svc.getNamespace(), svc.getName(), api);
            if (!"True".equals(desired.getStatus())) {
                unavailable.add(api.getSpec().getGroup() + "/" + api.getSpec().getVersion());
            }
            APIServiceCondition current = api.getStatus() == null || api.getStatus().getConditions() == null ? null
                    : api.getStatus().getConditions().stream().filter(c -> "Available".equals(c.getType()))
                    .findFirst().orElse(null);
            if (current == null || !same(current.getStatus(), current.getReason(), current.getMessage(),
                    desired.getStatus(), desired.getReason(), desired.getMessage())) {
                client.resources(APIService.class).withName(api.getMetadata().getName()).edit(a -> {
                    if (a.getStatus() == null) {
                        a.setStatus(new io.fabric8.kubernetes.api.model.APIServiceStatus());
                    }
                    a.getStatus().setConditions(new ArrayList<>(List.of(desired)));
                    return a;
                });
            }
        }
        discovery.setUnavailable(unavailable);
    }

    private APIServiceCondition availability(String namespace, String name, APIService api) {
        String service = "service/" + name + " in \"" + namespace + "\"";
        if (client.services().inNamespace(namespace).withName(name).get() == null) {
            return condition("False", "ServiceNotFound", service + " is not present");
        }
        List<EndpointSlice> slices = client.discovery().v1().endpointSlices().inNamespace(namespace)
                .withLabel("kubernetes.io/service-name", name).list().getItems();
        if (slices.isEmpty()) {
            return condition("False", "EndpointsNotFound", "cannot find endpointslices for " + service);
        }
        List<Endpoint> ready = slices.stream().flatMap(s -> s.getEndpoints() == null ? java.util.stream.Stream.<Endpoint>empty()
                : s.getEndpoints().stream()).filter(e -> e.getConditions() == null
                || !Boolean.FALSE.equals(e.getConditions().getReady())).toList();
        if (ready.isEmpty()) {
            return condition("False", "MissingEndpoints", "endpointslices for " + service
                    + " have no addresses with port name \"https\"");
        }
        for (Endpoint e : ready) {
            Scenario.Node node = nodes.get(e.getNodeName());
            if (node != null && (node.controlPlane() || routes.carries(node.podCIDR(), node.instanceId()))) {
                return condition("True", "Passed", "all checks passed");
            }
        }
        String url = "https://" + ready.get(0).getAddresses().get(0) + ":4443/apis/" + api.getSpec().getGroup() + "/"
                + api.getSpec().getVersion();
        return condition("False", "FailedDiscoveryCheck", "failing or missing response from " + url + ": Get \"" + url
                + "\": net/http: request canceled while waiting for connection (Client.Timeout exceeded while"
                + " awaiting headers)");
    }

    private APIServiceCondition condition(String status, String reason, String message) {
        return new APIServiceConditionBuilder().withType("Available").withStatus(status).withReason(reason)
                .withMessage(message).withLastTransitionTime(now()).build();
    }

    // --- cloud-controller-manager: route controller ----------------------------------------------------------

    private void routeController() {
        if (scenario.ccm() == null) {
            return;
        }
        for (Scenario.Node n : nodes.values()) {
            boolean routed = routes.carries(n.podCIDR(), n.instanceId());
            if (Objects.equals(nodeRouted.get(n.name()), routed)) {
                continue;
            }
            NodeCondition desired = networkCondition(routed);
            client.nodes().withName(n.name()).edit(node -> replaceCondition(node, desired));
            nodeRouted.put(n.name(), routed);
        }
    }

    private static Node replaceCondition(Node node, NodeCondition desired) {
        if (node.getStatus() == null) {
            node.setStatus(new io.fabric8.kubernetes.api.model.NodeStatus());
        }
        List<NodeCondition> conditions = node.getStatus().getConditions() == null ? new ArrayList<>()
                : new ArrayList<>(node.getStatus().getConditions());
        conditions.removeIf(c -> desired.getType().equals(c.getType()));
        conditions.add(desired);
        node.getStatus().setConditions(conditions);
        return node;
    }

    // --- namespace controller --------------------------------------------------------------------------------

    private void namespaceController() {
        for (Namespace ns : client.namespaces().list().getItems()) {
            if (ns.getMetadata().getDeletionTimestamp() != null) {
                finish(ns);
            }
        }
    }

    private void finish(Namespace ns) {
        String name = ns.getMetadata().getName();
        Map<String, String> failedDiscovery = new TreeMap<>();
        for (String gv : scenario.apiServices().stream().map(Scenario.ApiService::groupVersion).toList()) {
            if (discovery.isUnavailable(gv)) {
                failedDiscovery.put(gv, "the server is currently unable to handle the request");
            }
        }
        Map<String, Integer> remainingByResource = new TreeMap<>();
        Map<String, Integer> remainingByFinalizer = new TreeMap<>();
        List<String> deletionErrors = new ArrayList<>();
        for (ResourceDefinitionContext type : contentTypes) {
            String gv = type.getGroup().isEmpty() ? type.getVersion() : type.getGroup() + "/" + type.getVersion();
            if (discovery.isUnavailable(gv)) {
                continue;
            }
            for (GenericKubernetesResource o : client.genericKubernetesResources(type).inNamespace(name).list().getItems()) {
                String error = deleteErrors.get(key(name, o.getApiVersion(), type.getKind(), o.getMetadata().getName()));
                if (error != null) {
                    deletionErrors.add(error);
                } else if (o.getMetadata().getDeletionTimestamp() == null) {
                    client.genericKubernetesResources(type).inNamespace(name).withName(o.getMetadata().getName()).delete();
                    if (o.getMetadata().getFinalizers() == null || o.getMetadata().getFinalizers().isEmpty()) {
                        continue;
                    }
                }
                String resource = type.getGroup().isEmpty() ? type.getPlural() : type.getPlural() + "." + type.getGroup();
                remainingByResource.merge(resource, 1, Integer::sum);
                if (o.getMetadata().getFinalizers() != null) {
                    o.getMetadata().getFinalizers().forEach(f -> remainingByFinalizer.merge(f, 1, Integer::sum));
                }
            }
        }
        List<String> malformed = scenario.malformedGroupVersions();
        boolean done = failedDiscovery.isEmpty() && malformed.isEmpty() && remainingByResource.isEmpty()
                && deletionErrors.isEmpty();
        if (done) {
            client.namespaces().withName(name).edit(n -> {
                n.getMetadata().setFinalizers(new ArrayList<>());
                return n;
            });
            dispatcher.forget(name);
            log.info("sandbox: namespace {} finished terminating", name);
            return;
        }
        List<NamespaceCondition> desired = List.of(
                failedDiscovery.isEmpty()
                        ? nsCondition("NamespaceDeletionDiscoveryFailure", "False", "ResourcesDiscovered",
                        "All resources successfully discovered")
                        : nsCondition("NamespaceDeletionDiscoveryFailure", "True", "DiscoveryFailed",
                        "Discovery failed for some groups, " + failedDiscovery.size() + " failing: unable to retrieve"
                                + " the complete list of server APIs: " + join(failedDiscovery)),
                malformed.isEmpty()
                        ? nsCondition("NamespaceDeletionGroupVersionParsingFailure", "False", "ParsedGroupVersions",
                        "All legacy kube types successfully parsed")
                        : nsCondition("NamespaceDeletionGroupVersionParsingFailure", "True",
                        "GroupVersionParsingFailed", String.join(", ", malformed.stream()
                                .map(gv -> "unexpected GroupVersion string: " + gv).toList())),
                deletionErrors.isEmpty()
                        ? nsCondition("NamespaceDeletionContentFailure", "False", "ContentDeleted",
                        "All content successfully deleted, may be waiting on finalization")
                        : nsCondition("NamespaceDeletionContentFailure", "True", "ContentDeletionFailed",
                        "Failed to delete all resource types, " + deletionErrors.size() + " remaining: "
                                + String.join(", ", deletionErrors)),
                remainingByResource.isEmpty()
                        ? nsCondition("NamespaceContentRemaining", "False", "ContentRemoved",
                        "All content successfully removed")
                        : nsCondition("NamespaceContentRemaining", "True", "SomeResourcesRemain",
                        "Some resources are remaining: " + String.join(", ", remainingByResource.entrySet().stream()
                                .map(e -> e.getKey() + " has " + e.getValue() + " resource instances").toList())),
                remainingByFinalizer.isEmpty()
                        ? nsCondition("NamespaceFinalizersRemaining", "False", "ContentRemoved",
                        "All content successfully removed")
                        : nsCondition("NamespaceFinalizersRemaining", "True", "SomeFinalizerRemain",
                        "Some finalizers are remaining: " + String.join(", ",
                                remainingByFinalizer.entrySet().stream()
                                        .map(e -> e.getKey() + " in " + e.getValue() + " resource instances").toList())));
        List<NamespaceCondition> current = ns.getStatus() == null || ns.getStatus().getConditions() == null
                ? List.of() : ns.getStatus().getConditions();
        if (!"Terminating".equals(ns.getStatus() == null ? null : ns.getStatus().getPhase()) || !same(current, desired)) {
            client.namespaces().withName(name).edit(n -> {
                if (n.getStatus() == null) {
                    n.setStatus(new io.fabric8.kubernetes.api.model.NamespaceStatus());
                }
                n.getStatus().setPhase("Terminating");
                n.getStatus().setConditions(new ArrayList<>(desired));
                return n;
            });
        }
    }

    private NamespaceCondition nsCondition(String type, String status, String reason, String message) {
        return new NamespaceConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
                .withLastTransitionTime(now()).build();
    }

    private static boolean same(List<NamespaceCondition> current, List<NamespaceCondition> desired) {
        if (current.size() != desired.size()) {
            return false;
        }
        for (int i = 0; i < desired.size(); i++) {
            NamespaceCondition c = current.get(i);
            NamespaceCondition d = desired.get(i);
            if (!Objects.equals(c.getType(), d.getType()) || !same(c.getStatus(), c.getReason(), c.getMessage(),
                    d.getStatus(), d.getReason(), d.getMessage())) {
                return false;
            }
        }
        return true;
    }

    private static boolean same(String s1, String r1, String m1, String s2, String r2, String m2) {
        return Objects.equals(s1, s2) && Objects.equals(r1, r2) && Objects.equals(m1, m2);
    }

    private static String join(Map<String, String> failures) {
        return String.join(", ", failures.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList());
    }

    private static String key(String namespace, String apiVersion, String kind, String name) {
        return namespace + "/" + apiVersion + "/" + kind + "/" + name;
    }
}
