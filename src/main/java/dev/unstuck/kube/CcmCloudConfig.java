package dev.unstuck.kube;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two settings of the cloud-controller-manager's {@code kube-system/cloud-config} that decide where its route
 * controller writes: {@code Global.vpcid} and {@code Global.routeTableIDs} (comma-separated; when set, every node
 * route goes into each of those tables and the VPC is never looked up). ACK ships JSON under the key
 * {@code cloud-config.conf}; the CCM reads it with a JSON decoder that matches keys case-insensitively, so this does
 * too. Older clusters ship gcfg ({@code [Global]} / {@code vpcid = ...}). Nothing else leaves this class: the same
 * config usually carries cloud access keys.
 */
record CcmCloudConfig(String vpcId, List<String> routeTableIds) {

    static final String KEY = "cloud-config.conf";

    private static final Pattern INI_VPC_ID = Pattern.compile("(?im)^\\s*vpcid\\s*=\\s*\"?([A-Za-z0-9-]+)\"?\\s*$");
    private static final Pattern INI_ROUTE_TABLES =
            Pattern.compile("(?im)^\\s*routeTableIDs\\s*=\\s*\"?([A-Za-z0-9, -]*?)\"?\\s*$");

    CcmCloudConfig {
        routeTableIds = List.copyOf(routeTableIds);
    }

    boolean isEmpty() {
        return vpcId == null && routeTableIds.isEmpty();
    }

    /** The first entry that holds either setting, {@value #KEY} first. */
    static Optional<CcmCloudConfig> from(Map<String, String> data, KubernetesSerialization json) {
        if (data == null) {
            return Optional.empty();
        }
        Optional<CcmCloudConfig> preferred = parse(data.get(KEY), json);
        if (preferred.isPresent()) {
            return preferred;
        }
        return data.entrySet().stream().filter(e -> !KEY.equals(e.getKey()))
                .sorted(Map.Entry.comparingByKey())
                .map(e -> parse(e.getValue(), json)).flatMap(Optional::stream).findFirst();
    }

    static Optional<CcmCloudConfig> parse(String value, KubernetesSerialization json) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String trimmed = value.trim();
        CcmCloudConfig config;
        if (trimmed.startsWith("{")) {
            Map<?, ?> root;
            try {
                root = json.unmarshal(trimmed, Map.class);
            } catch (RuntimeException e) {
                // Deliberately dropped: parser messages can echo the config, secrets included.
                return Optional.empty();
            }
            Optional<Map<?, ?>> global = ignoringCase(root, "Global").filter(Map.class::isInstance)
                    .map(m -> (Map<?, ?>) m);
            config = new CcmCloudConfig(
                    global.flatMap(g -> text(g, "vpcid")).orElse(null),
                    global.flatMap(g -> text(g, "routeTableIDs")).map(CcmCloudConfig::split).orElse(List.of()));
        } else {
            Matcher vpc = INI_VPC_ID.matcher(trimmed);
            Matcher tables = INI_ROUTE_TABLES.matcher(trimmed);
            config = new CcmCloudConfig(vpc.find() ? vpc.group(1) : null,
                    tables.find() ? split(tables.group(1)) : List.of());
        }
        return config.isEmpty() ? Optional.empty() : Optional.of(config);
    }

    private static Optional<String> text(Map<?, ?> map, String key) {
        return ignoringCase(map, key).filter(String.class::isInstance).map(String.class::cast)
                .map(String::strip).filter(s -> !s.isEmpty());
    }

    private static List<String> split(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static Optional<Object> ignoringCase(Map<?, ?> map, String key) {
        if (map == null) {
            return Optional.empty();
        }
        return map.entrySet().stream().filter(e -> e.getKey() instanceof String k && k.equalsIgnoreCase(key))
                .map(Map.Entry::getValue).filter(Objects::nonNull).findFirst().map(Object.class::cast);
    }
}
