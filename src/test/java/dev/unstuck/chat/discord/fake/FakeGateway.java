package dev.unstuck.chat.discord.fake;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.java_websocket.WebSocket;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * The gateway side of the fake, as Discord runs it for one bot token: any number of sessions (each IDENTIFY opens
 * one, with its own sequence numbers and a log of its dispatches so that a RESUME after a dropped socket replays what
 * that session missed). Guild events go to every session; an interaction goes to exactly one, an open one if any.
 * A session its client closes cleanly (1000 or 1001) is gone for good: it can neither resume nor receive anything.
 */
final class FakeGateway extends WebSocketServer {
    static final int HEARTBEAT_INTERVAL_MS = 41250;
    static final String INTERACTION_CREATE = "INTERACTION_CREATE";

    private final String token;
    private final Supplier<JsonObject> readyPayload;
    private final Supplier<JsonObject> guildCreatePayload;
    private final CountDownLatch started = new CountDownLatch(1);
    private final AtomicInteger identifies = new AtomicInteger();
    private final AtomicInteger resumes = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger replayed = new AtomicInteger();

    // One lock orders sequence numbers, the logs and socket writes, so frames leave in the order of their numbers.
    private final Object lock = new Object();
    private final Map<String, Session> sessions = new LinkedHashMap<>();
    private final Map<WebSocket, Session> bySocket = new LinkedHashMap<>();
    private final List<SessionRecord> records = new ArrayList<>();
    private int sessionCounter;
    private int nextInteractionSession;
    private int mostOpenAtOnce;
    private volatile Exception startFailure;
    // Told after a session opens or closes, outside the gateway lock (the state calls the gateway under its own).
    private volatile Runnable sessionsChanged = () -> { };

    private record Dispatch(int seq, String frame, LongConsumer onSent) {
    }

    /** A gateway session: alive until its client closes it cleanly; its socket comes and goes with resumes. */
    private static final class Session {
        final String id;
        final SessionRecord record;
        WebSocket socket;
        int sequence;
        boolean ended;
        final List<Dispatch> log = new ArrayList<>();

        Session(String id, SessionRecord record) {
            this.id = id;
            this.record = record;
        }

        boolean open() {
            return !ended && socket != null && socket.isOpen();
        }
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

    void onSessionsChanged(Runnable listener) {
        sessionsChanged = listener;
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
        return openSessionCount() > 0;
    }

    int openSessionCount() {
        synchronized (lock) {
            return (int) sessions.values().stream().filter(Session::open).count();
        }
    }

    /** The most sessions that were open at the same moment since the fake started. */
    int mostSessionsOpenAtOnce() {
        synchronized (lock) {
            return mostOpenAtOnce;
        }
    }

    /** Every session opened so far, oldest first. */
    List<SessionRecord> sessionRecords() {
        synchronized (lock) {
            return List.copyOf(records);
        }
    }

    /**
     * Sends a dispatch (op 0). An interaction goes to one session: the next open one in turn, or, while none is
     * open, into the log of the newest session that may still resume. Anything else goes to every live session.
     * {@code onSent} gets the nanoTime of each write, so a replay counts from the replay.
     *
     * @return the ids of the sessions it was given to
     */
    List<String> dispatch(String type, JsonObject data, LongConsumer onSent) {
        synchronized (lock) {
            List<Session> live = sessions.values().stream().filter(s -> !s.ended).toList();
            List<Session> targets;
            if (INTERACTION_CREATE.equals(type)) {
                List<Session> open = live.stream().filter(Session::open).toList();
                if (!open.isEmpty()) {
                    targets = List.of(open.get(nextInteractionSession++ % open.size()));
                } else {
                    targets = live.isEmpty() ? List.of() : List.of(live.get(live.size() - 1));
                }
            } else {
                targets = live;
            }
            for (Session s : targets) {
                send(s, type, data, onSent);
            }
            return targets.stream().map(s -> s.id).toList();
        }
    }

    private void send(Session s, String type, JsonObject data, LongConsumer onSent) {
        s.sequence++;
        JsonObject frame = new JsonObject();
        frame.addProperty("op", 0);
        frame.addProperty("s", s.sequence);
        frame.addProperty("t", type);
        frame.add("d", data);
        Dispatch dispatch = new Dispatch(s.sequence, frame.toString(), onSent);
        s.log.add(dispatch);
        if (s.open()) {
            write(s.socket, dispatch);
        }
    }

    /** Closes every open socket from the server side, keeping the sessions so that the bot can resume them. */
    void disconnect(int code) {
        List<WebSocket> sockets = new ArrayList<>();
        synchronized (lock) {
            for (Session s : sessions.values()) {
                if (s.socket != null) {
                    sockets.add(s.socket);
                    bySocket.remove(s.socket);
                    s.socket = null;
                    s.record.markDisconnected();
                }
            }
        }
        sockets.forEach(socket -> socket.close(code, "closed by the fake Discord"));
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
            Session s = new Session("fake-session-" + (++sessionCounter), new SessionRecord("fake-session-"
                    + sessionCounter, System.nanoTime()));
            sessions.put(s.id, s);
            records.add(s.record);
            attach(s, conn);
            ready.addProperty("session_id", s.id);
            ready.addProperty("resume_gateway_url", url());
            send(s, "READY", ready, nanos -> { });
            send(s, "GUILD_CREATE", guildCreate, s.record::ready);
        }
        sessionsChanged.run();
    }

    private void resume(WebSocket conn, JsonObject d) {
        resumes.incrementAndGet();
        if (!tokenMatches(d)) {
            conn.close(4004, "Authentication failed.");
            return;
        }
        synchronized (lock) {
            Session s = sessions.get(d.get("session_id").getAsString());
            if (s == null || s.ended) {
                // op 9 with d=false: the session cannot be resumed, identify anew
                conn.send("{\"op\":9,\"d\":false}");
                return;
            }
            int seen = d.get("seq").isJsonNull() ? 0 : d.get("seq").getAsInt();
            attach(s, conn);
            for (Dispatch dispatch : s.log) {
                if (dispatch.seq() > seen) {
                    replayed.incrementAndGet();
                    write(conn, dispatch);
                }
            }
            send(s, "RESUMED", new JsonObject(), nanos -> { });
        }
    }

    private void attach(Session s, WebSocket conn) {
        if (s.socket != null && s.socket != conn) {
            bySocket.remove(s.socket);
        }
        s.socket = conn;
        bySocket.put(conn, s);
        s.record.markConnected();
        int open = (int) sessions.values().stream().filter(Session::open).count();
        mostOpenAtOnce = Math.max(mostOpenAtOnce, open);
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
            Session s = bySocket.remove(conn);
            if (s == null || s.socket != conn) {
                return;
            }
            s.socket = null;
            s.record.markDisconnected();
            // Discord ends a session its client closes with 1000 or 1001; any other close may be resumed.
            if (remote && (code == CloseFrame.NORMAL || code == CloseFrame.GOING_AWAY)) {
                s.ended = true;
                s.log.clear();
                s.record.markEnded();
            }
        }
        sessionsChanged.run();
    }

    @Override
    public void onError(WebSocket conn, Exception ex) {
        if (conn == null) {
            startFailure = ex;
            started.countDown();
        }
    }
}
