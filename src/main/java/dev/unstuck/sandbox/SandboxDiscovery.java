package dev.unstuck.sandbox;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscoveryBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The discovery documents of the sandbox API server: core, a realistic set of built-in groups, the scenario's custom
 * kinds and its aggregated APIServices. An aggregated group/version answers 503 while its APIService is unavailable,
 * exactly what trips the namespace controller on a real cluster.
 */
final class SandboxDiscovery {

    /** A served resource type. */
    record Type(String group, String version, String kind, String plural, boolean namespaced) {
        String groupVersion() {
            return group.isEmpty() ? version : group + "/" + version;
        }
    }

    private static final List<String> ALL_VERBS = List.of("create", "delete", "deletecollection", "get", "list",
            "patch", "update", "watch");
    private static final List<String> STATUS_VERBS = List.of("get", "patch", "update");

    /**
     * What the real registry advertises beside the name: short names, categories, verbs when not the full set, and
     * the subresources kubectl and controllers use (pkg/registry/.../storage in kubernetes; apiservices, like the
     * scenario's custom kinds, have no short name).
     */
    private record Traits(List<String> shortNames, List<String> categories, List<String> verbs,
                          Map<String, List<String>> subresources) {
        static Traits of(String... shortNames) {
            return new Traits(List.of(shortNames), List.of(), ALL_VERBS, Map.of());
        }

        Traits inAll() {
            return new Traits(shortNames, List.of("all"), verbs, subresources);
        }

        Traits category(String category) {
            return new Traits(shortNames, List.of(category), verbs, subresources);
        }

        Traits verbs(String... verbs) {
            return new Traits(shortNames, categories, List.of(verbs), subresources);
        }

        Traits sub(String name, List<String> verbs) {
            Map<String, List<String>> subs = new LinkedHashMap<>(subresources);
            subs.put(name, verbs);
            return new Traits(shortNames, categories, this.verbs, subs);
        }
    }

    private static final Traits PLAIN = Traits.of();

    private static final Map<String, Traits> TRAITS = Map.ofEntries(
            Map.entry("configmaps", Traits.of("cm")),
            Map.entry("endpoints", Traits.of("ep")),
            Map.entry("events", Traits.of("ev")),
            Map.entry("limitranges", Traits.of("limits")),
            Map.entry("namespaces", Traits.of("ns").verbs("create", "delete", "get", "list", "patch", "update", "watch")
                    .sub("finalize", List.of("update")).sub("status", STATUS_VERBS)),
            Map.entry("nodes", Traits.of("no").sub("status", STATUS_VERBS)),
            Map.entry("persistentvolumeclaims", Traits.of("pvc").sub("status", STATUS_VERBS)),
            Map.entry("persistentvolumes", Traits.of("pv").sub("status", STATUS_VERBS)),
            Map.entry("pods", Traits.of("po").inAll().sub("eviction", List.of("create"))
                    .sub("exec", List.of("create", "get")).sub("log", List.of("get")).sub("status", STATUS_VERBS)),
            Map.entry("replicationcontrollers", Traits.of("rc").inAll().sub("scale", STATUS_VERBS)
                    .sub("status", STATUS_VERBS)),
            Map.entry("resourcequotas", Traits.of("quota").sub("status", STATUS_VERBS)),
            Map.entry("serviceaccounts", Traits.of("sa")),
            Map.entry("services", Traits.of("svc").inAll().sub("status", STATUS_VERBS)),
            Map.entry("apiregistration.k8s.io/apiservices", PLAIN.category("api-extensions").sub("status", STATUS_VERBS)),
            Map.entry("apps/daemonsets", Traits.of("ds").inAll().sub("status", STATUS_VERBS)),
            Map.entry("apps/deployments", Traits.of("deploy").inAll().sub("scale", STATUS_VERBS)
                    .sub("status", STATUS_VERBS)),
            Map.entry("apps/replicasets", Traits.of("rs").inAll().sub("scale", STATUS_VERBS).sub("status", STATUS_VERBS)),
            Map.entry("apps/statefulsets", Traits.of("sts").inAll().sub("scale", STATUS_VERBS)
                    .sub("status", STATUS_VERBS)),
            Map.entry("autoscaling/horizontalpodautoscalers", Traits.of("hpa").inAll().sub("status", STATUS_VERBS)),
            Map.entry("batch/cronjobs", Traits.of("cj").inAll().sub("status", STATUS_VERBS)),
            Map.entry("batch/jobs", PLAIN.inAll().sub("status", STATUS_VERBS)),
            Map.entry("events.k8s.io/events", Traits.of("ev")),
            Map.entry("networking.k8s.io/ingresses", Traits.of("ing").sub("status", STATUS_VERBS)),
            Map.entry("networking.k8s.io/networkpolicies", Traits.of("netpol")),
            Map.entry("policy/poddisruptionbudgets", Traits.of("pdb").sub("status", STATUS_VERBS)),
            // metrics-server serves read-only views.
            Map.entry("metrics.k8s.io/pods", PLAIN.verbs("get", "list")),
            Map.entry("metrics.k8s.io/nodes", PLAIN.verbs("get", "list")));

