package dev.unstuck.sandbox;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.util.Optional;

/**
 * The store's answers reshaped into what a real API server sends clients: typed lists ({@code NamespaceList}, not
 * the store's generic {@code List}), namespaces without the store's hidden finalizer, Status errors with the reasons
 * and messages apimachinery uses, 200 for a patch, and a Table or metadata only when the client asked for it.
 */
final class ClientView {
    private final SandboxDiscovery discovery;
    private final Clock clock;

    ClientView(SandboxDiscovery discovery, Clock clock) {
        this.discovery = discovery;
        this.clock = clock;
    }

    /**
     * The store's {@code response} to a client's {@code method} on {@code path}; {@code objectName} names the object
     * a create was for, {@code accept} is the client's Accept header.
     */
    MockResponse client(ApiPath path, String method, String accept, String objectName, MockResponse response) {
        int code = response.code();
        byte[] body = response.getBody() == null ? new byte[0] : response.getBody().getBytes();
        if (code == 404 && body.length == 0) {
            return status(path.isNamed() ? ApiStatus.notFound(path) : ApiStatus.noSuchResource());
        }
        if (code >= 400) {
            return normalizedError(path, method, objectName, code, body);
        }
        if (code == 202 && "PATCH".equals(method)) {
            response.setResponseCode(200);
        }
        if (!"GET".equals(method) || body.length == 0) {
            return response;
        }
        JsonNode node = Serialization.jsonMapper().readTree(body);
        if (!(node instanceof ObjectNode object)) {
            return response;
        }
        boolean namespaces = path.is("", "namespaces");
        FieldSelector beyondStore = FieldSelector.parse(path.param("fieldSelector")).beyondStore();
        if (object.path("items") instanceof ArrayNode items && !beyondStore.isEmpty()) {
            for (int i = items.size() - 1; i >= 0; i--) {
                if (!beyondStore.matches(items.get(i))) {
                    items.remove(i);
                }
            }
        }
        if (object.path("items") instanceof ArrayNode items && !path.isNamed()) {
            discovery.served(path.groupVersion(), path.plural()).ifPresent(type -> {
                object.put("kind", type.kind() + "List");
                object.put("apiVersion", path.groupVersion());
            });
            object.withObjectProperty("metadata").remove("selfLink");
            if (namespaces) {
                for (int i = 0; i < items.size(); i++) {
                    items.set(i, NamespaceLifecycle.present((ObjectNode) items.get(i)));
                }
            }
        }
        if (object.path("items") instanceof ArrayNode items && !namespaces) {
            items.forEach(item -> tidy((ObjectNode) item));
        }
        ObjectNode shown = namespaces && path.isNamed() ? NamespaceLifecycle.present(object) : tidy(object);
        Optional<String> partial = PartialMetadata.requestedVersion(accept, !path.isNamed());
        if (partial.isPresent()) {
            return json(200, PartialMetadata.of(shown, !path.isNamed(), partial.get()));
        }
        Optional<String> table = ServerTables.requestedVersion(accept);
        if (table.isPresent()) {
            Optional<ObjectNode> rendered = ServerTables.render(path, shown, table.get(), clock.instant());
            if (rendered.isPresent()) {
                return json(200, rendered.get());
            }
        }
        return json(code, shown);
    }

    /** One streamed watch event, presented for a client and as a Table row when it asked for Tables. */
    String watchEvent(ApiPath path, SandboxStore.WatchEvent event, Optional<String> table, boolean client) {
        ObjectNode line = Serialization.jsonMapper().createObjectNode();
        line.put("type", event.type());
        JsonNode object = Serialization.jsonMapper().readTree(event.object());
        if (client && !"ERROR".equals(event.type()) && object instanceof ObjectNode o) {
            o = path.is("", "namespaces") ? NamespaceLifecycle.present(o) : tidy(o);
            object = o;
            if (table.isPresent()) {
                object = ServerTables.render(path, o, table.get(), clock.instant()).map(JsonNode.class::cast)
                        .orElse(o);
            }
        }
        line.set("object", object);
        return line.toString();
    }

    /** The store writes {@code "namespace": null} into cluster-scoped objects it updates; a server omits it. */
    static ObjectNode tidy(ObjectNode object) {
        if (object.path("metadata") instanceof ObjectNode metadata && metadata.has("namespace")
                && metadata.get("namespace").isNull()) {
            metadata.remove("namespace");
        }
        return object;
    }

    /** The paths a real server lists at "/". */
    String rootPaths() {
        ObjectNode root = Serialization.jsonMapper().createObjectNode();
        ArrayNode paths = root.putArray("paths");
        paths.add("/api");
        paths.add("/api/v1");
        paths.add("/apis");
        discovery.groupVersions().forEach(gv -> paths.add("/apis/" + gv));
        for (String p : new String[]{"/healthz", "/livez", "/readyz", "/version"}) {
            paths.add(p);
        }
        return root.toString();
    }

    /** The store words every failure as reason Invalid; clients get the reason and message of the real server. */
    private MockResponse normalizedError(ApiPath path, String method, String objectName, int code, byte[] body) {
        JsonNode status = body.length == 0 ? null : Serialization.jsonMapper().readTree(body);
        String message = status == null ? "" : status.path("message").asString("");
        String name = path.name() != null ? path.name() : objectName;
        if (code == 409 && "POST".equals(method)) {
            return status(ApiStatus.alreadyExists(path, name, false));
        }
        if (code == 409) {
            return status(ApiStatus.conflict(path, name, "the object has been modified; please apply your changes to"
                    + " the latest version and try again"));
        }
        String reason = code == 400 ? "BadRequest" : code == 422 ? "Invalid" : code == 415 ? "UnsupportedMediaType"
                : "InternalError";
        return status(new ApiStatus(code, reason, message.isEmpty() ? reason : message, path.plural(), path.group(),
                name));
    }

    private static MockResponse status(ApiStatus status) {
        return Responses.status(status);
    }

    private static MockResponse json(int code, JsonNode body) {
        return Responses.json(code, body);
    }
}
