package dev.unstuck.diagnosis;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the diagnosis reads from a Kubernetes cluster. Read-only by design: diagnosing never changes anything.
 * Implementations must answer with lists, never per-node GETs, so the cost does not grow with cluster size.
 * Failures to reach the cluster surface as {@link ClusterUnreachableException}.
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

    /** Events about nodes whose reason is one of {@code reasons}, newest last. */
    List<ClusterEvent> nodeEvents(Set<String> reasons);

    /** The cloud-controller-manager, if the cluster runs one where Unstuck can see it. */
    Optional<CloudControllerInfo> cloudController();

    /** Every namespaced, listable resource type; groups whose discovery fails are reported, not thrown. */
    DiscoveryResult discoverNamespacedTypes();

    /** Lists every object of the given types in the namespace (in parallel: one request per type). */
    ListedObjects listObjects(String namespace, List<ResourceType> types);
}
