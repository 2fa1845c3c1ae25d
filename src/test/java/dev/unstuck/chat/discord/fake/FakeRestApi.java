package dev.unstuck.chat.discord.fake;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The REST half of the fake, under {@code /api/v10/}. Routes the endpoints a ChatOps bot uses; anything else is
 * answered 404 like an unknown Discord route and recorded, so a test can see that the bot asked for something the
 * fake does not model.
 */
final class FakeRestApi implements AutoCloseable {
    static final String PREFIX = "/api/v10/";
    private static final Pattern COMMANDS = Pattern.compile("applications/(\\d+)/commands");
    private static final Pattern GUILD_COMMANDS = Pattern.compile("applications/(\\d+)/guilds/(\\d+)/commands");
    private static final Pattern CALLBACK = Pattern.compile("interactions/(\\d+)/([^/]+)/callback");
    private static final Pattern WEBHOOK = Pattern.compile("webhooks/(\\d+)/([^/]+)");
    private static final Pattern WEBHOOK_MESSAGE = Pattern.compile("webhooks/(\\d+)/([^/]+)/messages/(@original|\\d+)");
    private static final Pattern CHANNEL = Pattern.compile("channels/(\\d+)");
    private static final Pattern CHANNEL_MESSAGES = Pattern.compile("channels/(\\d+)/messages");
    private static final Pattern CHANNEL_MESSAGE = Pattern.compile("channels/(\\d+)/messages/(\\d+)");
    private static final Pattern MESSAGE_THREADS = Pattern.compile("channels/(\\d+)/messages/(\\d+)/threads");

    private final DiscordState state;
    private final Supplier<String> gatewayUrl;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(16, runnable -> {
        Thread thread = new Thread(runnable, "fake-discord-rest");
        thread.setDaemon(true);
        return thread;
    });
    private final List<RecordedRequest> requests = new ArrayList<>();
    private final List<RecordedRequest> unrouted = new ArrayList<>();
    private int failuresLeft;
    private int failureStatus;
    private double failureRetryAfterSeconds;

    FakeRestApi(DiscordState state, Supplier<String> gatewayUrl) throws IOException {
        this.state = state;
        this.gatewayUrl = gatewayUrl;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(PREFIX, this::handle);
        server.setExecutor(executor);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PREFIX;
    }

    synchronized void failNext(int count, int status, double retryAfterSeconds) {
        failuresLeft = count;
        failureStatus = status;
        failureRetryAfterSeconds = retryAfterSeconds;
    }

    synchronized List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /**
     * The requests once those in flight have been answered (for at most 2 s): an interaction's callback is seen by
     * the test while its request is still being served, before it is recorded here.
     */
    List<RecordedRequest> settledRequests() {
        awaitNoExchangeInFlight(Duration.ofSeconds(2));
        return requests();
    }

    synchronized List<RecordedRequest> unroutedRequests() {
        return List.copyOf(unrouted);
    }

    private final Object inFlightLock = new Object();
    private int inFlight;

    private record Answer(int status, JsonElement body) {
    }

    private void handle(HttpExchange exchange) throws IOException {
        synchronized (inFlightLock) {
            inFlight++;
        }
        try {
            serve(exchange);
        } finally {
            synchronized (inFlightLock) {
                inFlight--;
                inFlightLock.notifyAll();
            }
        }
    }

