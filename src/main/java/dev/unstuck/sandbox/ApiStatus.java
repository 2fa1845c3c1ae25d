package dev.unstuck.sandbox;

import io.fabric8.kubernetes.client.utils.Serialization;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code Status} bodies the API server answers failures with; kubectl prints {@code reason} and {@code message}
 * ("Error from server (NotFound): namespaces "x" not found"), so both follow apimachinery's errors package.
 */
record ApiStatus(int code, String reason, String message, String kind, String group, String name, Cause cause) {

    /** One field error, as kubectl lists it under "is invalid:". */
    record Cause(String reason, String field, String message) {
    }

    ApiStatus(int code, String reason, String message, String kind, String group, String name) {
        this(code, reason, message, kind, group, name, null);
    }

    static ApiStatus notFound(ApiPath path) {
        return new ApiStatus(404, "NotFound", path.qualifiedResource() + " \"" + path.name() + "\" not found",
                path.plural(), path.group(), path.name());
    }

    /** A path the server does not serve at all (no such resource type, no such endpoint). */
    static ApiStatus noSuchResource() {
        return new ApiStatus(404, "NotFound", "the server could not find the requested resource", null, null, null);
    }

    static ApiStatus alreadyExists(ApiPath path, String name, boolean beingDeleted) {
        String message = path.qualifiedResource() + " \"" + name + "\" already exists";
        return new ApiStatus(409, "AlreadyExists", beingDeleted ? "object is being deleted: " + message : message,
                path.plural(), path.group(), name);
    }

    static ApiStatus conflict(ApiPath path, String name, String why) {
        return new ApiStatus(409, "Conflict", "Operation cannot be fulfilled on " + path.qualifiedResource() + " \""
                + name + "\": " + why, path.plural(), path.group(), name);
    }

    /** apimachinery NewInvalid with one field error; {@code problem} is its ErrorBody ("Invalid value: ..."). */
    static ApiStatus invalid(String kind, String name, String field, String problem) {
        String causeReason = problem.startsWith("Required value") ? "FieldValueRequired" : "FieldValueInvalid";
        return new ApiStatus(422, "Invalid", kind + " \"" + name + "\" is invalid: " + field + ": " + problem, kind,
                null, name, new Cause(causeReason, field, problem));
    }

    static ApiStatus badRequest(String message) {
        return new ApiStatus(400, "BadRequest", message, null, null, null);
    }

    static ApiStatus unsupportedMediaType() {
        return new ApiStatus(415, "UnsupportedMediaType", "the body of the request was in an unknown format - "
                + "accepted media types include: application/json, application/yaml", null, null, null);
    }

    static ApiStatus methodNotAllowed() {
        return new ApiStatus(405, "MethodNotAllowed", "the server does not allow this method on the requested resource",
                null, null, null);
    }

    static ApiStatus serviceUnavailable() {
        return new ApiStatus(503, "ServiceUnavailable", "the server is currently unable to handle the request", null,
                null, null);
    }

    /** The watch ERROR object for a resume point older than the kept history (etcd's compaction). */
    static String expired(long requested, long oldest) {
        return new ApiStatus(410, "Expired", "too old resource version: " + requested + " (" + oldest + ")", null, null,
                null).toJson();
    }

    static ApiStatus internalError(String detail) {
        return new ApiStatus(500, "InternalError", "Internal error occurred: " + detail, null, null, null);
    }

    ObjectNode toNode() {
        ObjectNode status = Serialization.jsonMapper().createObjectNode();
        status.put("kind", "Status");
        status.put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Failure");
        status.put("message", message);
        status.put("reason", reason);
        if (kind != null || name != null) {
            ObjectNode details = status.putObject("details");
            if (name != null) {
                details.put("name", name);
            }
            if (group != null && !group.isEmpty()) {
                details.put("group", group);
            }
            if (kind != null) {
                details.put("kind", kind);
            }
            if (cause != null) {
                ObjectNode c = details.putArray("causes").addObject();
                c.put("reason", cause.reason());
                c.put("message", cause.message());
                c.put("field", cause.field());
            }
        }
        status.put("code", code);
        return status;
    }

    String toJson() {
        return toNode().toString();
    }
}
