package dev.unstuck.kube;

import dev.unstuck.diagnosis.Advisory;
import dev.unstuck.diagnosis.ApiServiceStatus;
import dev.unstuck.diagnosis.CloudControllerInfo;
import dev.unstuck.diagnosis.ClusterEvent;
import dev.unstuck.diagnosis.ClusterReader;
import dev.unstuck.diagnosis.ClusterUnreachableException;
import dev.unstuck.diagnosis.Condition;
import dev.unstuck.diagnosis.DiscoveryResult;
import dev.unstuck.diagnosis.EndpointAddress;
import dev.unstuck.diagnosis.InvolvedObject;
import dev.unstuck.diagnosis.ListedObjects;
import dev.unstuck.diagnosis.NamespaceInfo;
import dev.unstuck.diagnosis.NodeInfo;
import dev.unstuck.diagnosis.PodInfo;
import dev.unstuck.diagnosis.ProviderId;
import dev.unstuck.diagnosis.RemainingObject;
import dev.unstuck.diagnosis.ResourceType;
import dev.unstuck.diagnosis.ServiceEndpoints;
import dev.unstuck.diagnosis.ServiceRef;
import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.APIService;
import io.fabric8.kubernetes.api.model.APIServiceCondition;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.PartialObjectMetadata;
import io.fabric8.kubernetes.api.model.PartialObjectMetadataList;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Reads what the diagnosis needs from a real (or mock) Kubernetes API server through fabric8, within the rules of
 * {@code deploy/rbac.yaml}. Every read is a list or a single GET and none is repeated for each node of the cluster
 * (events are read for the few suspect nodes only); discovery and listing fan out in parallel because a stuck
 * namespace's cluster usually has one aggregated group that answers slowly or not at all.
 */
public final class Fabric8ClusterReader implements ClusterReader, AutoCloseable {

    static final String VIRTUAL_KUBELET = "virtual-kubelet";
    /** The optional role that lets Unstuck list what it may not by default; named in every RBAC refusal. */
    static final String OPTIONAL_CONTENT_ROLE = "deploy/optional/namespace-content.yaml";
    /**
     * Core types never listed, whatever RBAC allows: a list of Secrets returns their data to whoever may list, and
     * ConfigMaps often carry credentials (ACK's cloud-config does). Their counts come from the namespace condition.
     */
    static final Map<String, String> NEVER_LISTED = Map.of(
            "secrets", "not listed: Unstuck never lists Secrets (a list returns their data)",
            "configmaps", "not listed: ConfigMaps can carry credentials; Unstuck reads only kube-system/cloud-config");
    private static final int PARALLELISM = 16;

    private final KubernetesClient client;
    private final ExecutorService executor;
    private final RouteEvents events;
    private final CloudControllerReads cloudController;

