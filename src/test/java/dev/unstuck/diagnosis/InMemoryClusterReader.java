package dev.unstuck.diagnosis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A cluster held in memory, counting every read so tests can prove the engine reads each thing once. */
final class InMemoryClusterReader implements ClusterReader {

    final Map<String, NamespaceInfo> namespaces = new HashMap<>();
    final List<ApiServiceStatus> apiServices = new ArrayList<>();
    final Set<String> services = new HashSet<>();
    final Map<String, ServiceEndpoints> endpoints = new HashMap<>();
    final List<PodInfo> pods = new ArrayList<>();
    final List<NodeInfo> nodes = new ArrayList<>();
    final List<ClusterEvent> events = new ArrayList<>();
    CloudControllerInfo cloudController;
    final List<String> cloudControllerProblems = new ArrayList<>();
    final List<String> daemonSets = new ArrayList<>();
    String daemonSetsProblem;
    String eventsProblem;
    final List<Set<InvolvedObject>> eventQueries = new ArrayList<>();
    final List<ResourceType> types = new ArrayList<>();
    private final List<ResourceType> listedTypes = new ArrayList<>();

    /** Every type the diagnosis asked to list, in order. */
    List<ResourceType> listedTypes() {
        return List.copyOf(listedTypes);
    }
    final Map<String, String> failedGroupVersions = new LinkedHashMap<>();
    final List<RemainingObject> objects = new ArrayList<>();
    final Map<String, String> failedTypes = new LinkedHashMap<>();

    private final Map<String, Integer> calls = new ConcurrentHashMap<>();

    int calls(String method) {
        return calls.getOrDefault(method, 0);
    }

    private void count(String method) {
        calls.merge(method, 1, Integer::sum);
    }

    InMemoryClusterReader namespace(NamespaceInfo ns) {
        namespaces.put(ns.name(), ns);
        return this;
    }

    InMemoryClusterReader service(String namespace, String name, ServiceEndpoints eps) {
        services.add(namespace + "/" + name);
        endpoints.put(namespace + "/" + name, eps);
        return this;
    }

    @Override
    public String serverUrl() {
        return "https://in-memory:6443";
    }

    @Override
    public Optional<NamespaceInfo> namespace(String name) {
        count("namespace");
        return Optional.ofNullable(namespaces.get(name));
    }

    @Override
    public List<ApiServiceStatus> apiServices() {
        count("apiServices");
        return List.copyOf(apiServices);
    }

    @Override
    public boolean serviceExists(String namespace, String name) {
        count("serviceExists");
        return services.contains(namespace + "/" + name);
    }

    @Override
    public ServiceEndpoints endpoints(String namespace, String serviceName) {
        count("endpoints");
        return endpoints.getOrDefault(namespace + "/" + serviceName, new ServiceEndpoints(false, List.of()));
    }

    @Override
    public List<PodInfo> pods(String namespace) {
        count("pods");
        return pods.stream().filter(p -> namespace.equals(p.namespace())).toList();
    }

    @Override
    public List<NodeInfo> nodes() {
        count("nodes");
        return List.copyOf(nodes);
    }

    @Override
    public Advisory<List<ClusterEvent>> events(Set<InvolvedObject> about, Set<String> reasons) {
        count("events");
        eventQueries.add(Set.copyOf(about));
        if (eventsProblem != null) {
            return Advisory.unavailable(List.of(), eventsProblem);
        }
        return Advisory.of(events.stream().filter(e -> reasons.contains(e.reason()))
                .filter(e -> about.stream().anyMatch(o -> o.matches(e.objectKind(), e.objectName())))
                .sorted(Comparator.comparing(ClusterEvent::lastSeen, Comparator.nullsFirst(Comparator.naturalOrder())))
                .toList());
    }

    @Override
    public Advisory<Optional<CloudControllerInfo>> cloudController() {
        count("cloudController");
        return new Advisory<>(Optional.ofNullable(cloudController), cloudControllerProblems);
    }

    @Override
    public Advisory<List<String>> systemDaemonSets() {
        count("systemDaemonSets");
        return daemonSetsProblem == null ? Advisory.of(List.copyOf(daemonSets))
                : Advisory.unavailable(List.of(), daemonSetsProblem);
    }

    @Override
    public DiscoveryResult discoverNamespacedTypes() {
        count("discoverNamespacedTypes");
        return new DiscoveryResult(types, failedGroupVersions);
    }

    @Override
    public ListedObjects listObjects(String namespace, List<ResourceType> listed) {
        count("listObjects");
        listedTypes.addAll(listed);
        // Like a server: only the asked types, so a test shows which types the diagnosis chose to list.
        return new ListedObjects(objects.stream().filter(o -> listed.stream().anyMatch(t ->
                        java.util.Objects.equals(emptyIfNull(t.group()), emptyIfNull(o.group()))
                                && t.kind().equals(o.kind()))).toList(),
                failedTypes.entrySet().stream().filter(e -> listed.stream()
                                .anyMatch(t -> t.qualifiedName().equals(e.getKey())))
                        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }

    private static String emptyIfNull(String s) {
        return s == null ? "" : s;
    }
}
