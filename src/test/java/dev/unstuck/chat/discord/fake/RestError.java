package dev.unstuck.chat.discord.fake;

import com.google.gson.JsonObject;

/** A Discord JSON error answer: HTTP status plus the body's numeric {@code code} and {@code message}. */
final class RestError extends RuntimeException {
    final int status;
    final int code;
    final JsonObject errors;

    RestError(int status, int code, String message) {
        this(status, code, message, null);
    }

    RestError(int status, int code, String message, JsonObject errors) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.errors = errors;
    }

    static RestError unknownWebhook() {
        return new RestError(404, 10015, "Unknown Webhook");
    }

    static RestError invalidWebhookToken() {
        return new RestError(401, 50027, "Invalid Webhook Token");
    }

    static RestError unknownInteraction() {
        return new RestError(404, 10062, "Unknown interaction");
    }

    static RestError alreadyAcknowledged() {
        return new RestError(400, 40060, "Interaction has already been acknowledged.");
    }

    static RestError unknownMessage() {
        return new RestError(404, 10008, "Unknown Message");
    }

    static RestError unknownChannel() {
        return new RestError(404, 10003, "Unknown Channel");
    }

    static RestError invalidFormBody(JsonObject errors) {
        return new RestError(400, 50035, "Invalid Form Body", errors);
    }

    JsonObject body() {
        JsonObject body = new JsonObject();
        body.addProperty("code", code);
        body.addProperty("message", getMessage());
        if (errors != null) {
            body.add("errors", errors);
        }
        return body;
    }
}
