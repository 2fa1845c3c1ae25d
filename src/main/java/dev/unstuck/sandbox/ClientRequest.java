package dev.unstuck.sandbox;

import io.fabric8.mockwebserver.http.RecordedRequest;

import java.util.Locale;
import java.util.Optional;

/**
 * One request a client (not the simulation) sent, with the attributes the API server's authorizer decides on: the
 * verb as RBAC names it, API group, resource, subresource, namespace and name, or the path of a non-resource request
 * (discovery, {@code /version}). A list or watch whose field selector pins {@code metadata.name} carries that name, as
 * the API server's request info does, so a {@code resourceNames} rule can allow it; a request on namespace X itself
 * belongs to namespace X, as there too.
 *
 * @param nonResourcePath the path when the request is not on a resource, else null
 */
public record ClientRequest(String userAgent, String verb, String group, String resource, String subresource,
                            String namespace, String name, String nonResourcePath) {

    public boolean isResourceRequest() {
        return nonResourcePath == null;
    }

    /** "list widgets.example.com in legacy", "get pods/log kube-system/ccm-1", "get /apis" for messages. */
    public String describe() {
        if (!isResourceRequest()) {
            return verb + " " + nonResourcePath;
        }
        String what = (group.isEmpty() ? resource : resource + "." + group)
                + (subresource == null ? "" : "/" + subresource);
        String where = namespace == null || namespace.equals(name) ? (name == null ? "" : " " + name)
                : name == null ? " in " + namespace : " " + namespace + "/" + name;
        return verb + " " + what + where;
    }

    static ClientRequest of(RecordedRequest request) {
        String full = request.getPath();
        String agent = request.getHeader("User-Agent");
        String method = request.getMethod() == null ? "GET" : request.getMethod().toUpperCase(Locale.ROOT);
        Optional<ApiPath> parsed = ApiPath.parse(full);
        if (parsed.isEmpty()) {
            int q = full.indexOf('?');
            String verb = switch (method) {
                case "POST" -> "post";
                case "PUT" -> "put";
                case "PATCH" -> "patch";
                case "DELETE" -> "delete";
                case "HEAD" -> "head";
                default -> "get";
            };
            return new ClientRequest(agent, verb, null, null, null, null, null, q < 0 ? full : full.substring(0, q));
        }
        ApiPath p = parsed.get();
        String name = p.name();
        String verb = switch (method) {
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> name == null ? "deletecollection" : "delete";
            default -> name != null ? "get" : p.watch() ? "watch" : "list";
        };
        if (name == null && ("list".equals(verb) || "watch".equals(verb))) {
            name = FieldSelector.parse(p.param("fieldSelector")).requirements().stream()
                    .filter(r -> r.equals() && "metadata.name".equals(r.field())).map(FieldSelector.Requirement::value)
                    .findFirst().orElse(null);
        }
        // The API server files a request on namespace X (and its status, its finalize) under namespace X.
        String namespace = p.is("", "namespaces") && p.name() != null ? p.name() : p.namespace();
        return new ClientRequest(agent, verb, p.group(), p.plural(), p.subresource(), namespace, name, null);
    }
}
