package dev.unstuck.sandbox.vpc;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.unstuck.cloud.RouteEntry;
import dev.unstuck.cloud.RouteEntryStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback stand-in for the Alibaba Cloud VPC OpenAPI (version 2016-04-28) that the unmodified SDK can talk to.
 * It checks signatures, keys, timestamps and nonces like the real gateway, answers in the exact JSON (or XML) shapes
 * the SDK parses, and models what makes route repair hard: entries that are Pending for a while, one route change
 * per VPC at a time, duplicates, quotas, dry runs, ClientToken idempotency, throttling and server errors. The
 * sandbox runs it so a newcomer can watch a repair end to end without a cloud account. Thread-safe.
 */
public final class FakeVpcServer implements AutoCloseable {
    public static final String VERSION = "2016-04-28";
    /** The actions this server answers; anything else is InvalidAction.NotFound, as for a typo on the real API. */
    public static final Set<String> ACTIONS = Set.of("DescribeRouteTableList", "DescribeRouteEntryList",
            "CreateRouteEntry", "DescribeVpcAttribute", "DescribeVpcs", "DescribeVSwitches");
    private static final Logger log = LoggerFactory.getLogger(FakeVpcServer.class);

    static {
        // The JDK server writes headers and body separately; without TCP_NODELAY, Nagle meets the client's delayed
        // ACK and every answer waits ~40 ms, which would swamp the latency the sandbox injects on purpose.
        // Read once per JVM when the first server starts, hence a class initializer; an explicit setting wins.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final int requestedPort;
    private final Random random;
    private final VpcModel model;
    private final OpenApiGate gate;
    private final RouteActions routeActions;
    private final NetworkActions networkActions;
    private final Map<String, AtomicLong> requestsByAction = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private volatile VpcFaults faults = VpcFaults.none();
    private volatile String region = "cn-hangzhou";

    private HttpServer server;
    private ExecutorService workers;

    /** An ephemeral port and an unseeded random source. */
    public FakeVpcServer() {
        this(0, new Random(), Clock.systemUTC());
    }

    /** {@code seed} makes injected throttling and server errors reproducible. */
    public FakeVpcServer(int port, long seed) {
        this(port, new Random(seed), Clock.systemUTC());
    }

    public FakeVpcServer(int port, Random random, Clock clock) {
        this.requestedPort = port;
        this.random = random;
        this.model = new VpcModel(clock);
        this.gate = new OpenApiGate(clock);
        this.routeActions = new RouteActions(model, () -> region);
        this.networkActions = new NetworkActions(model, () -> region);
        model.setPending(faults.pending());
    }

    // ---------------------------------------------------------------- lifecycle

    public FakeVpcServer start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), requestedPort), 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on 127.0.0.1:" + requestedPort, e);
        }
        AtomicLong n = new AtomicLong();
        workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-vpc-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(workers);
        server.createContext("/", this::handle);
        server.start();
        log.info("Sandbox VPC OpenAPI listening on {}", endpoint());
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** "127.0.0.1:PORT": the SDK wants host:port without a scheme. */
    public String endpoint() {
        return "127.0.0.1:" + port();
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
            workers.shutdownNow();
        }
        model.close();
    }

    // ---------------------------------------------------------------- the account behind the API

    /** The VPCs, tables and entries this server answers about; the sandbox's simulated controllers share it. */
    public VpcModel model() {
        return model;
    }

    public FakeVpcServer region(String regionId) {
        this.region = regionId;
        return this;
    }

    public FakeVpcServer addCredentials(String accessKeyId, String accessKeySecret) {
        gate.addCredentials(accessKeyId, accessKeySecret);
        return this;
    }

    public FakeVpcServer addInstance(String instanceId) {
        model.addInstance(instanceId);
        return this;
    }

    public FakeVpcServer addVpc(String vpcId, String cidr) {
        model.addVpc(vpcId, cidr);
        return this;
    }

    public FakeVpcServer addVSwitch(String vpcId, String vSwitchId, String cidr, String zone) {
        model.addVSwitch(vpcId, vSwitchId, cidr, zone);
        return this;
    }

    /** The first table added to a VPC is its System (main) table, as in the cloud. */
    public FakeVpcServer addRouteTable(String vpcId, String routeTableId) {
        model.addRouteTable(vpcId, routeTableId);
        return this;
    }

    public String addRouteEntry(String routeTableId, String cidr, String nextHopInstanceId, RouteEntryStatus status) {
        return model.addRouteEntry(routeTableId, cidr, nextHopInstanceId, status);
    }

    public String addSystemRouteEntry(String routeTableId, String cidr) {
        return model.addSystemRouteEntry(routeTableId, cidr);
    }

    public void setEntryStatus(String routeEntryId, RouteEntryStatus status) {
        model.setEntryStatus(routeEntryId, status);
    }

    public void setFaults(VpcFaults faults) {
        this.faults = faults == null ? VpcFaults.none() : faults;
        model.setPending(this.faults.pending());
    }

    public VpcFaults faults() {
        return faults;
    }

    /** Custom entries a table may hold before CreateRouteEntry answers QuotaExceeded; unlimited by default. */
    public void setRouteEntryQuota(int quota) {
        model.setRouteEntryQuota(quota);
    }

    /** Called (on a server thread) whenever an entry is created or becomes Available. */
    public void onChange(Runnable listener) {
        model.onChange(listener);
    }

    public List<RouteEntry> entries(String routeTableId) {
        return model.entries(routeTableId);
    }

    /** Every table's entries, by route table id, in the order tables were added. */
    public Map<String, List<RouteEntry>> routeTables() {
        return model.routeTables();
    }

    /** Suffix of the action name under which dry runs are counted: {@code requestCount("CreateRouteEntry" + DRY_RUN)}. */
    public static final String DRY_RUN = "+DryRun";

    /** Requests received for the action, rejected ones included; dry runs only under {@code action + DRY_RUN}. */
    public long requestCount(String action) {
        AtomicLong n = requestsByAction.get(action);
        return n == null ? 0 : n.get();
    }

    public long requestCount() {
        return requests.get();
    }

    // ---------------------------------------------------------------- HTTP

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            Map<String, String> params = new LinkedHashMap<>();
            parseInto(exchange.getRequestURI().getRawQuery(), params);
            try (InputStream in = exchange.getRequestBody()) {
                parseInto(new String(in.readAllBytes(), StandardCharsets.UTF_8), params);
            }
            String action = params.getOrDefault("Action", "");
            // A dry run is counted apart: "how many CreateRouteEntry" means "how many writes were attempted".
            String counted = "true".equalsIgnoreCase(params.get("DryRun")) ? action + DRY_RUN : action;
            requestsByAction.computeIfAbsent(counted, a -> new AtomicLong()).incrementAndGet();
            VpcFaults f = faults;
            if (f.latencyMs() > 0) {
                pauseFor(f.latencyMs());
            }
            String requestId = UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
            boolean xml = ResponseBody.wantsXml(params);
            int status;
            byte[] body;
            try {
                gate.authenticate(exchange.getRequestMethod(), params);
                body = ResponseBody.render(dispatch(action, new ApiParams(params), requestId, f), xml,
                        action + "Response");
                status = 200;
            } catch (VpcApiError e) {
                status = e.status();
                body = ResponseBody.render(errorBody(requestId, e.code(), e.getMessage()), xml, "Error");
            }
            exchange.getResponseHeaders().set("Content-Type", ResponseBody.contentType(xml));
            exchange.getResponseHeaders().set("x-acs-request-id", requestId);
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (RuntimeException e) {
            log.warn("Sandbox VPC request failed unexpectedly", e);
            throw e;
        }
    }

    private static void parseInto(String raw, Map<String, String> params) {
        if (raw == null || raw.isEmpty()) {
            return;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            params.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
    }

    private Map<String, Object> dispatch(String action, ApiParams p, String requestId, VpcFaults f) {
        if (!VERSION.equals(p.get("Version"))) {
            throw new VpcApiError(400, "InvalidVersion", "Specified parameter Version is not valid.");
        }
        if (!ACTIONS.contains(action)) {
            throw new VpcApiError(404, "InvalidAction.NotFound",
                    "Specified api is not found, please check your url and method.");
        }
        String injected = f.failAction().get(action);
        if (injected != null) {
            throw VpcApiError.injected(injected);
        }
        double roll;
        synchronized (random) {
            roll = random.nextDouble();
        }
        if (roll < f.throttleRate()) {
            throw new VpcApiError(400, "Throttling.User", "Request was denied due to user flow control.");
        }
        if (roll < f.throttleRate() + f.serverErrorRate()) {
            throw new VpcApiError(500, "InternalError", "The request processing has failed due to some unknown error.");
        }
        return switch (action) {
            case "DescribeRouteTableList" -> routeActions.describeRouteTableList(p, requestId);
            case "DescribeRouteEntryList" -> routeActions.describeRouteEntryList(p, requestId);
            case "CreateRouteEntry" -> routeActions.createRouteEntry(p, requestId);
            case "DescribeVpcAttribute" -> networkActions.describeVpcAttribute(p, requestId);
            case "DescribeVSwitches" -> networkActions.describeVSwitches(p, requestId);
            default -> networkActions.describeVpcs(p, requestId);
        };
    }

    private static Map<String, Object> errorBody(String requestId, String code, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("RequestId", requestId);
        m.put("HostId", "vpc.aliyuncs.com");
        m.put("Code", code);
        m.put("Message", message);
        m.put("Recommend", "https://api.aliyun.com/troubleshoot?q=" + code + "&product=Vpc");
        return m;
    }

    private static void pauseFor(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
