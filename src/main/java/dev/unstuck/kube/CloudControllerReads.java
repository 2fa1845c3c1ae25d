package dev.unstuck.kube;

import dev.unstuck.diagnosis.Advisory;
import dev.unstuck.diagnosis.CloudControllerInfo;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the diagnosis reads about the cloud-controller-manager, all in kube-system: its pods, the leader's log, its
 * leader lease, ACK's {@code cloud-config} (by name: no other ConfigMap) and the DaemonSets that tell the pod network.
 */
final class CloudControllerReads {
    static final String CCM_NAME = "cloud-controller-manager";
    static final String CCM_NAMESPACE = "kube-system";
    static final String CLOUD_CONFIG = "cloud-config";
    static final int CCM_LOG_LINES = 200;

    private final KubernetesClient client;

    CloudControllerReads(KubernetesClient client) {
        this.client = client;
    }

    Advisory<Optional<CloudControllerInfo>> read() {
        List<String> problems = new ArrayList<>();
        List<Pod> candidates;
        try {
            candidates = client.pods().inNamespace(CCM_NAMESPACE).list().getItems().stream()
                    .filter(CloudControllerReads::isCloudController)
                    .sorted(Comparator.comparing((Pod p) -> !isRunning(p))
                            .thenComparing(p -> p.getMetadata().getName()))
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

    /** Names of the DaemonSets in kube-system (one list call): they tell which pod network plugin runs. */
    Advisory<List<String>> daemonSets() {
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

    private String logUrl(String podName) {
        String master = client.getMasterUrl().toString();
        return (master.endsWith("/") ? master : master + "/") + "api/v1/namespaces/" + CCM_NAMESPACE + "/pods/"
                + podName + "/log?pretty=false&tailLines=" + CCM_LOG_LINES;
    }

    private List<String> logTail(String podName, List<String> problems) {
        try {
            // A plain GET of pods/log: fabric8's getLog() first waits for the pod to be ready with a list and a
            // watch on it, a verb the shipped Role does not grant (and the log of a crash-looping CCM is the point).
            String log = client.raw(logUrl(podName));
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

    private String problem(KubernetesClientException e) {
        return KubeReads.problem(e, String.valueOf(client.getMasterUrl()));
    }
}
