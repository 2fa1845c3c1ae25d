package dev.unstuck.cloud.aliyun;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * An OpenAPI endpoint on 127.0.0.1 that answers each request with the JSON a test gives for it, in the documented
 * response shapes, and keeps every request's parameters: for wire details (paging, DryRun, status spellings) the
 * sandbox VPC does not model. Signatures are the sandbox's business; this endpoint does not check them.
 */
final class CannedVpcEndpoint implements AutoCloseable {

    /** What to answer: an HTTP status and a JSON body. */
    record Answer(int status, String json) {
        static Answer ok(String json) {
            return new Answer(200, json);
        }

        static Answer error(int status, String code, String message) {
            return new Answer(status, "{\"RequestId\":\"canned-req\",\"HostId\":\"vpc.canned\",\"Code\":\"" + code
                    + "\",\"Message\":\"" + message + "\",\"Recommend\":\"\"}");
        }
    }

    final List<Map<String, String>> requests = Collections.synchronizedList(new ArrayList<>());
    private final HttpServer server;

    CannedVpcEndpoint(Function<Map<String, String>, Answer> answers) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", exchange -> handle(exchange, answers));
        server.start();
    }

    private void handle(HttpExchange exchange, Function<Map<String, String>, Answer> answers) throws IOException {
        Map<String, String> params = new LinkedHashMap<>(parse(exchange.getRequestURI().getRawQuery()));
        params.putAll(parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
        requests.add(params);
        Answer a = answers.apply(params);
        byte[] body = a.json().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json;charset=utf-8");
        exchange.sendResponseHeaders(a.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static Map<String, String> parse(String query) {
        Map<String, String> out = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return out;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }

    List<Map<String, String>> requests(String action) {
        synchronized (requests) {
            return requests.stream().filter(r -> action.equals(r.get("Action"))).toList();
        }
    }

    AliyunVpcApi api() {
        return new AliyunVpcApi(new AliyunSettings("cn-hangzhou", "127.0.0.1:" + server.getAddress().getPort(),
                "LTAI5tCannedKeyId01", "canned-secret", null, Duration.ofSeconds(2), Duration.ofSeconds(5)));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
