package dev.unstuck.sandbox;

import dev.unstuck.sandbox.vpc.Cidrs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Typed access to parsed scenario YAML where every mistake becomes one line naming the source, the key and what was
 * expected, e.g. {@code scenario file drill.yaml: nodes[1].internalIP '10.0.0' is not an IPv4 address}.
 */
final class ScenarioYaml {
    static final Pattern CIDR = Pattern.compile(
            "(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}/(3[0-2]|[12]?\\d)");
    static final Pattern IPV4 = Pattern.compile(
            "(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}");
    static final Pattern DNS_SUBDOMAIN = Pattern.compile(
            "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    static final Pattern VERSION = Pattern.compile("v[0-9]+((alpha|beta)[0-9]+)?");
    static final Pattern KIND = Pattern.compile("[A-Z][A-Za-z0-9]*");
    static final Pattern CLOUD_ID = Pattern.compile("[a-z]+-[A-Za-z0-9][-A-Za-z0-9]*");

    private final String source;

    ScenarioYaml(String source) {
        this.source = source;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> map(Object o, String at) {
        if (!(o instanceof Map<?, ?> raw)) {
            throw fail(at + " must be a mapping (key: value), not " + describe(o));
        }
        for (Object k : raw.keySet()) {
            if (!(k instanceof String)) {
                throw fail(at + " has a key that is not text: " + k);
            }
        }
        return (Map<String, Object>) raw;
    }

    @SuppressWarnings("unchecked")
    List<Object> list(Object o, String at) {
        if (!(o instanceof List<?>)) {
            throw fail(at + " must be a list, not " + describe(o));
        }
        return (List<Object>) o;
    }

    /** The list under {@code key}, or an empty one when the key is absent. */
    List<Object> optionalList(Map<String, Object> m, String key, String at) {
        Object v = m.get(key);
        return v == null ? List.of() : list(v, path(at, key));
    }

    Object required(Map<String, Object> m, String key, String at) {
        Object v = m.get(key);
        if (v == null) {
            throw fail(path(at, key) + " is missing");
        }
        return v;
    }

    String requiredString(Map<String, Object> m, String key, String at) {
        Object v = required(m, key, at);
        if (!(v instanceof String s) || s.isBlank()) {
            throw fail(path(at, key) + " must be non-empty text, not " + describe(v));
        }
        return s.trim();
    }

    String optionalString(Map<String, Object> m, String key, String at, String fallback) {
        Object v = m.get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof String s)) {
            throw fail(path(at, key) + " must be text, not " + describe(v));
        }
        return s;
    }

    boolean optionalBoolean(Map<String, Object> m, String key, String at, boolean fallback) {
        Object v = m.get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Boolean b)) {
            throw fail(path(at, key) + " must be true or false, not " + describe(v));
        }
        return b;
    }

    long optionalLong(Map<String, Object> m, String key, String at, long fallback) {
        Object v = m.get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Integer || v instanceof Long)) {
            throw fail(path(at, key) + " must be a whole number, not " + describe(v));
        }
        return ((Number) v).longValue();
    }

    /** A whole number within [min, max]; the error names the range. */
    int boundedInt(Map<String, Object> m, String key, String at, int fallback, int min, int max) {
        long v = optionalLong(m, key, at, fallback);
        check(v >= min && v <= max, path(at, key) + " must be between " + min + " and " + max + ", not " + v);
        return (int) v;
    }

    double optionalDouble(Map<String, Object> m, String key, String at, double fallback) {
        Object v = m.get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Number n)) {
            throw fail(path(at, key) + " must be a number, not " + describe(v));
        }
        return n.doubleValue();
    }

    List<String> stringList(Object o, String at) {
        if (o == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Object item : list(o, at)) {
            if (!(item instanceof String s)) {
                throw fail(at + " must be a list of text, but holds " + describe(item));
            }
            out.add(s);
        }
        return out;
    }

    /** Text that must be one of {@code allowed} (case-sensitive, as the real APIs spell them). */
    String oneOf(Map<String, Object> m, String key, String at, String fallback, List<String> allowed) {
        String v = optionalString(m, key, at, fallback);
        check(allowed.contains(v), path(at, key) + " '" + v + "' must be one of " + String.join(", ", allowed));
        return v;
    }

    /** A cloud resource id with the given prefix, e.g. a vSwitch id like vsw-hz001. */
    String cloudId(String value, String prefix, String at, String what, String example) {
        check(CLOUD_ID.matcher(value).matches() && value.startsWith(prefix),
                at + " '" + value + "' is not " + what + " like " + example);
        return value;
    }

    String cidr(String value, String at) {
        check(CIDR.matcher(value).matches(), at + " '" + value + "' is not a CIDR block like 172.16.1.0/24");
        check(Cidrs.isNetworkAddress(value), at + " " + value + " has host bits set; write it as "
                + Cidrs.network(value));
        return value;
    }

    void allowOnly(Map<String, Object> m, String at, String... keys) {
        List<String> allowed = List.of(keys);
        for (String k : m.keySet()) {
            if (!allowed.contains(k)) {
                throw fail(path(at, k) + " is not a known key; expected one of " + String.join(", ", allowed));
            }
        }
    }

    void check(boolean ok, String message) {
        if (!ok) {
            throw fail(message);
        }
    }

    ScenarioException fail(String message) {
        throw new ScenarioException(source + ": " + message);
    }

    static String path(String at, String key) {
        return at.isEmpty() ? key : at + "." + key;
    }

    static String describe(Object o) {
        if (o == null) {
            return "nothing";
        }
        if (o instanceof Map) {
            return "a mapping";
        }
        if (o instanceof List) {
            return "a list";
        }
        String s = oneLine(String.valueOf(o));
        return "'" + (s.length() > 40 ? s.substring(0, 37) + "..." : s) + "'";
    }

    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").trim();
    }
}
