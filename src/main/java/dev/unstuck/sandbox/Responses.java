package dev.unstuck.sandbox;

import io.fabric8.mockwebserver.http.MockResponse;
import tools.jackson.databind.JsonNode;

/** JSON answers as the API server sends them: with their content type, so any client decodes them as JSON. */
final class Responses {
    private Responses() {
    }

    static MockResponse json(int code, String body) {
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(body);
    }

    static MockResponse json(int code, JsonNode body) {
        return json(code, body.toString());
    }

    static MockResponse status(ApiStatus status) {
        return json(status.code(), status.toJson());
    }
}
