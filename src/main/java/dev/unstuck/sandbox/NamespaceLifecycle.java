package dev.unstuck.sandbox;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.security.SecureRandom;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the API server does with a client's writes to namespaces (pkg/registry/core/namespace): create makes an
 * Active namespace whose spec.finalizers hold "kubernetes"; updates never change spec.finalizers, status or the
 * deletion timestamp; the first delete marks it Terminating and leaves the rest to the namespace controller; a later
 * delete changes nothing; the finalize subresource alone edits spec.finalizers, and emptying them on a deleting
 * namespace removes it at once. The store keeps a deleting namespace only while it carries a hidden metadata
 * finalizer; it is added here and never shown to clients.
 */
final class NamespaceLifecycle {
    static final String HOLD_FINALIZER = "kubernetes";
    private static final String NAME_LABEL = "kubernetes.io/metadata.name";
    private static final Pattern DNS1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final String DNS1123_LABEL_ERROR = "a lowercase RFC 1123 label must consist of lower case"
            + " alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',"
            + "  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
    private static final String NAMESPACES = "/api/v1/namespaces";
    private static final int UPDATE_ATTEMPTS = 5;

    private final SandboxStore store;
    private final SecureRandom random = new SecureRandom();

    NamespaceLifecycle(SandboxStore store) {
        this.store = store;
    }

    MockResponse create(ApiPath path, ObjectNode body) {
        ObjectNode metadata = body.withObjectProperty("metadata");
        String name = metadata.path("name").asString("");
        if (name.isEmpty()) {
            String generate = metadata.path("generateName").asString("");
            if (generate.isEmpty()) {
                return Responses.status(ApiStatus.invalid("Namespace", "", "metadata.name",
                        "Required value: name or generateName is required"));
            }
            name = generate + suffix();
            metadata.put("name", name);
        }
        Optional<String> problem = nameProblem(name);
        if (problem.isPresent()) {
            return Responses.status(ApiStatus.invalid("Namespace", name, "metadata.name", problem.get()));
        }
        Optional<ObjectNode> existing = stored(name);
        if (existing.isPresent()) {
            return Responses.status(ApiStatus.alreadyExists(path, name, deleting(existing.get())));
        }
        body.put("apiVersion", "v1");
        body.put("kind", "Namespace");
        metadata.remove("namespace");
        metadata.remove("deletionTimestamp");
        metadata.withObjectProperty("labels").put(NAME_LABEL, name);
        ArrayNode specFinalizers = body.withObjectProperty("spec").withArrayProperty("finalizers");
        if (!PrintedValues.strings(specFinalizers).contains("kubernetes")) {
            specFinalizers.add("kubernetes");
        }
        body.putObject("status").put("phase", "Active");
        if (dryRun(path)) {
            return Responses.json(201, present(body));
        }
        hold(metadata);
        MockResponse created = store.call(HttpMethod.POST, NAMESPACES, body.toString());
        store.forget(name);
        return presented(created);
    }

    MockResponse replace(ApiPath path, ObjectNode body) {
        String urlName = path.name();
        String bodyName = body.path("metadata").path("name").asString("");
        if (!bodyName.isEmpty() && !bodyName.equals(urlName)) {
            return Responses.status(ApiStatus.badRequest("the name of the object (" + bodyName
                    + ") does not match the name on the URL (" + urlName + ")"));
        }
        Optional<ObjectNode> current = stored(urlName);
        if (current.isEmpty()) {
            return Responses.status(ApiStatus.notFound(path));
        }
        return update(path, current.get(), body);
    }

    MockResponse patch(ApiPath path, ObjectPatch.Type type, String patch) {
        for (int attempt = 0; attempt < UPDATE_ATTEMPTS; attempt++) {
            Optional<ObjectNode> current = stored(path.name());
            if (current.isEmpty()) {
                return Responses.status(ApiStatus.notFound(path));
            }
            ObjectNode patched;
            try {
                patched = ObjectPatch.apply(type, present(current.get()), patch);
            } catch (IllegalArgumentException e) {
                return Responses.status(new ApiStatus(422, "Invalid", e.getMessage(), "namespaces", "", path.name()));
            }
            MockResponse response = update(path, current.get(), patched);
            if (response.code() != 409 || explicitVersion(patch)) {
                return response;
            }
            // Another writer (the namespace controller) got in between: a patch retries on the latest object.
        }
        return Responses.status(ApiStatus.conflict(path, path.name(), "the object has been modified; please apply"
                + " your changes to the latest version and try again"));
    }

    MockResponse delete(ApiPath path) {
        Optional<ObjectNode> current = stored(path.name());
        if (current.isEmpty()) {
            return Responses.status(ApiStatus.notFound(path));
        }
        if (deleting(current.get()) || dryRun(path)) {
            return Responses.json(200, present(current.get()));
        }
        MockResponse deleted = store.call(HttpMethod.DELETE, NAMESPACES + "/" + path.name(), null);
        if (deleted.code() >= 300) {
            return deleted;
        }
        ObjectNode after = stored(path.name()).orElse(current.get());
        return Responses.json(200, present(after));
    }

