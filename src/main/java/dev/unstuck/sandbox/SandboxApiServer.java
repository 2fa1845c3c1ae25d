package dev.unstuck.sandbox;

import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.vertx.ServerWebSocketHandler;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.SelfSignedCertificate;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The sandbox's HTTPS endpoint (self-signed, loopback). Requests go to the {@link SandboxDispatcher} off the event
 * loop; WebSocket upgrades (how fabric8 clients watch) are answered as the embedded mock server answers them; watches
 * sent as plain HTTP (how kubectl and client-go watch) stay open as a chunked stream of events, which the embedded
 * mock server cannot do.
 */
final class SandboxApiServer implements AutoCloseable {
    /** The API server's default cap on a watch without timeoutSeconds (--min-request-timeout is 1800 s). */
    private static final long MAX_WATCH_SECONDS = 1800;

    private final Vertx vertx = Vertx.vertx();
    private final SandboxDispatcher dispatcher;
    private final SelfSignedCertificate certificate;
    private final HttpServer server;

    private SandboxApiServer(SandboxDispatcher dispatcher, InetAddress address, int port) {
        this.dispatcher = dispatcher;
        this.certificate = SelfSignedCertificate.create("localhost");
        HttpServerOptions options = new HttpServerOptions().setHost(address.getHostAddress()).setPort(port)
                .setSsl(true).setKeyCertOptions(certificate.keyCertOptions()).setHandle100ContinueAutomatically(true);
        this.server = vertx.createHttpServer(options).requestHandler(this::handle);
        try {
            await(server.listen(), "cannot listen on " + address.getHostAddress() + ":" + port);
        } catch (IllegalStateException e) {
            vertx.close();
            certificate.delete();
            throw e;
        }
    }

    static SandboxApiServer start(SandboxDispatcher dispatcher, InetAddress address, int port) {
        return new SandboxApiServer(dispatcher, address, port);
    }

    int port() {
        return server.actualPort();
    }