    private static Traits traits(Type t) {
        return TRAITS.getOrDefault(t.group().isEmpty() ? t.plural() : t.group() + "/" + t.plural(), PLAIN);
    }

    private static final List<Type> BUILT_IN = List.of(
            new Type("", "v1", "ConfigMap", "configmaps", true),
            new Type("", "v1", "Endpoints", "endpoints", true),
            new Type("", "v1", "Event", "events", true),
            new Type("", "v1", "LimitRange", "limitranges", true),
            new Type("", "v1", "Namespace", "namespaces", false),
            new Type("", "v1", "Node", "nodes", false),
            new Type("", "v1", "PersistentVolumeClaim", "persistentvolumeclaims", true),
            new Type("", "v1", "PersistentVolume", "persistentvolumes", false),
            new Type("", "v1", "Pod", "pods", true),
            new Type("", "v1", "PodTemplate", "podtemplates", true),
            new Type("", "v1", "ReplicationController", "replicationcontrollers", true),
            new Type("", "v1", "ResourceQuota", "resourcequotas", true),
            new Type("", "v1", "Secret", "secrets", true),
            new Type("", "v1", "ServiceAccount", "serviceaccounts", true),
            new Type("", "v1", "Service", "services", true),
            new Type("apiregistration.k8s.io", "v1", "APIService", "apiservices", false),
            new Type("apps", "v1", "ControllerRevision", "controllerrevisions", true),
            new Type("apps", "v1", "DaemonSet", "daemonsets", true),
            new Type("apps", "v1", "Deployment", "deployments", true),
            new Type("apps", "v1", "ReplicaSet", "replicasets", true),
            new Type("apps", "v1", "StatefulSet", "statefulsets", true),
            new Type("autoscaling", "v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers", true),
            new Type("batch", "v1", "CronJob", "cronjobs", true),
            new Type("batch", "v1", "Job", "jobs", true),
            new Type("coordination.k8s.io", "v1", "Lease", "leases", true),
            new Type("discovery.k8s.io", "v1", "EndpointSlice", "endpointslices", true),
            new Type("events.k8s.io", "v1", "Event", "events", true),
            new Type("networking.k8s.io", "v1", "Ingress", "ingresses", true),
            new Type("networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies", true),
            new Type("policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets", true),
            new Type("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", false),
            new Type("rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", true),
            new Type("rbac.authorization.k8s.io", "v1", "Role", "roles", true));

    static boolean isBuiltInGroup(String group) {
        return BUILT_IN.stream().anyMatch(t -> t.group().equals(group));
    }

    private final Map<String, List<Type>> typesByGroupVersion = new LinkedHashMap<>();
    private volatile Predicate<String> apiServiceRegistered = gv -> true;
    private final Set<String> aggregated = ConcurrentHashMap.newKeySet();
    private final Set<String> unavailable = ConcurrentHashMap.newKeySet();
    private final List<String> malformed;