    /** PUT .../finalize: only spec.finalizers change; with none left a deleting namespace goes at once. */
    MockResponse finalizeSpec(ApiPath path, ObjectNode body) {
        Optional<ObjectNode> current = stored(path.name());
        if (current.isEmpty()) {
            return Responses.status(ApiStatus.notFound(path));
        }
        ObjectNode next = current.get().deepCopy();
        ArrayNode finalizers = body.path("spec").path("finalizers") instanceof ArrayNode a ? a.deepCopy()
                : Serialization.jsonMapper().createArrayNode();
        next.withObjectProperty("spec").set("finalizers", finalizers);
        boolean visibleFinalizers = !PrintedValues.strings(present(next).path("metadata").path("finalizers"))
                .isEmpty();
        if (deleting(next) && finalizers.isEmpty() && !visibleFinalizers) {
            next.withObjectProperty("metadata").remove("finalizers");
            store.forget(path.name());
        }
        MockResponse response = store.call(HttpMethod.PUT, NAMESPACES + "/" + path.name(), next.toString());
        if (response.code() == 200 && (response.getBody() == null || response.getBody().size() == 0)) {
            return Responses.json(200, present(next));
        }
        return presented(response);
    }

    /** A namespace as clients see it: without the store's hidden finalizer. */
    static ObjectNode present(ObjectNode namespace) {
        ObjectNode copy = ClientView.tidy(namespace.deepCopy());
        // Namespaces carry no generation on a real server; the store gives every object one.
        copy.withObjectProperty("metadata").remove("generation");
        JsonNode finalizers = copy.path("metadata").path("finalizers");
        if (finalizers instanceof ArrayNode list) {
            for (int i = list.size() - 1; i >= 0; i--) {
                if (HOLD_FINALIZER.equals(list.get(i).asString(""))) {
                    list.remove(i);
                }
            }
            if (list.isEmpty()) {
                copy.withObjectProperty("metadata").remove("finalizers");
            }
        }
        return copy;
    }

    /** PrepareForUpdate: spec.finalizers, status and the deletion timestamp stay as stored. */
    private MockResponse update(ApiPath path, ObjectNode current, ObjectNode requested) {
        ObjectNode next = requested.deepCopy();
        next.put("apiVersion", "v1");
        next.put("kind", "Namespace");
        ObjectNode metadata = next.withObjectProperty("metadata");
        JsonNode storedMeta = current.path("metadata");
        String requestedVersion = metadata.path("resourceVersion").asString("");
        String storedVersion = storedMeta.path("resourceVersion").asString("");
        if (!requestedVersion.isEmpty() && !requestedVersion.equals(storedVersion)) {
            return Responses.status(ApiStatus.conflict(path, path.name(), "the object has been modified; please"
                    + " apply your changes to the latest version and try again"));
        }
        metadata.put("name", path.name());
        metadata.put("resourceVersion", storedVersion);
        metadata.remove("namespace");
        if (storedMeta.hasNonNull("deletionTimestamp")) {
            metadata.set("deletionTimestamp", storedMeta.get("deletionTimestamp").deepCopy());
        } else {
            metadata.remove("deletionTimestamp");
        }
        metadata.withObjectProperty("labels").put(NAME_LABEL, path.name());
        next.set("spec", current.path("spec").deepCopy());
        next.set("status", current.path("status").deepCopy());
        if (PrintedValues.strings(storedMeta.path("finalizers")).contains(HOLD_FINALIZER)) {
            hold(metadata);
        }
        if (dryRun(path)) {
            return Responses.json(200, present(next));
        }
        return presented(store.call(HttpMethod.PUT, NAMESPACES + "/" + path.name(), next.toString()));
    }

    private static void hold(ObjectNode metadata) {
        ArrayNode finalizers = metadata.withArrayProperty("finalizers");
        if (!PrintedValues.strings(finalizers).contains(HOLD_FINALIZER)) {
            finalizers.add(HOLD_FINALIZER);
        }
    }

    private Optional<ObjectNode> stored(String name) {
        return store.stored(NAMESPACES + "/" + name)
                .map(json -> (ObjectNode) Serialization.jsonMapper().readTree(json));
    }

    private static boolean deleting(JsonNode namespace) {
        return namespace.path("metadata").hasNonNull("deletionTimestamp");
    }

    private static boolean dryRun(ApiPath path) {
        return path.param("dryRun") != null;
    }

    private static boolean explicitVersion(String patch) {
        return patch.contains("\"resourceVersion\"");
    }

    static Optional<String> nameProblem(String name) {
        if (name.length() > 63) {
            return Optional.of("Invalid value: \"" + name + "\": must be no more than 63 characters");
        }
        if (!DNS1123_LABEL.matcher(name).matches()) {
            return Optional.of("Invalid value: \"" + name + "\": " + DNS1123_LABEL_ERROR);
        }
        return Optional.empty();
    }

    private String suffix() {
        // names.SimpleNameGenerator: five characters from a consonant-and-digit alphabet.
        String alphabet = "bcdfghjklmnpqrstvwxz2456789";
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    private static MockResponse presented(MockResponse response) {
        if (response.code() >= 300 || response.getBody() == null || response.getBody().size() == 0) {
            return response;
        }
        ObjectNode ns = (ObjectNode) Serialization.jsonMapper().readTree(response.getBody().getBytes());
        return Responses.json(response.code() == 202 ? 200 : response.code(), present(ns));
    }

}
