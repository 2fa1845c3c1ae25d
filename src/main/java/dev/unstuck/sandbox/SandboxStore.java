package dev.unstuck.sandbox;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The object store behind the sandbox API server (the embedded CRUD store), with what a real store adds on top: a
 * change history numbered by resourceVersion so that a streaming watch can resume where its list left off, the
 * namespace's own deletion rule (a delete switches the phase to Terminating) and a world that existed before the
 * sandbox started: objects seeded from the scenario carry the cluster's creation time, not the second of the seed.
 */
final class SandboxStore extends KubernetesCrudDispatcher {
    /** Enough history for any client that lists and then watches; older resume points get 410 Gone, as on etcd. */
    private static final int HISTORY = 5000;

    private final int historySize;

    /** A change an HTTP watch sees: type ADDED, MODIFIED or DELETED; the object as stored after the change. */
    record Change(long resourceVersion, AttributeSet before, AttributeSet after, String object) {
    }

    /** One open watch: which objects it selects and where its events go. */
    record Subscription(AttributeSet query, Consumer<WatchEvent> events) {
    }

    /** A watch event as the API server frames it; {@code object} is JSON. */
    record WatchEvent(String type, String object) {
    }

    private final Object history = new Object();
    private final ArrayDeque<Change> changes = new ArrayDeque<>();
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final Map<String, Instant> deletingSince = new ConcurrentHashMap<>();
    private volatile Instant seededWorldCreated;

    SandboxStore() {
        this(HISTORY);
    }

    SandboxStore(int historySize) {
        this.historySize = historySize;
    }

    /** Until {@link #seeded()}, every object created is stamped as created at {@code worldCreated}. */
    void seeding(Instant worldCreated) {
        this.seededWorldCreated = worldCreated.truncatedTo(ChronoUnit.SECONDS);
    }

    void seeded() {
        this.seededWorldCreated = null;
    }

    /** The next delete of namespace {@code name} marks it as deleting since {@code since}, not since now. */
    void deletingSince(String name, Instant since) {
        deletingSince.put(name, since.truncatedTo(ChronoUnit.SECONDS));
    }

    void forget(String namespace) {
        deletingSince.remove(namespace);
    }

    /** The stored JSON of the object at {@code path}, if any. */
    Optional<String> stored(String path) {
        Map.Entry<AttributeSet, String> entry = findResource(getKey(path));
        return entry == null ? Optional.empty() : Optional.of(entry.getValue());
    }

    /** Runs one request against the store, as the API server's storage layer would receive it. */
    MockResponse call(HttpMethod method, String path, String jsonBody) {
        Headers headers = Headers.builder().add("Content-Type", "application/json").build();
        byte[] body = jsonBody == null ? new byte[0] : jsonBody.getBytes(StandardCharsets.UTF_8);
        return dispatch(new RecordedRequest("HTTP/1.1", method, path, headers, new Buffer(body)));
    }

    @Override
    public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes,
                             GenericKubernetesResource resource, String newState) {
        synchronized (history) {
            String existing = oldAttributes == null ? null : map.get(oldAttributes);
            String state = newState == null ? null : adjusted(existing, newState);
            super.processEvent(path, pathAttributes, oldAttributes, resource, state);
            if (Objects.equals(existing, state)) {
                return;
            }
            AttributeSet after = null;
            if (state != null) {
                after = resource != null ? ((KubernetesAttributesExtractor) attributeExtractor).extract(resource)
                        : attributeExtractor.fromResource(state);
                if (!after.containsKey(KubernetesAttributesExtractor.PLURAL)) {
                    after = AttributeSet.merge(pathAttributes, after);
                }
            }
            long rv;
            String object;
            if (state == null) {
                // A removal gets its own resourceVersion, so a watch resuming after it does not see it again.
                rv = requestResourceVersion();
                ObjectNode gone = (ObjectNode) Serialization.jsonMapper().readTree(existing);
                gone.withObjectProperty("metadata").put("resourceVersion", String.valueOf(rv));
                object = gone.toString();
            } else {
                rv = resourceVersionOf(state);
                object = state;
            }
            Change change = new Change(rv, oldAttributes, after, object);
            changes.addLast(change);
            while (changes.size() > historySize) {
                changes.removeFirst();
            }
            subscriptions.forEach(s -> deliver(s, change));
        }
    }

    /**
     * Opens a watch on the objects {@code query} selects. Without {@code resourceVersion} (or with "0") it starts
     * with the current objects as ADDED, as the API server does; otherwise it replays what changed after that
     * version, or answers 410 Gone when that history is no longer kept. Returns how to stop it.
     */
    Runnable watch(AttributeSet query, String resourceVersion, Consumer<WatchEvent> events) {
        Subscription subscription = new Subscription(query, events);
        synchronized (history) {
            long from = parseVersion(resourceVersion);
            if (from <= 0) {
                List<String> current = new ArrayList<>();
                synchronized (map) {
                    map.forEach((attributes, json) -> {
                        if (attributes.matches(query)) {
                            current.add(json);
                        }
                    });
                }
                current.forEach(json -> events.accept(new WatchEvent("ADDED", json)));
            } else {
                Change oldest = changes.peekFirst();
                if (oldest != null && oldest.resourceVersion() > from + 1) {
                    events.accept(new WatchEvent("ERROR", ApiStatus.expired(from, oldest.resourceVersion())));
                    return () -> { };
                }
                changes.stream().filter(c -> c.resourceVersion() > from).forEach(c -> deliver(subscription, c));
            }
            subscriptions.add(subscription);
        }
        return () -> subscriptions.remove(subscription);
    }

    private static void deliver(Subscription s, Change c) {
        boolean before = c.before() != null && c.before().matches(s.query());
        boolean after = c.after() != null && c.after().matches(s.query());
        if (before && after) {
            s.events().accept(new WatchEvent("MODIFIED", c.object()));
        } else if (before) {
            s.events().accept(new WatchEvent("DELETED", c.object()));
        } else if (after) {
            s.events().accept(new WatchEvent("ADDED", c.object()));
        }
    }

    private String adjusted(String existing, String state) {
        // Events keep their own time: they are recent by nature (the API server expires them after an hour).
        Instant worldCreated = state.contains("\"kind\":\"Event\"") ? null : seededWorldCreated;
        boolean creating = existing == null;
        if (!(creating && worldCreated != null) && !state.contains("\"Namespace\"")) {
            return state;
        }
        ObjectNode object = (ObjectNode) Serialization.jsonMapper().readTree(state);
        ObjectNode metadata = object.withObjectProperty("metadata");
        if (creating && worldCreated != null) {
            metadata.put("creationTimestamp", worldCreated.toString());
        }
        if ("Namespace".equals(object.path("kind").asString(null)) && metadata.hasNonNull("deletionTimestamp")
                && (existing == null || !Serialization.jsonMapper().readTree(existing).path("metadata")
                .hasNonNull("deletionTimestamp"))) {
            // pkg/registry/core/namespace/storage: the first delete sets the timestamp and the Terminating phase.
            Instant since = deletingSince.get(metadata.path("name").asString(""));
            if (since != null) {
                metadata.put("deletionTimestamp", since.toString());
            }
            object.withObjectProperty("status").put("phase", "Terminating");
        }
        return object.toString();
    }

    private static long resourceVersionOf(String json) {
        JsonNode rv = Serialization.jsonMapper().readTree(json).path("metadata").path("resourceVersion");
        return parseVersion(rv.asString(null));
    }

    private static long parseVersion(String resourceVersion) {
        if (resourceVersion == null || resourceVersion.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(resourceVersion);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
