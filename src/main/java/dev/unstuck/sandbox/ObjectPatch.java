package dev.unstuck.sandbox;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.zjsonpatch.JsonPatch;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The three patch types kubectl and client libraries send, applied to a stored object. Strategic merge follows the
 * apimachinery strategicpatch rules for the fields that carry a patch strategy in the Kubernetes types (lists merged
 * by their merge key, {@code finalizers} merged as a set, the {@code $patch}, {@code $retainKeys},
 * {@code $deleteFromPrimitiveList} and {@code $setElementOrder} directives); every other list is replaced, as the
 * types declare.
 */
final class ObjectPatch {

    enum Type {
        JSON("application/json-patch+json"),
        MERGE("application/merge-patch+json"),
        STRATEGIC("application/strategic-merge-patch+json");

        final String contentType;

        Type(String contentType) {
            this.contentType = contentType;
        }

        /** The patch type of a request's Content-Type, or null when the server does not take it. */
        static Type of(String contentType) {
            if (contentType == null) {
                return null;
            }
            String base = contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
            for (Type t : values()) {
                if (t.contentType.equals(base)) {
                    return t;
                }
            }
            return null;
        }
    }

    /** patchMergeKey of the keyed lists in the core, apps and meta types. */
    private static final Map<String, String> MERGE_KEYS = Map.ofEntries(
            Map.entry("containers", "name"), Map.entry("initContainers", "name"),
            Map.entry("ephemeralContainers", "name"), Map.entry("volumes", "name"), Map.entry("env", "name"),
            Map.entry("volumeMounts", "mountPath"), Map.entry("volumeDevices", "devicePath"),
            Map.entry("imagePullSecrets", "name"), Map.entry("hostAliases", "ip"), Map.entry("conditions", "type"),
            Map.entry("ownerReferences", "uid"), Map.entry("addresses", "type"),
            Map.entry("topologySpreadConstraints", "topologyKey"), Map.entry("resourceClaims", "name"),
            Map.entry("schedulingGates", "name"));

    /** Lists of strings whose patch strategy is merge (ObjectMeta.finalizers). */
    private static final Set<String> SET_LISTS = Set.of("finalizers");

    private ObjectPatch() {
    }

    /** The object after the patch; the input is not modified. Throws IllegalArgumentException on a bad patch. */
    static ObjectNode apply(Type type, ObjectNode target, String patchBody) {
        JsonNode patch;
        try {
            patch = Serialization.jsonMapper().readTree(patchBody);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the patch is not valid JSON: " + firstLine(e.getMessage()));
        }
        return switch (type) {
            case JSON -> jsonPatch(target, patch);
            case MERGE -> asObject(mergePatch(target.deepCopy(), patch));
            case STRATEGIC -> asObject(strategic(target.deepCopy(), patch));
        };
    }

    private static ObjectNode jsonPatch(ObjectNode target, JsonNode patch) {
        if (!patch.isArray()) {
            throw new IllegalArgumentException("a JSON patch is a list of operations");
        }
        ObjectNode copy = target.deepCopy();
        // Like the store: an "add" under a missing object creates that object instead of failing.
        for (JsonNode op : patch) {
            String[] segments = op.path("path").asString("").replaceFirst("^/", "").split("/");
            JsonNode node = copy;
            for (int i = 0; i < segments.length - 1; i++) {
                if (node.isObject() && node.get(segments[i]) == null) {
                    ((ObjectNode) node).putObject(segments[i]);
                }
                node = node.path(segments[i]);
            }
        }
        try {
            return asObject(JsonPatch.apply(patch, copy));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(firstLine(e.getMessage()));
        }
    }

    /** RFC 7386: null removes, objects merge, anything else replaces. */
    private static JsonNode mergePatch(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode result = target != null && target.isObject() ? (ObjectNode) target
                : Serialization.jsonMapper().createObjectNode();
        for (Map.Entry<String, JsonNode> e : patch.properties()) {
            if (e.getValue().isNull()) {
                result.remove(e.getKey());
            } else {
                result.set(e.getKey(), mergePatch(result.get(e.getKey()), e.getValue()));
            }
        }
        return result;
    }

