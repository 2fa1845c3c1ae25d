package dev.unstuck.diagnosis;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the diagnosis reads from a Kubernetes cluster. Read-only by design: diagnosing never changes anything.
 * Implementations must answer with lists, never per-node GETs, so the cost does not grow with cluster size.
 * Failures of the reads the diagnosis needs surface as {@link ClusterUnreachableException}; the advisory reads
 * ({@link Advisory}) never throw: they say what could not be read.
 */
public interface ClusterReader {

    /** The API server URL, for messages. */
    String serverUrl();

    Optional<NamespaceInfo> namespace(String name);

    List<ApiServiceStatus> apiServices();

    /** Whether the Service exists at all (absent = ServiceNotFound). */
    boolean serviceExists(String namespace, String name);

    ServiceEndpoints endpoints(String namespace, String serviceName);

    List<PodInfo> pods(String namespace);

    List<NodeInfo> nodes();

    /**
     * Events about any of {@code about} whose reason is one of {@code reasons}, oldest first. Read per involved
     * object or in bounded pages, never as one unbounded cluster-wide list.
     */
    Advisory<List<ClusterEvent>> events(Set<InvolvedObject> about, Set<String> reasons);

    /** The cloud-controller-manager, if the cluster runs one (or carries its cloud-config) where Unstuck can see it. */
    Advisory<Optional<CloudControllerInfo>> cloudController();

    /** Names of the DaemonSets in kube-system (one list call): they tell which pod network plugin runs. */
    Advisory<List<String>> systemDaemonSets();

    /** Every namespaced, listable resource type; groups whose discovery fails are reported, not thrown. */
    DiscoveryResult discoverNamespacedTypes();

    /**
     * Lists the objects of the given types in the namespace, metadata only (in parallel: one request per type). A type
     * that could not be listed (RBAC, an outage, or one never listed on purpose, such as Secrets) is in
     * {@link ListedObjects#failedTypes()} with the reason.
     */
    ListedObjects listObjects(String namespace, List<ResourceType> types);
}
