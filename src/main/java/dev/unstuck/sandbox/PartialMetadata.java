package dev.unstuck.sandbox;

import io.fabric8.kubernetes.client.utils.Serialization;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Metadata-only answers: a client that accepts {@code application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1}
 * gets each object's {@code metadata} and nothing of its body, as the API server's content negotiation gives it (a
 * metadata informer, or a reader that must never see a Secret's data).
 */
final class PartialMetadata {
    private PartialMetadata() {
    }

    /** The meta.k8s.io version of the partial form the client accepts for a list or one object, if it asked. */
    static Optional<String> requestedVersion(String accept, boolean list) {
        if (accept == null) {
            return Optional.empty();
        }
        String wanted = list ? "as=PartialObjectMetadataList" : "as=PartialObjectMetadata";
        for (String range : accept.split(",")) {
            List<String> params = new ArrayList<>();
            for (String p : range.split(";")) {
                params.add(p.trim());
            }
            if (params.contains(wanted) && params.contains("g=meta.k8s.io")) {
                return Optional.of(params.contains("v=v1beta1") ? "v1beta1" : "v1");
            }
        }
        return Optional.empty();
    }

    static ObjectNode of(ObjectNode body, boolean list, String version) {
        String apiVersion = "meta.k8s.io/" + version;
        if (!list) {
            return partial(body, apiVersion);
        }
        ObjectNode out = Serialization.jsonMapper().createObjectNode();
        out.put("kind", "PartialObjectMetadataList");
        out.put("apiVersion", apiVersion);
        ObjectNode listMeta = out.putObject("metadata");
        JsonNode meta = body.path("metadata");
        for (String field : new String[]{"resourceVersion", "continue", "remainingItemCount"}) {
            if (meta.has(field)) {
                listMeta.set(field, meta.get(field));
            }
        }
        ArrayNode items = out.putArray("items");
        body.path("items").forEach(item -> items.add(partial(item, apiVersion)));
        return out;
    }

    private static ObjectNode partial(JsonNode object, String apiVersion) {
        ObjectNode p = Serialization.jsonMapper().createObjectNode();
        p.put("kind", "PartialObjectMetadata");
        p.put("apiVersion", apiVersion);
        p.set("metadata", object.path("metadata").deepCopy());
        return p;
    }
}
