package dev.unstuck.sandbox;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceList;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sandbox API server's front door: discovery documents and pod logs it answers itself, everything else goes to
 * the CRUD store. Namespaces are shown as a real API server shows them: the store cannot hold a deletionTimestamp
 * in the past (it stamps its own at delete time), and it needs a metadata finalizer to keep a deleting namespace, so
 * both are corrected on the way out for every client except the simulation itself.
 */
final class SandboxDispatcher extends KubernetesMixedDispatcher {
    static final String SIMULATOR_AGENT = "unstuck-sandbox-simulator";
    static final String HOLD_FINALIZER = "kubernetes";

    private static final Pattern NAMESPACE_PATH = Pattern.compile("/api/v1/namespaces(/[^/]+)?");
    private static final Pattern LOG_PATH = Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/]+)/log");
    private static final Pattern TAIL_LINES = Pattern.compile("[?&]tailLines=(\\d+)");

    private final SandboxDiscovery discovery;
    private final Map<String, Instant> presentedDeletion = new ConcurrentHashMap<>();
    private final Map<String, List<String>> podLogs = new ConcurrentHashMap<>();
    private final AtomicLong clientRequests = new AtomicLong();
    private final ExecutorService watchCloser = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "sandbox-watch-close");
        t.setDaemon(true);
        return t;
    });

    SandboxDispatcher(Map<ServerRequest, Queue<ServerResponse>> responses, SandboxDiscovery discovery) {
        super(responses);
        this.discovery = discovery;
    }

    /** Namespace {@code name} is shown as deleting since {@code since}. */
    void presentDeletion(String name, Instant since) {
        presentedDeletion.put(name, since.truncatedTo(ChronoUnit.SECONDS));
    }

    void forget(String namespace) {
        presentedDeletion.remove(namespace);
    }

    void setPodLog(String namespace, String pod, List<String> lines) {
        podLogs.put(namespace + "/" + pod, List.copyOf(lines));
    }

    /** Requests made by clients other than the simulation: what a benchmark of the diagnosis counts. */
    long clientRequests() {
        return clientRequests.get();
    }

    @Override
    public MockResponse dispatch(RecordedRequest incoming) {
        boolean simulator = SIMULATOR_AGENT.equals(incoming.getHeader("User-Agent"));
        RecordedRequest request = simulator ? incoming : NamespaceAdmission.admit(incoming);
        if (!simulator) {
            clientRequests.incrementAndGet();
        }
        String full = request.getPath();
        int q = full.indexOf('?');
        String path = q < 0 ? full : full.substring(0, q);
        if ("GET".equals(request.getMethod())) {
            var discovered = discovery.answer(path);
            if (discovered.isPresent()) {
                return json(discovered.get().code(), discovered.get().body());
            }
            Matcher log = LOG_PATH.matcher(path);
            if (log.matches()) {
                return podLog(log.group(1), log.group(2), full);
            }
        }
        MockResponse response = super.dispatch(request);
        if (response.getWebSocketListener() != null) {
            response.withWebSocketUpgrade(new OffLoopWatchClose(response.getWebSocketListener(), watchCloser));
        }
        if (!simulator && "GET".equals(request.getMethod()) && NAMESPACE_PATH.matcher(path).matches()
                && !full.contains("watch=true") && response.code() == 200) {
            return present(response, path.equals("/api/v1/namespaces"));
        }
        return response;
    }

    @Override
    public void shutdown() {
        watchCloser.shutdownNow();
        super.shutdown();
    }

    private MockResponse podLog(String namespace, String pod, String full) {
        List<String> lines = podLogs.get(namespace + "/" + pod);
        if (lines == null) {
            return json(404, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"pods \\\""
                    + pod + "\\\" not found\",\"reason\":\"NotFound\",\"code\":404}");
        }
        Matcher tail = TAIL_LINES.matcher(full);
        if (tail.find()) {
            int n = Integer.parseInt(tail.group(1));
            lines = lines.subList(Math.max(0, lines.size() - n), lines.size());
        }
        StringBuilder body = new StringBuilder();
        lines.forEach(l -> body.append(l).append('\n'));
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain").setBody(body.toString());
    }

    private MockResponse present(MockResponse response, boolean list) {
        String body = response.getBody().readUtf8();
        String rewritten;
        if (list) {
            NamespaceList namespaces = Serialization.unmarshal(body, NamespaceList.class);
            namespaces.getItems().forEach(this::present);
            rewritten = Serialization.asJson(namespaces);
        } else {
            Namespace ns = Serialization.unmarshal(body, Namespace.class);
            present(ns);
            rewritten = Serialization.asJson(ns);
        }
        return json(200, rewritten);
    }

    private void present(Namespace ns) {
        var meta = ns.getMetadata();
        Instant since = presentedDeletion.get(meta.getName());
        if (since != null && meta.getDeletionTimestamp() != null) {
            meta.setDeletionTimestamp(since.toString());
        }
        if (meta.getFinalizers() != null) {
            List<String> kept = new ArrayList<>(meta.getFinalizers());
            kept.remove(HOLD_FINALIZER);
            meta.setFinalizers(kept.isEmpty() ? null : kept);
        }
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(body);
    }
}