    public Fabric8ClusterReader(KubernetesClient client) {
        this.client = Objects.requireNonNull(client, "client");
        AtomicInteger n = new AtomicInteger();
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, "unstuck-kube-read-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.executor = Executors.newFixedThreadPool(PARALLELISM, threads);
        this.events = new RouteEvents(client, executor);
        this.cloudController = new CloudControllerReads(client);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    @Override
    public String serverUrl() {
        return String.valueOf(client.getMasterUrl());
    }

    // ---- namespace, APIServices, services ------------------------------------------------------------------------

    @Override
    public Optional<NamespaceInfo> namespace(String name) {
        Namespace ns = core("get namespace " + name, () -> client.namespaces().withName(name).get());
        if (ns == null) {
            return Optional.empty();
        }
        List<String> finalizers = ns.getSpec() == null || ns.getSpec().getFinalizers() == null
                ? List.of() : ns.getSpec().getFinalizers();
        List<Condition> conditions = ns.getStatus() == null || ns.getStatus().getConditions() == null
                ? List.of()
                : ns.getStatus().getConditions().stream()
                .map(c -> new Condition(c.getType(), c.getStatus(), c.getReason(), c.getMessage())).toList();
        return Optional.of(new NamespaceInfo(name, ns.getStatus() == null ? null : ns.getStatus().getPhase(),
                instant(ns.getMetadata().getDeletionTimestamp()), finalizers, conditions));
    }

    @Override
    public List<ApiServiceStatus> apiServices() {
        List<APIService> items = core("list APIServices",
                () -> client.resources(APIService.class).list().getItems());
        List<ApiServiceStatus> result = new ArrayList<>();
        for (APIService a : items) {
            var spec = a.getSpec();
            ServiceRef service = spec == null || spec.getService() == null ? null
                    : new ServiceRef(spec.getService().getNamespace(), spec.getService().getName(),
                    spec.getService().getPort());
            Condition available = a.getStatus() == null || a.getStatus().getConditions() == null ? null
                    : a.getStatus().getConditions().stream().filter(c -> "Available".equals(c.getType()))
                    .findFirst().map(Fabric8ClusterReader::condition).orElse(null);
            result.add(new ApiServiceStatus(a.getMetadata().getName(), spec == null ? null : spec.getGroup(),
                    spec == null ? null : spec.getVersion(), service, available));
        }
        return result;
    }

    private static Condition condition(APIServiceCondition c) {
        return new Condition(c.getType(), c.getStatus(), c.getReason(), c.getMessage());
    }

    @Override
    public boolean serviceExists(String namespace, String name) {
        return core("get service " + namespace + "/" + name,
                () -> client.services().inNamespace(namespace).withName(name).get()) != null;
    }

    @Override
    public ServiceEndpoints endpoints(String namespace, String serviceName) {
        List<EndpointSlice> slices = core("list EndpointSlices of service " + namespace + "/" + serviceName,
                () -> client.discovery().v1().endpointSlices().inNamespace(namespace)
                        .withLabel("kubernetes.io/service-name", serviceName).list().getItems());
        if (!slices.isEmpty()) {
            List<EndpointAddress> addresses = new ArrayList<>();
            for (EndpointSlice slice : slices) {
                for (Endpoint e : nullSafe(slice.getEndpoints())) {
                    // The API defines a missing "ready" as unknown, to be interpreted as ready.
                    boolean ready = e.getConditions() == null || e.getConditions().getReady() == null
                            || e.getConditions().getReady();
                    for (String ip : nullSafe(e.getAddresses())) {
                        addresses.add(new EndpointAddress(ip, ready, podName(e.getTargetRef()), e.getNodeName()));
                    }
                }
            }
            return new ServiceEndpoints(true, addresses);
        }
        // Clusters before EndpointSlices, or a controller that only writes Endpoints.
        Endpoints legacy = core("get Endpoints " + namespace + "/" + serviceName,
                () -> client.endpoints().inNamespace(namespace).withName(serviceName).get());
        if (legacy == null) {
            return new ServiceEndpoints(false, List.of());
        }
        List<EndpointAddress> addresses = new ArrayList<>();
        for (EndpointSubset subset : nullSafe(legacy.getSubsets())) {
            nullSafe(subset.getAddresses()).forEach(a -> addresses.add(
                    new EndpointAddress(a.getIp(), true, podName(a.getTargetRef()), a.getNodeName())));
            nullSafe(subset.getNotReadyAddresses()).forEach(a -> addresses.add(
                    new EndpointAddress(a.getIp(), false, podName(a.getTargetRef()), a.getNodeName())));
        }
        return new ServiceEndpoints(true, addresses);
    }

    private static String podName(ObjectReference ref) {
        return ref != null && (ref.getKind() == null || "Pod".equals(ref.getKind())) ? ref.getName() : null;
    }

    // ---- pods, nodes, events ---------------------------------------------------------------------------------------

    @Override
    public List<PodInfo> pods(String namespace) {
        return core("list pods in " + namespace,
                () -> client.pods().inNamespace(namespace).list().getItems()).stream()
                .map(Fabric8ClusterReader::pod).toList();
    }

    private static PodInfo pod(Pod p) {
        boolean ready = p.getStatus() != null && nullSafe(p.getStatus().getConditions()).stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        boolean hostNetwork = p.getSpec() != null && Boolean.TRUE.equals(p.getSpec().getHostNetwork());
        return new PodInfo(p.getMetadata().getNamespace(), p.getMetadata().getName(),
                p.getStatus() == null ? null : p.getStatus().getPodIP(),
                p.getSpec() == null ? null : p.getSpec().getNodeName(), ready, hostNetwork);
    }

    @Override
    public List<NodeInfo> nodes() {
        return core("list nodes", () -> client.nodes().list().getItems()).stream()
                .map(Fabric8ClusterReader::node).toList();
    }

    private static NodeInfo node(Node n) {
        var spec = n.getSpec();
        String podCIDR = spec == null ? null : spec.getPodCIDR();
        if ((podCIDR == null || podCIDR.isEmpty()) && spec != null && !nullSafe(spec.getPodCIDRs()).isEmpty()) {
            podCIDR = spec.getPodCIDRs().get(0);
        }
        String providerID = spec == null ? null : spec.getProviderID();
        Optional<ProviderId> parsed = ProviderId.parse(providerID);
        String internalIP = n.getStatus() == null ? null : nullSafe(n.getStatus().getAddresses()).stream()
                .filter(a -> "InternalIP".equals(a.getType())).map(NodeAddress::getAddress).findFirst().orElse(null);
        Map<String, String> labels = n.getMetadata().getLabels() == null ? Map.of() : n.getMetadata().getLabels();
        boolean controlPlane = labels.containsKey("node-role.kubernetes.io/control-plane")
                || labels.containsKey("node-role.kubernetes.io/master");
        // ACK's ack-virtual-node labels its nodes type=virtual-kubelet (the CCM skips them by that label too).
        boolean virtual = VIRTUAL_KUBELET.equals(labels.get("type"))
                || n.getMetadata().getName().startsWith(VIRTUAL_KUBELET);
        List<Condition> conditions = n.getStatus() == null ? List.of() : nullSafe(n.getStatus().getConditions())
                .stream().map(c -> new Condition(c.getType(), c.getStatus(), c.getReason(), c.getMessage())).toList();
        return new NodeInfo(n.getMetadata().getName(), internalIP, podCIDR, providerID,
                parsed.map(ProviderId::region).orElse(null), parsed.map(ProviderId::instanceId).orElse(null),
                controlPlane, conditions, virtual);
    }

    @Override
    public Advisory<List<ClusterEvent>> events(Set<InvolvedObject> about, Set<String> reasons) {
        return events.read(about, reasons);
    }

    // ---- cloud-controller-manager ----------------------------------------------------------------------------------

    @Override
    public Advisory<Optional<CloudControllerInfo>> cloudController() {
        return cloudController.read();
    }

    @Override
    public Advisory<List<String>> systemDaemonSets() {
        return cloudController.daemonSets();
    }

    // ---- discovery and listing -------------------------------------------------------------------------------------

    @Override
    public DiscoveryResult discoverNamespacedTypes() {
        List<String> groupVersions = new ArrayList<>();
        groupVersions.add("v1");
        List<APIGroup> groups = core("list API groups", () -> {
            var list = client.getApiGroups();
            return list == null ? List.<APIGroup>of() : nullSafe(list.getGroups());
        });
        for (APIGroup g : groups) {
            GroupVersionForDiscovery preferred = g.getPreferredVersion() != null ? g.getPreferredVersion()
                    : nullSafe(g.getVersions()).stream().findFirst().orElse(null);
            if (preferred != null && preferred.getGroupVersion() != null) {
                groupVersions.add(preferred.getGroupVersion());
            }
        }
        Map<String, Future<APIResourceList>> futures = new LinkedHashMap<>();
        groupVersions.forEach(gv -> futures.put(gv, executor.submit(() -> client.getApiResources(gv))));

        List<ResourceType> types = new ArrayList<>();
        Map<String, String> failed = new LinkedHashMap<>();
        for (Map.Entry<String, Future<APIResourceList>> entry : futures.entrySet()) {
            String gv = entry.getKey();
            APIResourceList list;
            try {
                list = await(entry.getValue());
            } catch (KubernetesClientException e) {
                if ("v1".equals(gv)) {
                    throw unreachable("discover core v1 resources", e);
                }
                failed.put(gv, shortError(e));
                continue;
            }
            if (list == null) {
                failed.put(gv, "no discovery document");
                continue;
            }
            int slash = gv.indexOf('/');
            String group = slash < 0 ? "" : gv.substring(0, slash);
            String version = slash < 0 ? gv : gv.substring(slash + 1);
            for (APIResource r : nullSafe(list.getResources())) {
                if (Boolean.TRUE.equals(r.getNamespaced()) && nullSafe(r.getVerbs()).contains("list")
                        && r.getName() != null && !r.getName().contains("/")) {
                    types.add(new ResourceType(group, version, r.getKind(), r.getName()));
                }
            }
        }
        return new DiscoveryResult(types, failed);
    }

    /**
     * Lists each type's objects in {@code namespace} metadata only ({@code PartialObjectMetadataList}): names,
     * finalizers and deletion timestamps are all the diagnosis needs, and no object body (Secret data above all)
     * ever reaches Unstuck. Secrets and ConfigMaps are not listed at all; a type RBAC does not let Unstuck list is
     * reported with the role that would.
     */
    @Override
    public ListedObjects listObjects(String namespace, List<ResourceType> types) {
        Map<ResourceType, Future<PartialObjectMetadataList>> futures = new LinkedHashMap<>();
        Map<String, String> failed = new LinkedHashMap<>();
        for (ResourceType type : types) {
            String refused = (type.group() == null || type.group().isEmpty()) ? NEVER_LISTED.get(type.plural()) : null;
            if (refused != null) {
                failed.put(type.qualifiedName(), refused);
                continue;
            }
            // An explicit context: the apiVersion+kind lookup would cost one more discovery round trip per type.
            ResourceDefinitionContext context = new ResourceDefinitionContext.Builder()
                    .withGroup(type.group()).withVersion(type.version()).withKind(type.kind())
                    .withPlural(type.plural()).withNamespaced(true).build();
            futures.put(type, executor.submit(() -> client.genericKubernetesResources(context)
                    .inNamespace(namespace).listAsPartialObjectMetadata()));
        }
        List<RemainingObject> objects = new ArrayList<>();
        for (Map.Entry<ResourceType, Future<PartialObjectMetadataList>> entry : futures.entrySet()) {
            ResourceType type = entry.getKey();
            try {
                PartialObjectMetadataList list = await(entry.getValue());
                List<PartialObjectMetadata> items = list == null ? List.of() : nullSafe(list.getItems());
                for (PartialObjectMetadata r : items) {
                    ObjectMeta meta = r.getMetadata();
                    if (meta == null) {
                        continue;
                    }
                    objects.add(new RemainingObject(type.group(), type.version(), type.kind(), meta.getName(),
                            nullSafe(meta.getFinalizers()), meta.getDeletionTimestamp() != null));
                }
            } catch (KubernetesClientException e) {
                failed.put(type.qualifiedName(), e.getCode() == 403
                        ? "forbidden by RBAC (apply " + OPTIONAL_CONTENT_ROLE + ")" : shortError(e));
            }
        }
        return new ListedObjects(objects, failed);
    }

    private static <T> T await(Future<T> future) {
        return KubeReads.await(future);
    }

    // ---- errors ----------------------------------------------------------------------------------------------------

    /** A read the diagnosis cannot do without: any failure means Unstuck cannot see the cluster. */
    private <T> T core(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (KubernetesClientException e) {
            throw unreachable(what, e);
        }
    }

    /** One line for an advisory read that failed: what the server said, or that it could not be reached. */
    private String problem(KubernetesClientException e) {
        return KubeReads.problem(e, serverUrl());
    }

    private ClusterUnreachableException unreachable(String what, KubernetesClientException e) {
        String url = serverUrl();
        String problem = e.getCode() <= 0
                ? "cannot reach the Kubernetes API server at " + url
                : "the Kubernetes API server at " + url + " answered " + e.getCode();
        return new ClusterUnreachableException(url, problem + " (" + what + "): " + shortError(e), e);
    }

    static String shortError(KubernetesClientException e) {
        return KubeReads.shortError(e);
    }

    private static Instant instant(String timestamp) {
        return KubeReads.instant(timestamp);
    }

    private static <T> List<T> nullSafe(List<T> list) {
        return list == null ? List.of() : list;
    }
}
