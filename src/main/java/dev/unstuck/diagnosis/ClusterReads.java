package dev.unstuck.diagnosis;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** What one diagnosis has read, so that nothing is read twice and each cluster-wide list at most once. */
final class ClusterReads {
    private final ClusterReader reader;

    private List<ApiServiceStatus> apiServices;
    private List<NodeInfo> nodes;
    private Map<String, NodeInfo> nodesByName;
    private DiscoveryResult discovery;
    private Advisory<Optional<CloudControllerInfo>> cloudController;
    private PodNetwork podNetwork;
    private final Map<String, List<PodInfo>> podsByNamespace = new HashMap<>();

    ClusterReads(ClusterReader reader) {
        this.reader = reader;
    }

    ClusterReader reader() {
        return reader;
    }

    List<ApiServiceStatus> apiServices() {
        if (apiServices == null) {
            apiServices = reader.apiServices();
        }
        return apiServices;
    }

    List<NodeInfo> nodes() {
        if (nodes == null) {
            nodes = reader.nodes();
        }
        return nodes;
    }

    Map<String, NodeInfo> nodesByName() {
        if (nodesByName == null) {
            nodesByName = index(nodes(), NodeInfo::name);
        }
        return nodesByName;
    }

    List<PodInfo> pods(String namespace) {
        return podsByNamespace.computeIfAbsent(namespace, reader::pods);
    }

    DiscoveryResult discovery() {
        if (discovery == null) {
            discovery = reader.discoverNamespacedTypes();
        }
        return discovery;
    }

    Advisory<Optional<CloudControllerInfo>> cloudController() {
        if (cloudController == null) {
            cloudController = reader.cloudController();
        }
        return cloudController;
    }

    PodNetwork podNetwork() {
        if (podNetwork == null) {
            podNetwork = PodNetwork.detect(reader.systemDaemonSets(), nodes());
        }
        return podNetwork;
    }

    static <T> Map<String, T> index(List<T> items, Function<T, String> key) {
        Map<String, T> map = new HashMap<>();
        for (T item : items) {
            String k = key.apply(item);
            if (k != null) {
                map.putIfAbsent(k, item);
            }
        }
        return map;
    }
}