    private void awaitNoExchangeInFlight(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (inFlightLock) {
            while (inFlight > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                try {
                    inFlightLock.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        long received = System.nanoTime();
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
        String query = exchange.getRequestURI().getQuery();
        Answer answer;
        boolean routed = true;
        try {
            Answer injected = injectedFailure();
            if (injected != null) {
                answer = injected;
            } else if (!authorized(path, exchange.getRequestHeaders().getFirst("Authorization"))) {
                answer = new Answer(401, error(0, "401: Unauthorized"));
            } else {
                byte[] raw = readAll(exchange.getRequestBody());
                answer = route(method, path, query, body(exchange.getRequestHeaders().getFirst("Content-Type"), raw));
                if (answer == null) {
                    routed = false;
                    answer = new Answer(404, error(0, "404: Not Found"));
                }
            }
        } catch (RestError e) {
            answer = new Answer(e.status, e.body());
        } catch (JsonParseException | IllegalStateException | NullPointerException e) {
            // Gson throws these for a body that is not JSON or not the shape the route reads
            answer = new Answer(400, error(50109, "The request body contains invalid JSON."));
        }
        // Discord's answers pass through its load balancer; JDA reads a 429 without "via" as a Cloudflare ban
        exchange.getResponseHeaders().add("via", "1.1 google");
        if (answer.status() == 429) {
            exchange.getResponseHeaders().add("Retry-After", Long.toString((long) Math.ceil(failureRetryAfterSeconds)));
            exchange.getResponseHeaders().add("X-RateLimit-Scope", "user");
        }
        RecordedRequest record = new RecordedRequest(method, path, query, answer.status(), received);
        synchronized (this) {
            requests.add(record);
            if (!routed) {
                unrouted.add(record);
            }
        }
        respond(exchange, answer);
    }

    private synchronized Answer injectedFailure() {
        if (failuresLeft <= 0) {
            return null;
        }
        failuresLeft--;
        if (failureStatus == 429) {
            JsonObject body = error(0, "You are being rate limited.");
            body.addProperty("retry_after", failureRetryAfterSeconds);
            body.addProperty("global", false);
            return new Answer(429, body);
        }
        return new Answer(failureStatus, error(0, failureStatus + ": injected outage"));
    }

    // Interaction callbacks and interaction webhooks are authorized by their token in the path, not the bot token.
    private boolean authorized(String path, String header) {
        if (path.startsWith("interactions/") || path.startsWith("webhooks/")) {
            return true;
        }
        return ("Bot " + state.token).equals(header);
    }

    private Answer route(String method, String path, String query, JsonElement body) {
        Matcher m;
        boolean withResponse = query != null && query.contains("with_response=true");
        if (path.equals("users/@me") && method.equals("GET")) {
            return ok(state.botUser());
        }
        if ((path.equals("gateway/bot") || path.equals("gateway")) && method.equals("GET")) {
            return ok(gateway(path.equals("gateway/bot")));
        }
        if ((m = COMMANDS.matcher(path)).matches()) {
            requireApp(m.group(1));
            return switch (method) {
                case "PUT" -> ok(state.putCommands(null, body.getAsJsonArray()));
                case "GET" -> ok(state.getCommands(null));
                default -> null;
            };
        }
        if ((m = GUILD_COMMANDS.matcher(path)).matches()) {
            requireApp(m.group(1));
            return switch (method) {
                case "PUT" -> ok(state.putCommands(m.group(2), body.getAsJsonArray()));
                case "GET" -> ok(state.getCommands(m.group(2)));
                default -> null;
            };
        }
        if ((m = CALLBACK.matcher(path)).matches() && method.equals("POST")) {
            JsonObject response = state.callback(m.group(1), m.group(2), body.getAsJsonObject(), withResponse);
            return response == null ? new Answer(204, null) : ok(response);
        }
        if ((m = WEBHOOK_MESSAGE.matcher(path)).matches()) {
            return switch (method) {
                case "GET" -> ok(state.getWebhookMessage(m.group(1), m.group(2), m.group(3)));
                case "PATCH" -> ok(state.editWebhookMessage(m.group(1), m.group(2), m.group(3), body.getAsJsonObject()));
                case "DELETE" -> {
                    state.deleteWebhookMessage(m.group(1), m.group(2), m.group(3));
                    yield new Answer(204, null);
                }
                default -> null;
            };
        }
        if ((m = WEBHOOK.matcher(path)).matches() && method.equals("POST")) {
            return ok(state.executeWebhook(m.group(1), m.group(2), body.getAsJsonObject()));
        }
        if ((m = MESSAGE_THREADS.matcher(path)).matches() && method.equals("POST")) {
            return new Answer(201, state.startThread(m.group(1), m.group(2), body.getAsJsonObject()));
        }
        if ((m = CHANNEL_MESSAGE.matcher(path)).matches()) {
            return switch (method) {
                case "GET" -> ok(state.getChannelMessage(m.group(1), m.group(2)));
                case "PATCH" -> ok(state.editChannelMessage(m.group(1), m.group(2), body.getAsJsonObject()));
                case "DELETE" -> {
                    state.deleteChannelMessage(m.group(1), m.group(2));
                    yield new Answer(204, null);
                }
                default -> null;
            };
        }
        if ((m = CHANNEL_MESSAGES.matcher(path)).matches()) {
            return switch (method) {
                case "POST" -> ok(state.createChannelMessage(m.group(1), body.getAsJsonObject()));
                case "GET" -> ok(state.listChannelMessages(m.group(1)));
                default -> null;
            };
        }
        if ((m = CHANNEL.matcher(path)).matches() && method.equals("GET")) {
            return ok(state.getChannel(m.group(1)));
        }
        return null;
    }

    private void requireApp(String appId) {
        if (!state.applicationId.equals(appId)) {
            throw new RestError(403, 50001, "Missing Access");
        }
    }

    private JsonObject gateway(boolean bot) {
        JsonObject json = new JsonObject();
        json.addProperty("url", gatewayUrl.get());
        if (bot) {
            json.addProperty("shards", 1);
            JsonObject limit = new JsonObject();
            limit.addProperty("total", 1000);
            limit.addProperty("remaining", 999);
            limit.addProperty("reset_after", 14400000);
            limit.addProperty("max_concurrency", 1);
            json.add("session_start_limit", limit);
        }
        return json;
    }

    private static Answer ok(JsonElement body) {
        return new Answer(200, body);
    }

    private static JsonObject error(int code, String message) {
        JsonObject body = new JsonObject();
        body.addProperty("code", code);
        body.addProperty("message", message);
        return body;
    }

    /** JSON bodies as they are; multipart bodies by their {@code payload_json} part, as Discord reads them. */
    private static JsonElement body(String contentType, byte[] raw) {
        if (raw.length == 0) {
            return new JsonObject();
        }
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            String payload = Multipart.part(contentType, raw, "payload_json");
            JsonElement json = payload == null ? new JsonObject() : JsonParser.parseString(payload);
            List<Multipart.FilePart> files = Multipart.files(contentType, raw);
            if (!files.isEmpty() && json.isJsonObject()) {
                // Handed to the state under a key Discord's own bodies never use, so it can keep the files.
                JsonArray uploaded = new JsonArray();
                files.forEach(f -> {
                    JsonObject file = new JsonObject();
                    file.addProperty("filename", f.filename());
                    file.addProperty("text", f.text());
                    uploaded.add(file);
                });
                json.getAsJsonObject().add(DiscordState.UPLOADED_FILES, uploaded);
            }
            return json;
        }
        return JsonParser.parseString(new String(raw, StandardCharsets.UTF_8));
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    private static void respond(HttpExchange exchange, Answer answer) throws IOException {
        try (exchange) {
            if (answer.body() == null) {
                exchange.sendResponseHeaders(answer.status(), -1);
                return;
            }
            byte[] bytes = answer.body().toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        // Let exchanges in flight finish: a test may see a callback recorded before its answer is written, and a
        // connection cut under JDA makes it retry against a closed port and log an error.
        awaitNoExchangeInFlight(Duration.ofSeconds(2));
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
