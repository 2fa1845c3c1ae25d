package dev.unstuck.sandbox;

import io.fabric8.kubernetes.client.utils.Serialization;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The OpenAPI v3 documents the sandbox publishes: for every served group/version, the PATCH operation of each
 * resource with its query parameters and its x-kubernetes-group-version-kind, and no schemas. That is what kubectl
 * reads to learn that the server validates fields itself (fieldValidation), so {@code kubectl apply} and
 * {@code kubectl create -f} work without {@code --validate=false}; {@code kubectl explain} finds no schema, as on a
 * server that publishes none. OpenAPI v2 is not served. A group/version whose aggregated API is down is left out, as
 * the aggregator cannot fetch its document.
 */
final class OpenApiV3 {
    private static final List<String> PATCH_PARAMETERS = List.of("dryRun", "fieldManager", "fieldValidation", "force");

    private final SandboxDiscovery discovery;
    private final String serverVersion;

    OpenApiV3(SandboxDiscovery discovery, String serverVersion) {
        this.discovery = discovery;
        this.serverVersion = serverVersion;
    }

    /** The body for {@code path} under /openapi/v3, or empty when there is no such document. */
    Optional<String> answer(String path) {
        if (path.equals("/openapi/v3") || path.equals("/openapi/v3/")) {
            return Optional.of(index());
        }
        String prefix = "/openapi/v3/";
        if (!path.startsWith(prefix)) {
            return Optional.empty();
        }
        String apiPath = path.substring(prefix.length());
        return documents().entrySet().stream().filter(e -> apiPath(e.getKey()).equals(apiPath))
                .map(Map.Entry::getValue).findFirst();
    }

    private String index() {
        ObjectNode root = Serialization.jsonMapper().createObjectNode();
        ObjectNode paths = root.putObject("paths");
        documents().forEach((gv, document) -> paths.putObject(apiPath(gv))
                .put("serverRelativeURL", "/openapi/v3/" + apiPath(gv) + "?hash=" + hash(document)));
        return root.toString();
    }

    private Map<String, String> documents() {
        Map<String, String> docs = new LinkedHashMap<>();
        for (String gv : discovery.servedGroupVersions()) {
            if (discovery.isUnavailable(gv)) {
                continue;
            }
            docs.put(gv, document(gv));
        }
        return docs;
    }

    private String document(String groupVersion) {
        ObjectNode doc = Serialization.jsonMapper().createObjectNode();
        doc.put("openapi", "3.0.0");
        doc.putObject("info").put("title", "Kubernetes").put("version", serverVersion);
        ObjectNode paths = doc.putObject("paths");
        for (SandboxDiscovery.Type t : discovery.types(groupVersion)) {
            String base = "/" + apiPath(groupVersion) + (t.namespaced() ? "/namespaces/{namespace}/" : "/");
            ObjectNode patch = paths.putObject(base + t.plural() + "/{name}").putObject("patch");
            patch.put("description", "partially update the specified " + t.kind());
            ArrayNode parameters = patch.putArray("parameters");
            for (String p : PATCH_PARAMETERS) {
                parameters.addObject().put("name", p).put("in", "query").put("uniqueItems", true)
                        .putObject("schema").put("type", p.equals("force") ? "boolean" : "string");
            }
            patch.putObject("responses").putObject("200").put("description", "OK");
            patch.put("x-kubernetes-action", "patch");
            patch.putObject("x-kubernetes-group-version-kind").put("group", t.group()).put("kind", t.kind())
                    .put("version", t.version());
        }
        return doc.toString();
    }

    private static String apiPath(String groupVersion) {
        return groupVersion.contains("/") ? "apis/" + groupVersion : "api/" + groupVersion;
    }

    private static String hash(String document) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-512").digest(document.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().withUpperCase().formatHex(digest).substring(0, 128);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-512 is part of every JDK", e);
        }
    }
}