    private static JsonNode strategic(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        String directive = patch.path("$patch").asString(null);
        if ("delete".equals(directive)) {
            return null;
        }
        ObjectNode result = target != null && target.isObject() && !"replace".equals(directive) ? (ObjectNode) target
                : Serialization.jsonMapper().createObjectNode();
        List<String> retainKeys = null;
        for (Map.Entry<String, JsonNode> e : patch.properties()) {
            String key = e.getKey();
            JsonNode value = e.getValue();
            if (key.equals("$patch") || key.startsWith("$setElementOrder/")) {
                continue;
            }
            if (key.equals("$retainKeys")) {
                retainKeys = new ArrayList<>();
                for (JsonNode k : value) {
                    retainKeys.add(k.asString(""));
                }
                continue;
            }
            if (key.startsWith("$deleteFromPrimitiveList/")) {
                String field = key.substring("$deleteFromPrimitiveList/".length());
                if (result.get(field) instanceof ArrayNode list) {
                    for (JsonNode drop : value) {
                        removeAll(list, drop);
                    }
                }
                continue;
            }
            if (value.isNull()) {
                result.remove(key);
            } else if (value.isArray()) {
                result.set(key, strategicList(key, result.get(key), (ArrayNode) value));
            } else {
                JsonNode merged = strategic(result.get(key), value);
                if (merged == null) {
                    result.remove(key);
                } else {
                    result.set(key, merged);
                }
            }
        }
        if (retainKeys != null) {
            List<String> keep = retainKeys;
            List<String> names = new ArrayList<>(result.propertyNames());
            names.stream().filter(n -> !keep.contains(n)).forEach(result::remove);
        }
        return result;
    }

    private static JsonNode strategicList(String field, JsonNode current, ArrayNode patch) {
        ArrayNode existing = current instanceof ArrayNode a ? a : null;
        if (SET_LISTS.contains(field) && existing != null) {
            ArrayNode union = existing.deepCopy();
            for (JsonNode v : patch) {
                if (!contains(union, v)) {
                    union.add(v.deepCopy());
                }
            }
            return union;
        }
        String mergeKey = mergeKey(field, patch);
        if (mergeKey == null || existing == null) {
            ArrayNode replaced = Serialization.jsonMapper().createArrayNode();
            patch.forEach(v -> {
                if (!"delete".equals(v.path("$patch").asString(null))) {
                    replaced.add(v.isObject() ? strategic(null, v) : v.deepCopy());
                }
            });
            return replaced;
        }
        ArrayNode merged = existing.deepCopy();
        for (JsonNode item : patch) {
            JsonNode key = item.get(mergeKey);
            int at = indexOf(merged, mergeKey, key);
            if ("delete".equals(item.path("$patch").asString(null))) {
                if (at >= 0) {
                    merged.remove(at);
                }
            } else if (at >= 0) {
                merged.set(at, strategic(merged.get(at), item));
            } else {
                merged.add(strategic(null, item));
            }
        }
        return merged;
    }

    private static String mergeKey(String field, ArrayNode patch) {
        if (field.equals("ports")) {
            // ContainerPort lists merge on containerPort, ServicePort lists on port.
            for (JsonNode p : patch) {
                if (p.has("containerPort")) {
                    return "containerPort";
                }
            }
            return "port";
        }
        return MERGE_KEYS.get(field);
    }

    private static int indexOf(ArrayNode list, String mergeKey, JsonNode key) {
        if (key == null) {
            return -1;
        }
        for (int i = 0; i < list.size(); i++) {
            if (key.equals(list.get(i).get(mergeKey))) {
                return i;
            }
        }
        return -1;
    }

    private static boolean contains(ArrayNode list, JsonNode value) {
        for (JsonNode v : list) {
            if (v.equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static void removeAll(ArrayNode list, JsonNode value) {
        for (int i = list.size() - 1; i >= 0; i--) {
            if (list.get(i).equals(value)) {
                list.remove(i);
            }
        }
    }

    private static ObjectNode asObject(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("the patched object is not a JSON object");
        }
        return (ObjectNode) node;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable patch";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
