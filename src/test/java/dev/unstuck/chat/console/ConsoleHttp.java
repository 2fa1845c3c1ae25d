package dev.unstuck.chat.console;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * The console API as a client sees it, over real HTTP, with ids percent-encoded the way the page encodes them. Keeps
 * cookies like a browser tab, so a Basic sign-in is checked once per instance, not on every call.
 */
public final class ConsoleHttp {
    public static final ObjectMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .cookieHandler(new CookieManager()).build();
    private final String base;
    private final String authorization;

    public ConsoleHttp(int port) {
        this(port, null);
    }

    public ConsoleHttp(int port, String authorization) {
        this.base = "http://127.0.0.1:" + port;
        this.authorization = authorization;
    }

    public ConsoleHttp as(String authorizationHeader) {
        return new ConsoleHttp(Integer.parseInt(base.substring(base.lastIndexOf(':') + 1)), authorizationHeader);
    }

    public record Reply(int status, JsonNode body, HttpResponse<String> raw) {
        public String error() {
            return body.path("error").asString();
        }
    }

    public Reply command(String user, String text) {
        return post("/api/console/commands", "{\"user\":" + quote(user) + ",\"text\":" + quote(text) + "}");
    }

    public Reply conversation(String id) {
        return get("/api/console/conversations/" + encode(id));
    }

    public Reply click(String conversationId, String buttonId, String user) {
        return post("/api/console/conversations/" + encode(conversationId) + "/buttons/" + encode(buttonId),
                "{\"user\":" + quote(user) + "}");
    }

    public Reply history(String workflowId) {
        return get("/api/workflows/" + encode(workflowId) + "/history");
    }

    public Reply status(String workflowId) {
        return get("/api/workflows/" + encode(workflowId) + "/status");
    }

    public Reply sandbox() {
        return get("/api/sandbox");
    }

    public Reply get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    public Reply post(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Reply send(HttpRequest.Builder request) {
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            boolean json = r.headers().firstValue("Content-Type").orElse("").contains("json");
            JsonNode body = r.body().isBlank() || !json ? JSON.createObjectNode() : JSON.readTree(r.body());
            return new Reply(r.statusCode(), body, r);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    public static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public static String quote(String s) {
        return s == null ? "null" : JSON.writeValueAsString(s);
    }
}
