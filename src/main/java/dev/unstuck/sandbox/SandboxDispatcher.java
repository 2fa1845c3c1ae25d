package dev.unstuck.sandbox;

import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.CustomResourceAware;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sandbox API server's front door. It answers what the real API server answers itself (version, discovery,
 * OpenAPI v3, pod logs, 503 for an unavailable aggregated group, 404 for what it does not serve), applies the
 * namespace lifecycle to clients' writes, decodes protobuf bodies and applies patches, and hands the rest to the
 * store; clients then get what a real server returns: typed lists, Status errors, server-side Tables, streaming
 * watches. The simulation (its own user agent) talks to the store as a controller would, without the client-facing
 * presentation.
 */
final class SandboxDispatcher extends Dispatcher implements CustomResourceAware {
    static final String SIMULATOR_AGENT = "unstuck-sandbox-simulator";
    /** The user the sandbox's kubeconfig (token "sandbox") stands for. */
    static final String SANDBOX_USER = "sandbox-admin";
    static final String HOLD_FINALIZER = NamespaceLifecycle.HOLD_FINALIZER;
    private static final Logger log = LoggerFactory.getLogger(SandboxDispatcher.class);

    private static final Pattern LOG_PATH = Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/]+)/log");
    private static final Pattern TAIL_LINES = Pattern.compile("[?&]tailLines=(\\d+)");
    /** An ACK release; kubectl picks a matching client where several are installed. */
    private static final String SERVER_VERSION = "v1.32.1-aliyun.1";
    private static final String VERSION = "{\"major\":\"1\",\"minor\":\"32\",\"gitVersion\":\"" + SERVER_VERSION + "\","
            + "\"gitTreeState\":\"clean\",\"goVersion\":\"go1.23.4\",\"compiler\":\"gc\",\"platform\":\"linux/amd64\"}";

    private final SandboxDiscovery discovery;
    private final SandboxStore store = new SandboxStore();
    private final NamespaceLifecycle namespaces = new NamespaceLifecycle(store);
    private final ClientView view;
    private final OpenApiV3 openApi;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, List<String>> podLogs = new ConcurrentHashMap<>();
    private final AtomicLong clientRequests = new AtomicLong();
    private volatile Predicate<ClientRequest> authorizer = r -> true;
    private final ExecutorService watchCloser = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "sandbox-watch-close");
        t.setDaemon(true);
        return t;
    });

    SandboxDispatcher(SandboxDiscovery discovery) {
        this.discovery = discovery;
        this.view = new ClientView(discovery, clock);
        this.openApi = new OpenApiV3(discovery, SERVER_VERSION);
        discovery.registeredWhen(gv -> store.stored("/apis/apiregistration.k8s.io/v1/apiservices/"
                + gv.substring(gv.indexOf('/') + 1) + "." + gv.substring(0, gv.indexOf('/'))).isPresent());
    }

    /**
     * When the scenario's world was created: a cluster that has run for a month, and in any case a day before the
     * longest-running deletion it shows, so that every creationTimestamp precedes its deletionTimestamp.
     */
    static Instant worldCreated(Scenario scenario, Instant sandboxStart) {
        long longestDeletion = scenario.namespaces().stream().filter(Scenario.Namespace::deleting)
                .mapToLong(Scenario.Namespace::deletingForMinutes).max().orElse(0);
        Instant monthAgo = sandboxStart.minus(Duration.ofDays(30));
        Instant dayBeforeDeletion = sandboxStart.minus(Duration.ofMinutes(longestDeletion)).minus(Duration.ofDays(1));
        return monthAgo.isBefore(dayBeforeDeletion) ? monthAgo : dayBeforeDeletion;
    }

    /** Objects created until {@link #seeded()} existed since {@code worldCreated}: the scenario's world is not new. */
    void seeding(Instant worldCreated) {
        store.seeding(worldCreated);
    }

    void seeded() {
        store.seeded();
    }

    /** Namespace {@code name}, when deleted, is shown as deleting since {@code since}. */
    void presentDeletion(String name, Instant since) {
        store.deletingSince(name, since);
    }

    void forget(String namespace) {
        store.forget(namespace);
    }

    void setPodLog(String namespace, String pod, List<String> lines) {
        podLogs.put(namespace + "/" + pod, List.copyOf(lines));
    }

    /** Requests made by clients other than the simulation: what a benchmark of the diagnosis counts. */
    long clientRequests() {
        return clientRequests.get();
    }

    /** Sees every client request first; those it refuses are answered 403 Forbidden, as by an API server's RBAC. */
    void authorizeClients(Predicate<ClientRequest> decision) {
        this.authorizer = decision == null ? r -> true : decision;
    }

    /** Counts a client's request and asks the authorizer; the 403 to send when it refuses. */
    private Optional<MockResponse> admitted(RecordedRequest request) {
        clientRequests.incrementAndGet();
        ClientRequest attributes = ClientRequest.of(request);
        return authorizer.test(attributes) ? Optional.empty() : Optional.of(Responses.status(forbidden(attributes)));
    }

    /** apiserver's forbiddenMessage, for the one user the sandbox's kubeconfig authenticates. */
    private static ApiStatus forbidden(ClientRequest r) {
        String user = "User \"" + SANDBOX_USER + "\" cannot " + r.verb();
        if (!r.isResourceRequest()) {
            return new ApiStatus(403, "Forbidden", "forbidden: " + user + " path \"" + r.nonResourcePath() + "\"",
                    null, null, null);
        }
        String resource = r.subresource() == null ? r.resource() : r.resource() + "/" + r.subresource();
        String scope = r.namespace() == null ? " at the cluster scope" : " in the namespace \"" + r.namespace() + "\"";
        String qualified = r.group().isEmpty() ? r.resource() : r.resource() + "." + r.group();
        return new ApiStatus(403, "Forbidden", qualified + (r.name() == null ? "" : " \"" + r.name() + "\"")
                + " is forbidden: " + user + " resource \"" + resource + "\" in API group \"" + r.group() + "\""
                + scope, r.resource(), r.group(), r.name());
    }

    @Override
    public void expectCustomResource(CustomResourceDefinitionContext rdc) {
        store.expectCustomResource(rdc);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        try {
            return route(request);
        } catch (RuntimeException e) {
            // Bad input never hangs a client: it gets a Status, the sandbox keeps serving.
            log.warn("sandbox API: {} {} failed: {}", request.getMethod(), request.getPath(), e.toString());
            return Responses.status(ApiStatus.internalError(String.valueOf(e.getMessage())));
        }
    }

    /**
     * Opens a watch sent as plain HTTP (not WebSocket): the refusal to send when the server would refuse it, or
     * empty once {@code stream} is open and receives the events.
     */
    Optional<MockResponse> openWatch(RecordedRequest request, WatchStream stream) {
        boolean simulator = isSimulator(request);
        if (!simulator) {
            Optional<MockResponse> refused = admitted(request);
            if (refused.isPresent()) {
                return refused;
            }
        }
        String full = request.getPath();
        Optional<SandboxDiscovery.Response> down = discovery.proxiedToUnavailable(pathOf(full));
        if (down.isPresent()) {
            return Optional.of(json(down.get().code(), down.get().body()));
        }
        Optional<ApiPath> path = ApiPath.parse(full);
        if (path.isEmpty() || discovery.served(path.get().groupVersion(), path.get().plural()).isEmpty()) {
            return Optional.of(Responses.status(ApiStatus.noSuchResource()));
        }
        Optional<String> table = simulator ? Optional.empty()
                : ServerTables.requestedVersion(request.getHeader("Accept"));
        FieldSelector beyondStore = FieldSelector.parse(path.get().param("fieldSelector")).beyondStore();
        stream.open();
        Runnable cancel = store.watch(store.getKey(FieldSelector.forStore(full, path.get().query())),
                path.get().param("resourceVersion"), event -> {
                    if (beyondStore.isEmpty() || "ERROR".equals(event.type())
                            || beyondStore.matches(Serialization.jsonMapper().readTree(event.object()))) {
                        stream.send(view.watchEvent(path.get(), event, table, !simulator));
                    }
                });
        stream.onClose(cancel);
        return Optional.empty();
    }

    @Override
    public void shutdown() {
        watchCloser.shutdownNow();
        super.shutdown();
    }

    private MockResponse route(RecordedRequest request) {
        boolean simulator = isSimulator(request);
        if (!simulator) {
            Optional<MockResponse> refused = admitted(request);
            if (refused.isPresent()) {
                return refused.get();
            }
        }
        String full = request.getPath();
        String path = pathOf(full);
        String method = request.getMethod();
        if ("GET".equals(method)) {
            Optional<MockResponse> own = serverEndpoint(path, full);
            if (own.isPresent()) {
                return own.get();
            }
        }
        Optional<SandboxDiscovery.Response> down = discovery.proxiedToUnavailable(path);
        if (down.isPresent()) {
            return json(down.get().code(), down.get().body());
        }
        Optional<ApiPath> api = ApiPath.parse(full);
        if (simulator) {
            return store(request);
        }
        return api.map(p -> clientRequest(request, p)).orElseGet(() -> Responses.status(ApiStatus.noSuchResource()));
    }

    /** What the API server serves besides resources. */
    private Optional<MockResponse> serverEndpoint(String path, String full) {
        switch (path) {
            case "/version":
                return Optional.of(json(200, VERSION));
            case "/":
                return Optional.of(json(200, view.rootPaths()));
            case "/healthz", "/livez", "/readyz":
                return Optional.of(new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain")
                        .setBody("ok"));
            default:
                break;
        }
        if (path.startsWith("/openapi/")) {
            return Optional.of(openApi.answer(path).map(doc -> json(200, doc))
                    .orElseGet(() -> Responses.status(ApiStatus.noSuchResource())));
        }
        Optional<SandboxDiscovery.Response> discovered = discovery.answer(path);
        if (discovered.isPresent()) {
            return Optional.of(json(discovered.get().code(), discovered.get().body()));
        }
        Matcher logPath = LOG_PATH.matcher(path);
        if (logPath.matches()) {
            return Optional.of(podLog(logPath.group(1), logPath.group(2), full));
        }
        return Optional.empty();
    }

    private MockResponse clientRequest(RecordedRequest request, ApiPath path) {
        Optional<SandboxDiscovery.Type> type = discovery.served(path.groupVersion(), path.plural());
        if (type.isEmpty()) {
            return Responses.status(ApiStatus.noSuchResource());
        }
        String method = request.getMethod();
        boolean namespace = path.is("", "namespaces");
        if (path.subresource() != null && !path.subresource().equals("status")
                && !(namespace && path.subresource().equals("finalize"))) {
            return Responses.status(ApiStatus.noSuchResource());
        }
        byte[] bytes = request.getBody() == null ? new byte[0] : request.getBody().getBytes();
        String contentType = request.getHeader("Content-Type");
        ObjectNode body = null;
        if ("POST".equals(method) || "PUT".equals(method)) {
            Optional<ObjectNode> decoded = decode(bytes, contentType);
            if (decoded.isEmpty()) {
                return Responses.status(ProtobufBody.is(contentType) ? ApiStatus.unsupportedMediaType()
                        : ApiStatus.badRequest("the object provided is unrecognized or is not valid JSON"));
            }
            body = decoded.get();
            if (!type.get().namespaced()) {
                body.withObjectProperty("metadata").remove("namespace");
            }
        }
        if (namespace && !"GET".equals(method)) {
            return namespaceWrite(request, path, body, new String(bytes, StandardCharsets.UTF_8));
        }
        if ("PATCH".equals(method)) {
            ObjectPatch.Type patchType = ObjectPatch.Type.of(contentType);
            if (patchType == null) {
                return Responses.status(ApiStatus.unsupportedMediaType());
            }
            if (patchType != ObjectPatch.Type.JSON) {
                return view.client(path, method, null, path.name(),
                        patchObject(path, patchType, new String(bytes, StandardCharsets.UTF_8)));
            }
        }
        if ("DELETE".equals(method) && path.isNamed() && path.subresource() == null) {
            Optional<ApiStatus> unmet = unmetPrecondition(path, bytes);
            if (unmet.isPresent()) {
                return Responses.status(unmet.get());
            }
        }
        String storePath = request.getPath();
        if ("GET".equals(method)) {
            storePath = namespace && "status".equals(path.subresource()) ? "/api/v1/namespaces/" + path.name()
                    : "finalize".equals(path.subresource()) ? null : FieldSelector.forStore(storePath, path.query());
            if (storePath == null) {
                return Responses.status(ApiStatus.methodNotAllowed());
            }
        }
        RecordedRequest forStore = body == null && storePath.equals(request.getPath()) ? request
                : new RecordedRequest("HTTP/1.1", request.method(), storePath, request.getHeaders(),
                new Buffer(body == null ? bytes : body.toString().getBytes(StandardCharsets.UTF_8)));
        if ("GET".equals(method) && path.watch()) {
            return store(forStore);
        }
        String objectName = body == null ? null : body.path("metadata").path("name").asString("");
        return view.client(path, method, request.getHeader("Accept"), objectName, store(forStore));
    }

    /**
     * A delete's {@code preconditions} (uid, resourceVersion) checked against the stored object, with the storage
     * layer's Conflict message; the store itself would delete whatever has the name.
     */
    private Optional<ApiStatus> unmetPrecondition(ApiPath path, byte[] body) {
        if (body.length == 0) {
            return Optional.empty();
        }
        Optional<ObjectNode> options = decode(body, "application/json");
        Optional<String> stored = store.stored(objectPath(path));
        if (options.isEmpty() || stored.isEmpty() || !(options.get().path("preconditions") instanceof ObjectNode pre)) {
            return Optional.empty();
        }
        tools.jackson.databind.JsonNode meta = Serialization.jsonMapper().readTree(stored.get()).path("metadata");
        String key = "/registry/" + (path.group().isEmpty() ? "" : path.group() + "/") + path.plural() + "/"
                + (path.namespace() == null ? "" : path.namespace() + "/") + path.name();
        for (String field : new String[]{"uid", "resourceVersion"}) {
            String wanted = pre.path(field).isString() ? pre.path(field).asString() : null;
            String actual = meta.path(field).asString("");
            if (wanted != null && !wanted.equals(actual)) {
                String label = "uid".equals(field) ? "UID" : "ResourceVersion";
                return Optional.of(ApiStatus.conflict(path, path.name(), "StorageError: invalid object, Code: 4, Key: "
                        + key + ", ResourceVersion: 0, AdditionalErrorMsg: Precondition failed: " + label
                        + " in precondition: " + wanted + ", " + label + " in object meta: " + actual));
            }
        }
        return Optional.empty();
    }

    /** A client's write to a namespace: the namespace registry's rules, never the store's defaults. */
    private MockResponse namespaceWrite(RecordedRequest request, ApiPath path, ObjectNode body, String patch) {
        String sub = path.subresource();
        MockResponse answer = switch (request.getMethod()) {
            case "POST" -> path.isNamed() ? null : namespaces.create(path, body);
            case "PUT" -> !path.isNamed() ? null : "finalize".equals(sub) ? namespaces.finalizeSpec(path, body)
                    : sub == null ? namespaces.replace(path, body) : null;
            case "PATCH" -> {
                ObjectPatch.Type patchType = ObjectPatch.Type.of(request.getHeader("Content-Type"));
                if (patchType == null) {
                    yield Responses.status(ApiStatus.unsupportedMediaType());
                }
                yield path.isNamed() && sub == null ? namespaces.patch(path, patchType, patch) : null;
            }
            case "DELETE" -> path.isNamed() && sub == null ? namespaces.delete(path) : null;
            default -> null;
        };
        return answer != null ? answer : Responses.status(ApiStatus.methodNotAllowed());
    }

    /** Merge and strategic merge patches, applied here with their real semantics and stored as an update. */
    private MockResponse patchObject(ApiPath path, ObjectPatch.Type type, String patch) {
        String objectPath = objectPath(path);
        MockResponse last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            Optional<String> current = store.stored(objectPath);
            if (current.isEmpty()) {
                return Responses.status(ApiStatus.notFound(path));
            }
            ObjectNode patched;
            try {
                patched = ObjectPatch.apply(type, (ObjectNode) Serialization.jsonMapper().readTree(current.get()), patch);
            } catch (IllegalArgumentException e) {
                return Responses.status(new ApiStatus(422, "Invalid", e.getMessage(), path.plural(),
                        path.group(), path.name()));
            }
            if (!patch.contains("\"resourceVersion\"")) {
                patched.withObjectProperty("metadata").put("resourceVersion", Serialization.jsonMapper()
                        .readTree(current.get()).path("metadata").path("resourceVersion").asString(""));
            }
            String target = path.subresource() == null ? objectPath : objectPath + "/" + path.subresource();
            last = store.call(HttpMethod.PUT, target, patched.toString());
            if (last.code() != 409) {
                return last;
            }
        }
        return last;
    }

    /** The store's answer; a WebSocket watch's close runs off the event loop (see {@link OffLoopWatchClose}). */
    private MockResponse store(RecordedRequest request) {
        MockResponse response = store.dispatch(request);
        if (response == null) {
            return Responses.status(ApiStatus.methodNotAllowed());
        }
        if (response.getWebSocketListener() != null) {
            response.withWebSocketUpgrade(new OffLoopWatchClose(response.getWebSocketListener(), watchCloser));
        }
        return response;
    }

    private static Optional<ObjectNode> decode(byte[] body, String contentType) {
        if (ProtobufBody.is(contentType)) {
            return ProtobufBody.decode(body);
        }
        try {
            Object parsed = Serialization.unmarshal(new String(body, StandardCharsets.UTF_8), Map.class);
            return Optional.of((ObjectNode) Serialization.jsonMapper().valueToTree(parsed));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String objectPath(ApiPath p) {
        String prefix = p.group().isEmpty() ? "/api/" + p.version() : "/apis/" + p.group() + "/" + p.version();
        String ns = p.namespace() == null ? "" : "/namespaces/" + p.namespace();
        return prefix + ns + "/" + p.plural() + "/" + p.name();
    }

    private MockResponse podLog(String namespace, String pod, String full) {
        List<String> lines = podLogs.get(namespace + "/" + pod);
        if (lines == null) {
            return Responses.status(new ApiStatus(404, "NotFound", "pods \"" + pod + "\" not found", "pods",
                    "", pod));
        }
        Matcher tail = TAIL_LINES.matcher(full);
        if (tail.find()) {
            int n = Integer.parseInt(tail.group(1));
            lines = lines.subList(Math.max(0, lines.size() - n), lines.size());
        }
        StringBuilder body = new StringBuilder();
        lines.forEach(l -> body.append(l).append('\n'));
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain").setBody(body.toString());
    }

    private static boolean isSimulator(RecordedRequest request) {
        return SIMULATOR_AGENT.equals(request.getHeader("User-Agent"));
    }

    private static String pathOf(String full) {
        int q = full.indexOf('?');
        return q < 0 ? full : full.substring(0, q);
    }

    private static MockResponse json(int code, String body) {
        return Responses.json(code, body);
    }
}
