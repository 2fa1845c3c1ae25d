package dev.unstuck.config;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What cluster keys are set, in any property source (files, arguments, environment variables), before anything is
 * bound: the sandbox may start only when there are none at all, and a misspelled one must stop start-up rather than
 * be ignored while a fake cluster is served in its place.
 */
final class ClusterKeys {
    static final String CLUSTERS = "unstuck.clusters";
    private static final ConfigurationPropertyName CLUSTERS_NAME = ConfigurationPropertyName.of(CLUSTERS);
    private static final ConfigurationPropertyName UNSTUCK = ConfigurationPropertyName.of("unstuck");
    // What a cluster takes, from the record itself, so a setting added there is known here too.
    private static final Set<String> SETTINGS = Arrays.stream(UnstuckProperties.Cluster.class.getRecordComponents())
            .map(c -> c.getName().toLowerCase()).collect(Collectors.toUnmodifiableSet());

    private ClusterKeys() {
    }

    /** The sandbox runs only outside the production profile and only when no cluster key is set at all. */
    static boolean sandboxWanted(Environment env) {
        return !env.acceptsProfiles(Profiles.of("production")) && names(env).stream().noneMatch(ClusterKeys::inClusters)
                && misspelled(env).isEmpty();
    }

    static boolean anySet(Environment env) {
        return names(env).stream().anyMatch(ClusterKeys::inClusters);
    }

    /** A key like {@code unstuck.cluster.prod.kubeconfig}: meant for a cluster, bound to nothing. */
    static Optional<String> misspelled(Environment env) {
        return names(env).stream().filter(n -> UNSTUCK.isAncestorOf(n) && n.getNumberOfElements() >= 2)
                .filter(n -> {
                    String second = n.getElement(1, Form.UNIFORM);
                    return !second.equals("clusters") && distance(second, "clusters") <= 2;
                })
                .map(ConfigurationPropertyName::toString).sorted().findFirst();
    }

    /** A key under {@code unstuck.clusters.<alias>} that no cluster setting binds (a typo such as vpcid-s). */
    static Optional<String> unknownSetting(Environment env) {
        return names(env).stream().filter(n -> CLUSTERS_NAME.isAncestorOf(n) && n.getNumberOfElements() >= 4)
                .filter(n -> !SETTINGS.contains(n.getElement(3, Form.UNIFORM)))
                .map(ConfigurationPropertyName::toString).sorted().findFirst();
    }

    /** "kubeconfig, context, ..." for the error that names an unknown one. */
    static String settings() {
        return Arrays.stream(UnstuckProperties.Cluster.class.getRecordComponents())
                .map(c -> c.getName().replaceAll("([A-Z])", "-$1").toLowerCase()).collect(Collectors.joining(", "));
    }

    private static boolean inClusters(ConfigurationPropertyName n) {
        return n.equals(CLUSTERS_NAME) || CLUSTERS_NAME.isAncestorOf(n);
    }

    private static List<ConfigurationPropertyName> names(Environment env) {
        List<ConfigurationPropertyName> out = new ArrayList<>();
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(env)) {
            if (source instanceof IterableConfigurationPropertySource iterable) {
                iterable.stream().filter(n -> n.equals(UNSTUCK) || UNSTUCK.isAncestorOf(n)).forEach(out::add);
            }
        }
        return out;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