    SandboxDiscovery(Collection<Type> customTypes, Collection<String> aggregatedGroupVersions,
                     List<String> malformedGroupVersions) {
        BUILT_IN.forEach(this::add);
        customTypes.forEach(this::add);
        for (String gv : aggregatedGroupVersions) {
            aggregated.add(gv);
            typesByGroupVersion.computeIfAbsent(gv, k -> new ArrayList<>());
            if (gv.equals("metrics.k8s.io/v1beta1")) {
                add(new Type("metrics.k8s.io", "v1beta1", "PodMetrics", "pods", true));
                add(new Type("metrics.k8s.io", "v1beta1", "NodeMetrics", "nodes", false));
            }
        }
        this.malformed = List.copyOf(malformedGroupVersions);
    }

    private void add(Type t) {
        typesByGroupVersion.computeIfAbsent(t.groupVersion(), k -> new ArrayList<>()).add(t);
    }

    /** Marks which aggregated group/versions currently fail; the simulation keeps this in step with the APIServices. */
    void setUnavailable(Set<String> groupVersions) {
        unavailable.retainAll(groupVersions);
        unavailable.addAll(groupVersions);
    }

    boolean isUnavailable(String groupVersion) {
        return unavailable.contains(groupVersion);
    }

    /** Served namespaced types whose objects the namespace controller deletes. */
    List<Type> namespacedTypes() {
        return typesByGroupVersion.values().stream().flatMap(List::stream).filter(Type::namespaced).toList();
    }

    Optional<Type> type(String groupVersion, String kind) {
        return typesByGroupVersion.getOrDefault(groupVersion, List.of()).stream()
                .filter(t -> t.kind().equals(kind)).findFirst();
    }

    /**
     * How to tell whether an aggregated group/version still has its APIService: once someone deletes it, the API
     * server stops listing the group (its content stays wherever it was stored).
     */
    void registeredWhen(Predicate<String> apiServiceRegistered) {
        this.apiServiceRegistered = apiServiceRegistered;
    }

    private boolean listed(String groupVersion) {
        return !aggregated.contains(groupVersion) || apiServiceRegistered.test(groupVersion);
    }

    /** Every served group/version outside the core group. */
    List<String> groupVersions() {
        return typesByGroupVersion.keySet().stream().filter(gv -> gv.contains("/") && listed(gv)).toList();
    }

    /** Every served group/version with at least one resource, the core "v1" first. */
    List<String> servedGroupVersions() {
        return typesByGroupVersion.entrySet().stream().filter(e -> !e.getValue().isEmpty() && listed(e.getKey()))
                .map(Map.Entry::getKey).toList();
    }

    List<Type> types(String groupVersion) {
        return List.copyOf(typesByGroupVersion.getOrDefault(groupVersion, List.of()));
    }

    /** The type served at {@code groupVersion} under {@code plural}, if any. */
    Optional<Type> served(String groupVersion, String plural) {
        if (!listed(groupVersion)) {
            return Optional.empty();
        }
        return typesByGroupVersion.getOrDefault(groupVersion, List.of()).stream()
                .filter(t -> t.plural().equals(plural)).findFirst();
    }

    /**
     * The 503 the API server answers for any request it would proxy to an unavailable aggregated group/version
     * ({@code /apis/GROUP/VERSION/...}), whatever the method.
     */
    Optional<Response> proxiedToUnavailable(String path) {
        if (!path.startsWith("/apis/")) {
            return Optional.empty();
        }
        String[] parts = path.substring("/apis/".length()).split("/");
        if (parts.length >= 2 && unavailable.contains(parts[0] + "/" + parts[1])) {
            return Optional.of(serviceUnavailable());
        }
        return Optional.empty();
    }

