package dev.unstuck.sandbox;

import tools.jackson.databind.JsonNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A list's fieldSelector ({@code spec.nodeName=node2,status.phase!=Running}). The store matches metadata.name and
 * metadata.namespace itself; every other requirement (the pod, event and node fields the API server indexes) is
 * checked here against the object's field, a missing field counting as the empty string, as the server does.
 */
record FieldSelector(List<Requirement> requirements) {

    record Requirement(String field, boolean equals, String value) {
        boolean matches(JsonNode object) {
            JsonNode node = object;
            for (String part : field.split("\\.")) {
                node = node.path(part);
            }
            String actual = node.isValueNode() ? node.asString("") : "";
            return equals == actual.equals(value);
        }
    }

    private static final List<String> STORE_FIELDS = List.of("metadata.name", "metadata.namespace");

    static FieldSelector parse(String selector) {
        List<Requirement> requirements = new ArrayList<>();
        if (selector != null) {
            for (String term : selector.split(",")) {
                String t = term.trim();
                int ne = t.indexOf("!=");
                int eq = t.indexOf('=');
                if (ne > 0) {
                    requirements.add(new Requirement(t.substring(0, ne), false, t.substring(ne + 2)));
                } else if (eq > 0) {
                    int valueStart = t.startsWith("==", eq) ? eq + 2 : eq + 1;
                    requirements.add(new Requirement(t.substring(0, eq), true, t.substring(valueStart)));
                }
            }
        }
        return new FieldSelector(List.copyOf(requirements));
    }

    /** The requirements the store cannot check. */
    FieldSelector beyondStore() {
        return new FieldSelector(requirements.stream().filter(r -> !STORE_FIELDS.contains(r.field())).toList());
    }

    boolean isEmpty() {
        return requirements.isEmpty();
    }

    boolean matches(JsonNode object) {
        return requirements.stream().allMatch(r -> r.matches(object));
    }

    /**
     * {@code pathAndQuery} with only the requirements the store understands left in its fieldSelector (the rest is
     * filtered here afterwards).
     */
    static String forStore(String pathAndQuery, Map<String, String> query) {
        String selector = query.get("fieldSelector");
        int q = pathAndQuery.indexOf('?');
        if (selector == null || q < 0) {
            return pathAndQuery;
        }
        List<String> params = new ArrayList<>();
        for (Map.Entry<String, String> e : query.entrySet()) {
            String value = e.getValue();
            if (e.getKey().equals("fieldSelector")) {
                value = parse(selector).requirements().stream().filter(r -> STORE_FIELDS.contains(r.field()))
                        .map(r -> r.field() + (r.equals() ? "=" : "!=") + r.value()).collect(Collectors.joining(","));
                if (value.isEmpty()) {
                    continue;
                }
            }
            params.add(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
        return pathAndQuery.substring(0, q) + (params.isEmpty() ? "" : "?" + String.join("&", params));
    }
}
