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
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Reads what the diagnosis needs from a real (or mock) Kubernetes API server through fabric8. Every read is a list
 * or a single GET, never a per-node request, and discovery and listing fan out in parallel because a stuck
 * namespace's cluster usually has one aggregated group that answers slowly or not at all.
 */
public final class Fabric8ClusterReader implements ClusterReader, AutoCloseable {

    static final String CCM_NAME = "cloud-controller-manager";
    static final String CCM_NAMESPACE = "kube-system";
    static final String CLOUD_CONFIG = "cloud-config";
    static final String VIRTUAL_KUBELET = "virtual-kubelet";
    static final int CCM_LOG_LINES = 200;
    // Events about cluster-scoped objects (nodes, the route controller's synthetic object) are recorded here.
    static final String EVENTS_NAMESPACE = "default";
    static final long EVENT_PAGE = 500;
    static final int MAX_EVENT_PAGES = 20;
    private static final int PARALLELISM = 16;

    private final KubernetesClient client;
    private final ExecutorService executor;

    public Fabric8ClusterReader(KubernetesClient client) {
        this.client = Objects.requireNonNull(client, "client");
        AtomicInteger n = new AtomicInteger();
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, "unstuck-kube-read-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.executor = Executors.newFixedThreadPool(PARALLELISM, threads);
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

    /**
     * Pages through the events of namespace {@value #EVENTS_NAMESPACE} ({@value #EVENT_PAGE} per request, at most
     * {@value #MAX_EVENT_PAGES} pages) and keeps those about {@code about}. Paging rather than a field selector per
     * object keeps the request count fixed and works the same on every server, including ones that ignore
     * {@code involvedObject.*} selectors.
     */
    @Override
    public Advisory<List<ClusterEvent>> events(Set<InvolvedObject> about, Set<String> reasons) {
        List<ClusterEvent> kept = new ArrayList<>();
        String token = null;
        int pages = 0;
        long read = 0;
        try {
            do {
                EventList page = client.v1().events().inNamespace(EVENTS_NAMESPACE).list(new ListOptionsBuilder()
                        .withLimit(EVENT_PAGE).withContinue(token).build());
                pages++;
                for (Event e : nullSafe(page.getItems())) {
                    read++;
                    ObjectReference involved = e.getInvolvedObject();
                    if (involved == null || !reasons.contains(e.getReason())
                            || about.stream().noneMatch(o -> o.matches(involved.getKind(), involved.getName()))) {
                        continue;
                    }
                    kept.add(new ClusterEvent(involved.getKind(), involved.getName(), e.getReason(), e.getMessage(),
                            e.getCount() == null ? 1 : e.getCount(), eventTime(e)));
                }
                token = page.getMetadata() == null ? null : page.getMetadata().getContinue();
            } while (token != null && !token.isEmpty() && pages < MAX_EVENT_PAGES);
        } catch (KubernetesClientException e) {
            return Advisory.unavailable(sorted(kept), "events could not be read: " + problem(e));
        }
        List<ClusterEvent> result = sorted(kept);
        if (token != null && !token.isEmpty()) {
            return Advisory.unavailable(result, "events: only the first " + read + " events of namespace "
                    + EVENTS_NAMESPACE + " were read; route-controller events beyond them were not");
        }
        return Advisory.of(result);
    }

    private static List<ClusterEvent> sorted(List<ClusterEvent> events) {
        return events.stream()
                .sorted(Comparator.comparing(ClusterEvent::lastSeen, Comparator.nullsFirst(Comparator.naturalOrder())))
                .toList();
    }

    private static Instant eventTime(Event e) {
        Instant t = instant(e.getLastTimestamp());
        if (t == null && e.getEventTime() != null) {
            t = instant(e.getEventTime().getTime());
        }
        return t != null ? t : instant(e.getMetadata() == null ? null : e.getMetadata().getCreationTimestamp());
    }

    // ---- cloud-controller-manager ----------------------------------------------------------------------------------

    @Override
    public Advisory<Optional<CloudControllerInfo>> cloudController() {
        List<String> problems = new ArrayList<>();
        List<Pod> candidates;
        try {
            candidates = client.pods().inNamespace(CCM_NAMESPACE).list().getItems().stream()
                    .filter(Fabric8ClusterReader::isCloudController)
                    .sorted(Comparator.comparing((Pod p) -> !isRunning(p)).thenComparing(p -> p.getMetadata().getName()))
                    .toList();
        } catch (KubernetesClientException e) {
            problems.add("cloud-controller-manager pods could not be listed: " + problem(e));
            candidates = List.of();
        }
        Optional<CcmCloudConfig> config = cloudConfig(problems);
        if (candidates.isEmpty() && config.isEmpty()) {
            return new Advisory<>(Optional.empty(), problems);
        }
        Pod pod = candidates.isEmpty() ? null : leader(candidates);
        List<String> log = pod == null ? List.of() : logTail(pod.getMetadata().getName(), problems);
        return new Advisory<>(Optional.of(new CloudControllerInfo(CCM_NAMESPACE,
                pod == null ? null : pod.getMetadata().getName(),
                config.map(CcmCloudConfig::vpcId).orElse(null),
                config.isPresent() ? "configmap " + CCM_NAMESPACE + "/" + CLOUD_CONFIG : null,
                config.map(CcmCloudConfig::routeTableIds).orElse(List.of()), log)), problems);
    }

    @Override
    public Advisory<List<String>> systemDaemonSets() {
        try {
            return Advisory.of(client.apps().daemonSets().inNamespace(CCM_NAMESPACE).list().getItems().stream()
                    .map(DaemonSet::getMetadata).filter(Objects::nonNull).map(ObjectMeta::getName)
                    .filter(Objects::nonNull).sorted().toList());
        } catch (KubernetesClientException e) {
            return Advisory.unavailable(List.of(), "kube-system DaemonSets could not be listed: " + problem(e));
        }
    }

    private static boolean isCloudController(Pod p) {
        Map<String, String> labels = p.getMetadata().getLabels();
        return p.getMetadata().getName().startsWith(CCM_NAME)
                || labels != null && CCM_NAME.equals(labels.get("app"));
    }

    private static boolean isRunning(Pod p) {
        return p.getStatus() != null && "Running".equals(p.getStatus().getPhase());
    }

    /**
     * With several replicas only the leader runs the route controller, so its log is the one worth reading.
     * The leader-election lease names the holder by pod or node; without a readable lease the first running pod
     * is the best guess.
     */
    private Pod leader(List<Pod> candidates) {
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        String holder = null;
        try {
            Lease lease = client.leases().inNamespace(CCM_NAMESPACE).withName(CCM_NAME).get();
            holder = lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
        } catch (KubernetesClientException e) {
            // Without the lease the first running replica is the best guess; the log says which one was read.
            holder = null;
        }
        if (holder != null) {
            for (Pod p : candidates) {
                String node = p.getSpec() == null ? null : p.getSpec().getNodeName();
                if (holder.startsWith(p.getMetadata().getName()) || node != null && holder.startsWith(node)) {
                    return p;
                }
            }
        }
        return candidates.get(0);
    }

    private List<String> logTail(String podName, List<String> problems) {
        try {
            String log = client.pods().inNamespace(CCM_NAMESPACE).withName(podName)
                    .tailingLines(CCM_LOG_LINES).getLog();
            return log == null || log.isEmpty() ? List.of() : List.of(log.split("\\R"));
        } catch (KubernetesClientException e) {
            // A log Unstuck may not read (RBAC, a restarting container) only weakens an advisory cause.
            problems.add("cloud-controller-manager log (" + CCM_NAMESPACE + "/" + podName + ") could not be read: "
                    + problem(e));
            return List.of();
        }
    }

    /** Only the VPC id and route table ids leave this method: the same config usually carries cloud access keys. */
    private Optional<CcmCloudConfig> cloudConfig(List<String> problems) {
        ConfigMap config;
        try {
            config = client.configMaps().inNamespace(CCM_NAMESPACE).withName(CLOUD_CONFIG).get();
        } catch (KubernetesClientException e) {
            problems.add("configmap " + CCM_NAMESPACE + "/" + CLOUD_CONFIG + " could not be read: " + problem(e));
            return Optional.empty();
        }
        return config == null ? Optional.empty()
                : CcmCloudConfig.from(config.getData(), client.getKubernetesSerialization());
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

    @Override
    public ListedObjects listObjects(String namespace, List<ResourceType> types) {
        Map<ResourceType, Future<List<GenericKubernetesResource>>> futures = new LinkedHashMap<>();
        for (ResourceType type : types) {
            // An explicit context: the apiVersion+kind lookup would cost one more discovery round trip per type.
            ResourceDefinitionContext context = new ResourceDefinitionContext.Builder()
                    .withGroup(type.group()).withVersion(type.version()).withKind(type.kind())
                    .withPlural(type.plural()).withNamespaced(true).build();
            futures.put(type, executor.submit(() -> client.genericKubernetesResources(context)
                    .inNamespace(namespace).list().getItems()));
        }
        List<RemainingObject> objects = new ArrayList<>();
        Map<String, String> failed = new LinkedHashMap<>();
        for (Map.Entry<ResourceType, Future<List<GenericKubernetesResource>>> entry : futures.entrySet()) {
            ResourceType type = entry.getKey();
            try {
                for (GenericKubernetesResource r : nullSafe(await(entry.getValue()))) {
                    ObjectMeta meta = r.getMetadata();
                    objects.add(new RemainingObject(type.group(), type.version(), type.kind(), meta.getName(),
                            nullSafe(meta.getFinalizers()), meta.getDeletionTimestamp() != null));
                }
            } catch (KubernetesClientException e) {
                failed.put(type.qualifiedName(), shortError(e));
            }
        }
        return new ListedObjects(objects, failed);
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubernetesClientException("interrupted while reading the cluster", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof KubernetesClientException kce) {
                throw kce;
            }
            throw new KubernetesClientException(String.valueOf(e.getCause()), e.getCause());
        }
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
        return e.getCode() <= 0 ? "cannot reach the Kubernetes API server at " + serverUrl() + " (" + shortError(e) + ")"
                : shortError(e);
    }

    private ClusterUnreachableException unreachable(String what, KubernetesClientException e) {
        String url = serverUrl();
        String problem = e.getCode() <= 0
                ? "cannot reach the Kubernetes API server at " + url
                : "the Kubernetes API server at " + url + " answered " + e.getCode();
        return new ClusterUnreachableException(url, problem + " (" + what + "): " + shortError(e), e);
    }

    /** One line for chat: the API server's own Status message when there is one, not fabric8's request dump. */
    static String shortError(KubernetesClientException e) {
        Status status = e.getStatus();
        String message = status != null && status.getMessage() != null && !status.getMessage().isBlank()
                ? status.getMessage() : null;
        if (message == null && e.getCode() == 503) {
            message = "the server is currently unable to handle the request";
        }
        if (message == null) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            message = root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
            int newline = message.indexOf('\n');
            message = newline < 0 ? message : message.substring(0, newline);
        }
        return e.getCode() > 0 ? message + " (" + e.getCode() + ")" : message;
    }

    private static Instant instant(String timestamp) {
        if (timestamp == null || timestamp.isBlank()) {
            return null;
        }
        try {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(timestamp, Instant::from);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static <T> List<T> nullSafe(List<T> list) {
        return list == null ? List.of() : list;
    }
}
