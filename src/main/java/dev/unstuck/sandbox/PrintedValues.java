package dev.unstuck.sandbox;

import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/** The small formatting rules the printers share: ages, label and selector strings, container lists. */
final class PrintedValues {
    private PrintedValues() {
    }

    static String name(JsonNode o) {
        return o.path("metadata").path("name").asString("");
    }

    static String age(JsonNode o, Instant now) {
        return since(o.path("metadata").path("creationTimestamp"), now);
    }

    /** translateTimestampSince: "<unknown>" when unset. */
    static String since(JsonNode timestamp, Instant now) {
        String text = timestamp.asString("");
        if (text.isEmpty()) {
            return "<unknown>";
        }
        try {
            return HumanDuration.of(Duration.between(Instant.parse(text), now));
        } catch (DateTimeParseException e) {
            return "<unknown>";
        }
    }

    static String text(JsonNode o, String... path) {
        JsonNode n = o;
        for (String p : path) {
            n = n.path(p);
        }
        return n.asString("");
    }

    static long count(JsonNode o, String section, String field) {
        return o.path(section).path(field).asLong(0);
    }

    static long replicas(JsonNode o) {
        return o.path("spec").path("replicas").asLong(1);
    }

    static String containers(JsonNode o, String field) {
        List<String> values = new ArrayList<>();
        for (JsonNode c : o.path("spec").path("template").path("spec").path("containers")) {
            values.add(c.path(field).asString(""));
        }
        return String.join(",", values);
    }

    static String address(JsonNode node, String type) {
        for (JsonNode a : node.path("status").path("addresses")) {
            if (type.equals(a.path("type").asString(""))) {
                return a.path("address").asString("");
            }
        }
        return "<none>";
    }

    static String orUnknown(JsonNode n) {
        String s = n.asString("");
        return s.isEmpty() ? "<unknown>" : s;
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asString("")));
        return out;
    }

    /** labels.FormatLabels: sorted key=value pairs, or {@code none} when there are none. */
    static String labels(JsonNode map, String none) {
        TreeMap<String, String> sorted = new TreeMap<>();
        map.properties().forEach(e -> sorted.put(e.getKey(), e.getValue().asString("")));
        if (sorted.isEmpty()) {
            return none;
        }
        List<String> pairs = new ArrayList<>();
        sorted.forEach((k, v) -> pairs.add(k + "=" + v));
        return String.join(",", pairs);
    }

    /** metav1.FormatLabelSelector for matchLabels and matchExpressions. */
    static String selector(JsonNode selector, String none) {
        List<String> requirements = new ArrayList<>();
        TreeMap<String, String> byKey = new TreeMap<>();
        selector.path("matchLabels").properties().forEach(e -> byKey.put(e.getKey(), e.getKey() + "=" + e.getValue()
                .asString("")));
        for (JsonNode e : selector.path("matchExpressions")) {
            String key = e.path("key").asString("");
            String values = String.join(",", new TreeSet<>(strings(e.path("values"))));
            String req = switch (e.path("operator").asString("")) {
                case "In" -> key + " in (" + values + ")";
                case "NotIn" -> key + " notin (" + values + ")";
                case "Exists" -> key;
                case "DoesNotExist" -> "!" + key;
                default -> key + " " + e.path("operator").asString("") + " (" + values + ")";
            };
            byKey.merge(key, req, (a, b) -> a + "," + b);
        }
        requirements.addAll(byKey.values());
        return requirements.isEmpty() ? none : String.join(",", requirements);
    }
}
