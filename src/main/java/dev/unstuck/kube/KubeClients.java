package dev.unstuck.kube;

import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Builds fabric8 clients tuned for diagnosis. A failing aggregated group is the normal case for a stuck namespace,
 * and fabric8 by default retries every 5xx with backoff (about 19 s per request), so retries are capped and
 * timeouts kept short: a diagnosis must answer in seconds and report the failing group instead of waiting on it.
 */
public final class KubeClients {

    public static final int REQUEST_RETRY_BACKOFF_LIMIT = 1;
    public static final int CONNECTION_TIMEOUT_MILLIS = 3_000;
    public static final int REQUEST_TIMEOUT_MILLIS = 8_000;
    /**
     * Every request Unstuck makes carries it, so a cluster's audit log (and the sandbox's request record) tells
     * Unstuck's reads and its one delete from whatever else uses the same credentials.
     */
    public static final String USER_AGENT_PREFIX = "unstuck/";
    public static final String USER_AGENT = USER_AGENT_PREFIX + version() + " (fabric8-kubernetes-client)";

    private KubeClients() {
    }

    /** A client for {@code config}, with the diagnosis retry and timeout limits applied to it. */
    public static KubernetesClient forConfig(Config config) {
        Objects.requireNonNull(config, "config");
        tune(config);
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /**
     * Reads a kubeconfig file, with {@code contextOrNull} selecting a context (null: its current-context).
     *
     * @throws IllegalArgumentException when the file cannot be read or names no such context
     */
    public static Config fromKubeconfig(Path kubeconfig, String contextOrNull) {
        Objects.requireNonNull(kubeconfig, "kubeconfig");
        if (!Files.isRegularFile(kubeconfig) || !Files.isReadable(kubeconfig)) {
            throw new IllegalArgumentException("kubeconfig " + kubeconfig + " cannot be read");
        }
        io.fabric8.kubernetes.api.model.Config parsed;
        try {
            parsed = KubeConfigUtils.parseConfig(kubeconfig.toFile());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("kubeconfig " + kubeconfig + " cannot be read: "
                    + firstLine(e.getMessage()), e);
        }
        List<String> contexts = parsed == null || parsed.getContexts() == null ? List.of()
                : parsed.getContexts().stream().map(NamedContext::getName).toList();
        if (contextOrNull != null && !contexts.contains(contextOrNull)) {
            throw new IllegalArgumentException("context '" + contextOrNull + "' not found in kubeconfig "
                    + kubeconfig + "; available: " + (contexts.isEmpty() ? "(none)" : String.join(", ", contexts)));
        }
        Config config;
        try {
            config = Config.fromKubeconfig(contextOrNull, kubeconfig.toFile());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("kubeconfig " + kubeconfig + " cannot be used: "
                    + firstLine(e.getMessage()), e);
        }
        tune(config);
        return config;
    }

    private static void tune(Config config) {
        config.setRequestRetryBackoffLimit(REQUEST_RETRY_BACKOFF_LIMIT);
        config.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
        config.setRequestTimeout(REQUEST_TIMEOUT_MILLIS);
        config.setUserAgent(USER_AGENT);
    }

    private static String version() {
        String v = KubeClients.class.getPackage().getImplementationVersion();
        return v == null || v.isBlank() ? "dev" : v;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