    /** The JSON body for a discovery path, or empty when the path is not a discovery document. */
    Optional<Response> answer(String path) {
        if (path.equals("/api")) {
            return Optional.of(ok("{\"kind\":\"APIVersions\",\"versions\":[\"v1\"],\"serverAddressByClientCIDRs\":"
                    + "[{\"clientCIDR\":\"0.0.0.0/0\",\"serverAddress\":\"127.0.0.1:6443\"}]}"));
        }
        if (path.equals("/api/v1")) {
            return Optional.of(resourceList("v1"));
        }
        if (path.equals("/apis")) {
            return Optional.of(ok(Serialization.asJson(new APIGroupListBuilder().withGroups(groups()).build())));
        }
        if (path.startsWith("/apis/")) {
            String[] parts = path.substring("/apis/".length()).split("/");
            if (parts.length == 1) {
                return groups().stream().filter(g -> g.getName().equals(parts[0])).findFirst()
                        .map(g -> ok(Serialization.asJson(g)));
            }
            if (parts.length == 2) {
                String gv = parts[0] + "/" + parts[1];
                if (unavailable.contains(gv)) {
                    return Optional.of(serviceUnavailable());
                }
                if (typesByGroupVersion.containsKey(gv) && listed(gv)) {
                    return Optional.of(resourceList(gv));
                }
            }
            if (parts.length > 2) {
                String gv = parts[0] + "/" + parts[1];
                // Requests into an unavailable aggregated group are proxied by the real API server and fail alike.
                if (unavailable.contains(gv)) {
                    return Optional.of(serviceUnavailable());
                }
            }
        }
        return Optional.empty();
    }

    private List<APIGroup> groups() {
        Map<String, List<String>> versionsByGroup = new LinkedHashMap<>();
        for (String gv : typesByGroupVersion.keySet()) {
            int slash = gv.indexOf('/');
            if (slash < 0 || !listed(gv)) {
                continue;
            }
            versionsByGroup.computeIfAbsent(gv.substring(0, slash), k -> new ArrayList<>()).add(gv.substring(slash + 1));
        }
        for (String bad : malformed) {
            int slash = bad.indexOf('/');
            String group = slash < 0 ? bad : bad.substring(0, slash);
            versionsByGroup.computeIfAbsent(group, k -> new ArrayList<>()).add(slash < 0 ? "" : bad.substring(slash + 1));
        }
        List<APIGroup> groups = new ArrayList<>();
        versionsByGroup.forEach((group, versions) -> {
            APIGroupBuilder b = new APIGroupBuilder().withName(group);
            for (String v : versions) {
                b.addToVersions(new GroupVersionForDiscoveryBuilder().withGroupVersion(group + "/" + v).withVersion(v).build());
            }
            String preferred = versions.get(0);
            b.withPreferredVersion(new GroupVersionForDiscoveryBuilder().withGroupVersion(group + "/" + preferred)
                    .withVersion(preferred).build());
            groups.add(b.build());
        });
        return groups;
    }

    private Response resourceList(String groupVersion) {
        List<APIResource> resources = new ArrayList<>();
        for (Type t : typesByGroupVersion.getOrDefault(groupVersion, List.of())) {
            Traits traits = traits(t);
            String singular = t.kind().toLowerCase(java.util.Locale.ROOT);
            APIResourceBuilder resource = new APIResourceBuilder().withName(t.plural()).withSingularName(singular)
                    .withKind(t.kind()).withNamespaced(t.namespaced()).withVerbs(traits.verbs());
            if (!traits.shortNames().isEmpty()) {
                resource.withShortNames(traits.shortNames());
            }
            if (!traits.categories().isEmpty()) {
                resource.withCategories(traits.categories());
            }
            resources.add(resource.build());
            traits.subresources().forEach((sub, verbs) -> resources.add(new APIResourceBuilder()
                    .withName(t.plural() + "/" + sub).withSingularName("").withKind(subresourceKind(t, sub))
                    .withNamespaced(t.namespaced()).withVerbs(verbs).build()));
        }
        return ok(Serialization.asJson(new APIResourceListBuilder().withGroupVersion(groupVersion)
                .withResources(resources).build()));
    }

    private static String subresourceKind(Type t, String sub) {
        return switch (sub) {
            case "scale" -> "Scale";
            case "eviction" -> "Eviction";
            case "exec" -> "PodExecOptions";
            default -> t.kind();
        };
    }

    private static Response ok(String body) {
        return new Response(200, body);
    }

    private static Response serviceUnavailable() {
        return new Response(503, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                + "\"message\":\"the server is currently unable to handle the request\",\"reason\":\"ServiceUnavailable\","
                + "\"details\":{\"causes\":[{\"reason\":\"UnexpectedServerResponse\",\"message\":\"service unavailable\"}]},"
                + "\"code\":503}");
    }

    record Response(int code, String body) {
    }
}
