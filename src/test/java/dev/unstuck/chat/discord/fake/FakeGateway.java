package dev.unstuck.chat.discord.fake;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.java_websocket.WebSocket;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * The gateway side of the fake: one bot session at a time, with Discord's sequence numbers and a log of every
 * dispatch so that a RESUME after a dropped socket replays what the bot missed.
 */
final class FakeGateway extends WebSocketServer {
    static final int HEARTBEAT_INTERVAL_MS = 41250;

    private final String token;
    private final Supplier<JsonObject> readyPayload;
    private final Supplier<JsonObject> guildCreatePayload;
    private final CountDownLatch started = new CountDownLatch(1);
    private final AtomicInteger identifies = new AtomicInteger();
    private final AtomicInteger resumes = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger replayed = new AtomicInteger();

    // One lock orders sequence numbers, the log and socket writes, so frames leave in the order of their numbers.
    private final Object lock = new Object();
    private WebSocket current;
    private String sessionId;
    private int sequence;
    private final List<Dispatch> log = new ArrayList<>();
    private int sessionCounter;
    private volatile Exception startFailure;

    private record Dispatch(int seq, String frame, LongConsumer onSent) {
    }

    FakeGateway(String token, Supplier<JsonObject> readyPayload, Supplier<JsonObject> guildCreatePayload) {
        super(new InetSocketAddress("127.0.0.1", 0));
        this.token = token;
        this.readyPayload = readyPayload;
        this.guildCreatePayload = guildCreatePayload;
        setReuseAddr(true);
        setTcpNoDelay(true);
    }

    void startAndAwait() {
        start();
        try {
            if (!started.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("gateway did not start within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (startFailure != null) {
            throw new IllegalStateException("gateway failed to start", startFailure);
        }
    }

    String url() {
        return "ws://127.0.0.1:" + getPort() + "/";
    }

    int identifyCount() {
        return identifies.get();
    }

    int resumeCount() {
        return resumes.get();
    }

    int replayedCount() {
        return replayed.get();
    }

    int connectionCount() {
        return connections.get();
    }

    boolean connected() {
        synchronized (lock) {
            return current != null && current.isOpen();
        }
    }

    /**
     * Sends a dispatch (op 0) to the bot, or only logs it while no socket is open, as Discord keeps a session's
     * events for a resume. {@code onSent} gets the nanoTime of each write, so a replay counts from the replay.
     */
    void dispatch(String type, JsonObject data, LongConsumer onSent) {
        synchronized (lock) {
            sequence++;
            JsonObject frame = new JsonObject();
            frame.addProperty("op", 0);
            frame.addProperty("s", sequence);
            frame.addProperty("t", type);
            frame.add("d", data);
            Dispatch dispatch = new Dispatch(sequence, frame.toString(), onSent);
            log.add(dispatch);
            if (current != null && current.isOpen()) {
                write(current, dispatch);
            }
        }
    }

    /** Closes the bot's socket from the server side, keeping the session so that the bot can resume it. */
    void disconnect(int code) {
        WebSocket socket;
        synchronized (lock) {
            socket = current;
            current = null;
        }
        if (socket != null) {
            socket.close(code, "closed by the fake Discord");
        }
    }

    @Override
    public void onStart() {
        started.countDown();
    }

    @Override
    public void onOpen(WebSocket conn, ClientHandshake handshake) {
        connections.incrementAndGet();
        JsonObject hello = new JsonObject();
        hello.addProperty("op", 10);
        JsonObject d = new JsonObject();
        d.addProperty("heartbeat_interval", HEARTBEAT_INTERVAL_MS);
        hello.add("d", d);
        conn.send(hello.toString());
    }

    @Override
    public void onMessage(WebSocket conn, String message) {
        JsonObject frame = JsonParser.parseString(message).getAsJsonObject();
        int op = frame.get("op").getAsInt();
        JsonElement d = frame.get("d");
        switch (op) {
            case 1 -> conn.send("{\"op\":11}");
            case 2 -> identify(conn, d.getAsJsonObject());
            case 6 -> resume(conn, d.getAsJsonObject());
            default -> {
                // presence updates and member requests change nothing the tests look at
            }
        }
    }

    private void identify(WebSocket conn, JsonObject d) {
        identifies.incrementAndGet();
        if (!tokenMatches(d)) {
            conn.close(4004, "Authentication failed.");
            return;
        }
        // built before taking the lock: the state calls into the gateway under its own lock (THREAD_CREATE)
        JsonObject ready = readyPayload.get();
        JsonObject guildCreate = guildCreatePayload.get();
        synchronized (lock) {
            current = conn;
            sessionId = "fake-session-" + (++sessionCounter);
            sequence = 0;
            log.clear();
            ready.addProperty("session_id", sessionId);
            ready.addProperty("resume_gateway_url", url());
            dispatch("READY", ready, nanos -> { });
            dispatch("GUILD_CREATE", guildCreate, nanos -> { });
        }
    }

    private void resume(WebSocket conn, JsonObject d) {
        resumes.incrementAndGet();
        if (!tokenMatches(d)) {
            conn.close(4004, "Authentication failed.");
            return;
        }
        synchronized (lock) {
            String wanted = d.get("session_id").getAsString();
            if (!wanted.equals(sessionId)) {
                // op 9 with d=false: the session cannot be resumed, identify anew
                conn.send("{\"op\":9,\"d\":false}");
                return;
            }
            int seen = d.get("seq").isJsonNull() ? 0 : d.get("seq").getAsInt();
            current = conn;
            for (Dispatch dispatch : log) {
                if (dispatch.seq() > seen) {
                    replayed.incrementAndGet();
                    write(conn, dispatch);
                }
            }
            dispatch("RESUMED", new JsonObject(), nanos -> { });
        }
    }

    private boolean tokenMatches(JsonObject d) {
        String sent = d.get("token").getAsString();
        return sent.equals(token) || sent.equals("Bot " + token);
    }

    private static void write(WebSocket conn, Dispatch dispatch) {
        dispatch.onSent().accept(System.nanoTime());
        try {
            conn.send(dispatch.frame());
        } catch (WebsocketNotConnectedException closing) {
            // the socket closed under us; the dispatch stays in the log and goes out again on RESUME
        }
    }

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {
        synchronized (lock) {
            if (current == conn) {
                current = null;
            }
        }
    }

    @Override
    public void onError(WebSocket conn, Exception ex) {
        if (conn == null) {
            startFailure = ex;
            started.countDown();
        }
    }
}
