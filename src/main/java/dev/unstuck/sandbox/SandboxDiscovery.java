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

    private static final List<String> LIST_VERBS = List.of("create", "delete", "deletecollection", "get", "list",
            "patch", "update", "watch");

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

    /** The JSON body for a discovery path, or empty when the path is not a discovery document. */
    Optional<Response> answer(String path) {
        if (path.equals("/version")) {
            // What kubectl version and health checks read; the sandbox says plainly that it is one.
            return Optional.of(ok("{\"major\":\"1\",\"minor\":\"32\",\"gitVersion\":\"v1.32.0-unstuck-sandbox\","
                    + "\"gitTreeState\":\"clean\",\"platform\":\"linux/amd64\"}"));
        }
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
                if (typesByGroupVersion.containsKey(gv)) {
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
            if (slash < 0) {
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
            resources.add(new APIResourceBuilder().withName(t.plural()).withSingularName("")
                    .withKind(t.kind()).withNamespaced(t.namespaced()).withVerbs(LIST_VERBS).build());
            if (t.kind().equals("Pod") && t.group().isEmpty()) {
                resources.add(new APIResourceBuilder().withName("pods/log").withSingularName("").withKind("Pod")
                        .withNamespaced(true).withVerbs("get").build());
            }
        }
        return ok(Serialization.asJson(new APIResourceListBuilder().withGroupVersion(groupVersion)
                .withResources(resources).build()));
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