    @Override
    public void close() {
        dispatcher.shutdown();
        try {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Closing anyway: the Vert.x instance below takes the sockets with it.
        }
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Nothing left to release.
        }
        dispatcher.releaseResources();
        certificate.delete();
    }

    private void handle(HttpServerRequest request) {
        String upgrade = request.getHeader("Upgrade");
        if (upgrade != null && upgrade.toLowerCase(Locale.ROOT).contains("websocket")) {
            // The upgrade has to happen before the request is read; the dispatcher's answer is immediate here.
            RecordedRequest recorded = recorded(request, null);
            MockResponse response = dispatcher.dispatch(recorded);
            if (response.getWebSocketListener() != null) {
                request.toWebSocket().onSuccess(new ServerWebSocketHandler(recorded, response))
                        .onFailure(e -> fail(request.response(), e));
            } else {
                request.resume();
                send(request.response(), response);
            }
            return;
        }
        request.resume();
        request.body().onFailure(e -> fail(request.response(), e)).onSuccess(body -> {
            RecordedRequest recorded = recorded(request, body);
            if (request.method() == io.vertx.core.http.HttpMethod.GET && isWatch(request)) {
                watch(request, recorded);
                return;
            }
            vertx.executeBlocking(() -> dispatcher.dispatch(recorded), false)
                    .onSuccess(response -> send(request.response(), response))
                    .onFailure(e -> fail(request.response(), e));
        });
    }

    private void watch(HttpServerRequest request, RecordedRequest recorded) {
        HttpServerResponse response = request.response();
        Context context = vertx.getOrCreateContext();
        ChunkedWatch stream = new ChunkedWatch(response, context);
        vertx.executeBlocking(() -> dispatcher.openWatch(recorded, stream), false).onSuccess(refused -> {
            if (refused.isPresent()) {
                send(response, refused.get());
                return;
            }
            long seconds = timeoutSeconds(request.getParam("timeoutSeconds"));
            long timer = vertx.setTimer(TimeUnit.SECONDS.toMillis(seconds), id -> stream.end());
            stream.onClose(() -> vertx.cancelTimer(timer));
        }).onFailure(e -> fail(response, e));
    }

    private static long timeoutSeconds(String param) {
        try {
            long seconds = param == null ? MAX_WATCH_SECONDS : Long.parseLong(param);
            return seconds <= 0 ? MAX_WATCH_SECONDS : Math.min(seconds, MAX_WATCH_SECONDS);
        } catch (NumberFormatException e) {
            return MAX_WATCH_SECONDS;
        }
    }

    private static boolean isWatch(HttpServerRequest request) {
        String watch = request.getParam("watch");
        return "true".equals(watch) || "1".equals(watch);
    }

    private static RecordedRequest recorded(HttpServerRequest request, Buffer body) {
        Headers.Builder headers = Headers.builder();
        request.headers().forEach(h -> headers.add(h.getKey(), h.getValue()));
        return new RecordedRequest(request.version().alpnName().toUpperCase(Locale.ROOT),
                HttpMethod.fromVertx(request.method()), request.uri(), headers.build(),
                new io.fabric8.mockwebserver.http.Buffer(body == null ? null : body.getBytes()));
    }

    private static void send(HttpServerResponse out, MockResponse response) {
        if (out.ended() || out.closed()) {
            return;
        }
        out.setStatusCode(response == null ? 500 : response.code());
        if (response == null) {
            out.end();
            return;
        }
        response.getHeaders().toMultimap().forEach((key, values) -> out.headers().add(key, values));
        io.fabric8.mockwebserver.http.Buffer body = response.getBody();
        if (body != null && body.size() > 0) {
            // The store omits it; without it a client that sent protobuf would try to read the answer as protobuf.
            if (!out.headers().contains("Content-Type")) {
                out.putHeader("Content-Type", "application/json");
            }
            out.end(Buffer.buffer(body.getBytes()));
        } else {
            out.end();
        }
    }

    private static void fail(HttpServerResponse out, Throwable e) {
        if (!out.headWritten() && !out.closed()) {
            out.setStatusCode(500).putHeader("Content-Type", "application/json")
                    .end(ApiStatus.internalError(String.valueOf(e.getMessage())).toJson());
        }
    }

    private static <T> T await(Future<T> future, String failure) {
        CompletableFuture<T> result = future.toCompletionStage().toCompletableFuture();
        try {
            return result.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(failure, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(failure + ": " + e.getMessage(), e);
        }
    }

    /** One open watch response; events are written on the connection's context, in the order they happened. */
    private static final class ChunkedWatch implements WatchStream {
        private final HttpServerResponse response;
        private final Context context;
        private final AtomicBoolean ended = new AtomicBoolean();
        private final List<Runnable> onClose = new CopyOnWriteArrayList<>();

        ChunkedWatch(HttpServerResponse response, Context context) {
            this.response = response;
            this.context = context;
        }

        @Override
        public void open() {
            context.runOnContext(v -> {
                response.setStatusCode(200).setChunked(true).putHeader("Content-Type", "application/json")
                        .putHeader("Cache-Control", "no-cache, private");
                response.closeHandler(x -> closed());
                if (response.closed()) {
                    closed();
                    return;
                }
                response.writeHead();
            });
        }

        @Override
        public void send(String event) {
            context.runOnContext(v -> {
                if (!ended.get() && !response.closed()) {
                    response.write(event + "\n");
                }
            });
        }

        @Override
        public void onClose(Runnable action) {
            onClose.add(action);
            if (ended.get()) {
                action.run();
            }
        }

        void end() {
            context.runOnContext(v -> {
                if (!response.ended() && !response.closed()) {
                    response.end();
                }
                closed();
            });
        }

        private void closed() {
            if (ended.compareAndSet(false, true)) {
                onClose.forEach(Runnable::run);
            }
        }
    }
}
