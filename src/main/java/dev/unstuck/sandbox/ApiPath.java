package dev.unstuck.sandbox;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A request on a resource, as the API server routes it: {@code /api/v1[/namespaces/NS]/PLURAL[/NAME[/SUB]]} or
 * {@code /apis/GROUP/VERSION[/namespaces/NS]/PLURAL[/NAME[/SUB]]}. {@code /api/v1/namespaces/NS/finalize} and
 * {@code .../status} are subresources of the namespace NS, not lists of a kind named "finalize".
 */
record ApiPath(String group, String version, String namespace, String plural, String name, String subresource,
               Map<String, String> query) {

    String groupVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** The resource as messages name it: {@code namespaces}, {@code apiservices.apiregistration.k8s.io}. */
    String qualifiedResource() {
        return group.isEmpty() ? plural : plural + "." + group;
    }

    boolean isNamed() {
        return name != null;
    }

    boolean is(String group, String plural) {
        return this.group.equals(group) && this.plural.equals(plural);
    }

    String param(String key) {
        return query.get(key);
    }

    boolean watch() {
        String w = query.get("watch");
        return "true".equals(w) || "1".equals(w);
    }

    static Optional<ApiPath> parse(String pathAndQuery) {
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        Map<String, String> query = q < 0 ? Map.of() : query(pathAndQuery.substring(q + 1));
        String[] s = path.startsWith("/") ? path.substring(1).split("/") : path.split("/");
        int i;
        String group;
        String version;
        if (s.length >= 3 && s[0].equals("api")) {
            group = "";
            version = s[1];
            i = 2;
        } else if (s.length >= 4 && s[0].equals("apis")) {
            group = s[1];
            version = s[2];
            i = 3;
        } else {
            return Optional.empty();
        }
        String namespace = null;
        int rest = s.length - i;
        if (group.isEmpty() && s[i].equals("namespaces") && rest >= 3
                && !(rest == 3 && (s[i + 2].equals("finalize") || s[i + 2].equals("status")))) {
            namespace = s[i + 1];
            i += 2;
        } else if (!group.isEmpty() && s[i].equals("namespaces") && rest >= 3) {
            namespace = s[i + 1];
            i += 2;
        }
        rest = s.length - i;
        if (rest < 1 || rest > 3 || s[i].isEmpty()) {
            return Optional.empty();
        }
        String plural = s[i];
        String name = rest >= 2 ? s[i + 1] : null;
        String sub = rest == 3 ? s[i + 2] : null;
        return Optional.of(new ApiPath(group, version, namespace, plural, name, sub, query));
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            params.putIfAbsent(key, eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return Map.copyOf(params);
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }
}
