package dev.unstuck.config;

import io.fabric8.kubernetes.client.Config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The API server of the cluster Unstuck runs in, through its pod's ServiceAccount: what the Helm chart configures
 * for the bot's own cluster. The client re-reads the projected token when the API server answers 401, so the
 * kubelet's token rotation needs nothing from us.
 */
final class InClusterConfig {
    static final Path TOKEN = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");

    private InClusterConfig() {
    }

    static Config load(String alias) {
        return load(alias, System.getenv(), TOKEN);
    }

    /** @throws IllegalStateException naming the setting when this process is not in a pod */
    static Config load(String alias, Map<String, String> env, Path token) {
        String host = env.get("KUBERNETES_SERVICE_HOST");
        if (host == null || host.isBlank() || !Files.isReadable(token)) {
            throw new IllegalStateException("unstuck.clusters." + alias + ".in-cluster is true but this process is"
                    + " not in a pod with a ServiceAccount token (KUBERNETES_SERVICE_HOST "
                    + (host == null || host.isBlank() ? "unset" : "set") + ", " + token
                    + (Files.isReadable(token) ? " readable" : " missing") + "); set kubeconfig instead");
        }
        return Config.autoConfigure(null);
    }
}
