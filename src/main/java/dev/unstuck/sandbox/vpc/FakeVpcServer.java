package dev.unstuck.sandbox.vpc;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
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
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback stand-in for the Alibaba Cloud VPC OpenAPI (version 2016-04-28) that the unmodified SDK can talk to.
 * It checks signatures, keys, timestamps and nonces like the real gateway, answers in the exact JSON shapes the SDK
 * parses, and models what makes route repair hard: entries that are Pending for a while, one route change per VPC at
 * a time, duplicates, ClientToken idempotency, throttling and server errors. The sandbox runs it so a newcomer can
 * watch a repair end to end without a cloud account. Thread-safe.
 */
public final class FakeVpcServer implements AutoCloseable {
    public static final String VERSION = "2016-04-28";
    private static final Logger log = LoggerFactory.getLogger(FakeVpcServer.class);
    private static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(15);
    private static final Pattern CIDR = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");
    private static final Set<String> ACTIONS = Set.of("DescribeRouteTableList", "DescribeRouteEntryList",
            "CreateRouteEntry", "DescribeVpcAttribute", "DescribeVpcs");

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
    private final Clock clock;
    private final Gson gson = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();
    private final Object lock = new Object();

    private final Map<String, Vpc> vpcs = new LinkedHashMap<>();
    private final Map<String, Table> tables = new LinkedHashMap<>();
    private final Set<String> instances = new HashSet<>();
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final LinkedHashMap<String, Instant> nonces = new LinkedHashMap<>();
    private final Map<String, AtomicLong> requestsByAction = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong(1);
    private volatile VpcFaults faults = VpcFaults.none();
    private volatile int routeEntryQuota = Integer.MAX_VALUE;
    private String region = "cn-hangzhou";

    private HttpServer server;
    private ExecutorService workers;
    private ScheduledExecutorService scheduler;

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
        this.clock = clock;
    }

    // ---------------------------------------------------------------- lifecycle

    public FakeVpcServer start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), requestedPort), 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on 127.0.0.1:" + requestedPort, e);
        }
        workers = Executors.newCachedThreadPool(daemon("fake-vpc-http"));
        scheduler = Executors.newSingleThreadScheduledExecutor(daemon("fake-vpc-status"));
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
            scheduler.shutdownNow();
        }
    }

    // ---------------------------------------------------------------- seeding

    public FakeVpcServer region(String regionId) {
        synchronized (lock) {
            region = regionId;
        }
        return this;
    }

    public FakeVpcServer addCredentials(String accessKeyId, String accessKeySecret) {
        secrets.put(accessKeyId, accessKeySecret);
        return this;
    }

    public FakeVpcServer addInstance(String instanceId) {
        synchronized (lock) {
            instances.add(instanceId);
        }
        return this;
    }

    public FakeVpcServer addVpc(String vpcId, String cidr) {
        synchronized (lock) {
            vpcs.put(vpcId, new Vpc(vpcId, cidr, "vrt-" + vpcId.replaceFirst("^vpc-", "")));
        }
        return this;
    }

    /** The first table added to a VPC is its System (main) table, as in the cloud. */
    public FakeVpcServer addRouteTable(String vpcId, String routeTableId) {
        synchronized (lock) {
            Vpc vpc = vpcs.get(vpcId);
            if (vpc == null) {
                throw new IllegalArgumentException("unknown VPC " + vpcId);
            }
            tables.put(routeTableId, new Table(routeTableId, vpc, vpc.tableIds.isEmpty() ? "System" : "Custom"));
            vpc.tableIds.add(routeTableId);
        }
        return this;
    }

    /**
     * Seeds a Custom entry to an instance. A PENDING entry becomes Available after the configured pending time,
     * other statuses stay as given (see {@link #setEntryStatus}).
     */
    public String addRouteEntry(String routeTableId, String cidr, String nextHopInstanceId, RouteEntryStatus status) {
        String id;
        synchronized (lock) {
            Table table = table(routeTableId);
            Entry e = new Entry(newId("rte-"), table, cidr, "Instance", nextHopInstanceId, "Custom", "", null);
            if (status == RouteEntryStatus.PENDING) {
                e.availableAt = clock.instant().plus(faults.pending());
            } else {
                e.fixedStatus = status;
            }
            table.entries.add(e);
            id = e.id;
            if (e.availableAt != null) {
                scheduleAvailable(faults.pending());
            }
        }
        fireChange();
        return id;
    }

    /** Seeds an Available System entry, like the ones the cloud adds for vSwitch CIDRs. */
    public String addSystemRouteEntry(String routeTableId, String cidr) {
        String id;
        synchronized (lock) {
            Table table = table(routeTableId);
            Entry e = new Entry(newId("rte-"), table, cidr, "local", "", "System", "", null);
            e.fixedStatus = RouteEntryStatus.AVAILABLE;
            table.entries.add(e);
            id = e.id;
        }
        fireChange();
        return id;
    }

    /** Pins an entry's status, e.g. to leave a route stuck in Pending for a scenario. */
    public void setEntryStatus(String routeEntryId, RouteEntryStatus status) {
        synchronized (lock) {
            Entry e = tables.values().stream().flatMap(t -> t.entries.stream())
                    .filter(x -> x.id.equals(routeEntryId)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown route entry " + routeEntryId));
            e.availableAt = null;
            e.fixedStatus = status;
        }
        fireChange();
    }

    public void setFaults(VpcFaults faults) {
        this.faults = faults == null ? VpcFaults.none() : faults;
    }

    public VpcFaults faults() {
        return faults;
    }

    /** Custom entries a table may hold before CreateRouteEntry answers QuotaExceeded; unlimited by default. */
    public void setRouteEntryQuota(int quota) {
        this.routeEntryQuota = quota;
    }

    /** Called (on a server thread) whenever an entry is created or becomes Available. */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    // ---------------------------------------------------------------- inspection

    public List<RouteEntry> entries(String routeTableId) {
        synchronized (lock) {
            Instant now = clock.instant();
            return table(routeTableId).entries.stream().map(e -> e.toRecord(now)).toList();
        }
    }

    /** Every table's entries, by route table id, in the order tables were added. */
    public Map<String, List<RouteEntry>> routeTables() {
        synchronized (lock) {
            Instant now = clock.instant();
            Map<String, List<RouteEntry>> out = new LinkedHashMap<>();
            tables.forEach((id, t) -> out.put(id, t.entries.stream().map(e -> e.toRecord(now)).toList()));
            return out;
        }
    }

    /** Requests received for the action, rejected ones included. */
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
            requestsByAction.computeIfAbsent(action, a -> new AtomicLong()).incrementAndGet();
            VpcFaults f = faults;
            if (f.latencyMs() > 0) {
                pauseFor(f.latencyMs());
            }
            String requestId = UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
            int status;
            Object body;
            try {
                authenticate(exchange.getRequestMethod(), params);
                body = dispatch(action, params, requestId, f);
                status = 200;
            } catch (ApiError e) {
                status = e.status;
                body = errorBody(requestId, e.code, e.getMessage());
            }
            byte[] bytes = gson.toJson(body).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json;charset=utf-8");
            exchange.getResponseHeaders().set("x-acs-request-id", requestId);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
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

    private void authenticate(String method, Map<String, String> p) {
        String keyId = p.get("AccessKeyId");
        if (keyId == null || keyId.isEmpty()) {
            throw new ApiError(400, "MissingAccessKeyId", "AccessKeyId is mandatory for this action.");
        }
        String secret = secrets.get(keyId);
        if (secret == null) {
            throw new ApiError(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.");
        }
        if (!"HMAC-SHA1".equals(p.get("SignatureMethod")) || !"1.0".equals(p.get("SignatureVersion"))) {
            throw new ApiError(400, "InvalidSignatureMethod", "Specified signature method is not supported.");
        }
        String timestamp = p.get("Timestamp");
        if (timestamp == null) {
            throw new ApiError(400, "MissingTimestamp", "Timestamp is mandatory for this action.");
        }
        Instant sent;
        try {
            sent = Instant.parse(timestamp);
        } catch (DateTimeParseException e) {
            throw new ApiError(400, "InvalidTimeStamp.Format", "Specified time stamp or date value is not well formatted.");
        }
        Instant now = clock.instant();
        if (Duration.between(sent, now).abs().compareTo(MAX_CLOCK_SKEW) > 0) {
            throw new ApiError(400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.");
        }
        String stringToSign = OpenApiSignature.stringToSign(method, p);
        String expected = OpenApiSignature.sign(secret, stringToSign);
        String given = p.getOrDefault("Signature", "");
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8))) {
            // The real gateway quotes its string-to-sign; the SDK compares it with its own to tell a wrong secret
            // (same string, different key) from a signing bug.
            throw new ApiError(400, "SignatureDoesNotMatch",
                    "Specified signature is not matched with our calculation. server string to sign is:"
                            + stringToSign);
        }
        String nonce = p.get("SignatureNonce");
        if (nonce == null || nonce.isEmpty()) {
            throw new ApiError(400, "MissingSignatureNonce", "SignatureNonce is mandatory for this action.");
        }
        synchronized (nonces) {
            for (Iterator<Instant> it = nonces.values().iterator(); it.hasNext(); ) {
                if (Duration.between(it.next(), now).compareTo(MAX_CLOCK_SKEW) > 0) {
                    it.remove();
                } else {
                    break;
                }
            }
            if (nonces.putIfAbsent(nonce, now) != null) {
                throw new ApiError(400, "SignatureNonceUsed", "Specified signature nonce was used already.");
            }
        }
    }

    private Object dispatch(String action, Map<String, String> p, String requestId, VpcFaults f) {
        if (!VERSION.equals(p.get("Version"))) {
            throw new ApiError(400, "InvalidVersion", "Specified parameter Version is not valid.");
        }
        if (!ACTIONS.contains(action)) {
            throw new ApiError(404, "InvalidAction.NotFound",
                    "Specified api is not found, please check your url and method.");
        }
        String injected = f.failAction().get(action);
        if (injected != null) {
            throw new ApiError(statusFor(injected), injected, messageFor(injected));
        }
        double roll = random.nextDouble();
        if (roll < f.throttleRate()) {
            throw new ApiError(400, "Throttling.User", "Request was denied due to user flow control.");
        }
        if (roll < f.throttleRate() + f.serverErrorRate()) {
            throw new ApiError(500, "InternalError", "The request processing has failed due to some unknown error.");
        }
        return switch (action) {
            case "DescribeRouteTableList" -> describeRouteTableList(p, requestId);
            case "DescribeRouteEntryList" -> describeRouteEntryList(p, requestId);
            case "CreateRouteEntry" -> createRouteEntry(p, requestId, f);
            case "DescribeVpcAttribute" -> describeVpcAttribute(p, requestId);
            default -> describeVpcs(p, requestId);
        };
    }

    // ---------------------------------------------------------------- actions

    private Object describeRouteTableList(Map<String, String> p, String requestId) {
        int pageNumber = intParam(p, "PageNumber", 1, 1, Integer.MAX_VALUE);
        int pageSize = intParam(p, "PageSize", 10, 1, 50);
        synchronized (lock) {
            List<Table> matching = tables.values().stream()
                    .filter(t -> matches(p, "VpcId", t.vpc.id))
                    .filter(t -> matches(p, "RouteTableId", t.id))
                    .filter(t -> matches(p, "RouterId", t.vpc.vRouterId))
                    .filter(t -> matches(p, "RouterType", "VRouter"))
                    .toList();
            List<Object> page = new ArrayList<>();
            for (Table t : slice(matching, (pageNumber - 1) * (long) pageSize, pageSize)) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("VpcId", t.vpc.id);
                m.put("RouteTableId", t.id);
                m.put("RouteTableName", "");
                m.put("RouterId", t.vpc.vRouterId);
                m.put("RouterType", "VRouter");
                m.put("RouteTableType", t.type);
                m.put("Status", "Available");
                m.put("Description", "");
                m.put("VSwitchIds", Map.of("VSwitchId", List.of()));
                m.put("GatewayIds", Map.of("GatewayIds", List.of()));
                m.put("Tags", Map.of("Tag", List.of()));
                page.add(m);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("RequestId", requestId);
            out.put("PageNumber", pageNumber);
            out.put("PageSize", pageSize);
            out.put("TotalCount", matching.size());
            out.put("Success", true);
            out.put("Code", "200");
            out.put("Message", "successful");
            out.put("RouterTableList", Map.of("RouterTableListType", page));
            return out;
        }
    }

    private Object describeRouteEntryList(Map<String, String> p, String requestId) {
        String tableId = required(p, "RouteTableId");
        int maxResult = intParam(p, "MaxResult", 10, 1, 100);
        synchronized (lock) {
            Table table = tables.get(tableId);
            if (table == null) {
                throw new ApiError(404, "InvalidRouteTable.NotFound", "The specified route table does not exist.");
            }
            Instant now = clock.instant();
            List<Entry> matching = table.entries.stream()
                    .filter(e -> matches(p, "DestinationCidrBlock", e.cidr))
                    .filter(e -> matches(p, "RouteEntryType", e.type))
                    .filter(e -> matches(p, "NextHopId", e.nextHopId))
                    .filter(e -> matches(p, "NextHopType", e.nextHopType))
                    .filter(e -> matches(p, "RouteEntryId", e.id))
                    .toList();
            int offset = offset(p.get("NextToken"), tableId, matching.size());
            List<Entry> page = slice(matching, offset, maxResult);
            List<Object> json = page.stream().map(e -> (Object) entryJson(e, now)).toList();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("RequestId", requestId);
            if (offset + page.size() < matching.size()) {
                out.put("NextToken", token(tableId, offset + page.size()));
            }
            out.put("RouteEntrys", Map.of("RouteEntry", json));
            return out;
        }
    }

    private Object createRouteEntry(Map<String, String> p, String requestId, VpcFaults f) {
        String tableId = required(p, "RouteTableId");
        String cidr = required(p, "DestinationCidrBlock");
        String nextHopType = p.getOrDefault("NextHopType", "Instance");
        String nextHopId = p.get("NextHopId");
        String clientToken = p.get("ClientToken");
        String description = p.getOrDefault("Description", "");
        String id;
        synchronized (lock) {
            Table table = tables.get(tableId);
            if (table == null) {
                throw new ApiError(404, "InvalidRouteTableId.NotFound", "The specified route table does not exist.");
            }
            if (clientToken != null && table.tokens.containsKey(clientToken)) {
                return Map.of("RequestId", requestId, "RouteEntryId", table.tokens.get(clientToken));
            }
            if (!validCidr(cidr)) {
                throw new ApiError(400, "InvalidCidrBlock.Malformed", "Specified CIDR block is not valid.");
            }
            if (description.length() > 256 || description.startsWith("http://") || description.startsWith("https://")) {
                throw new ApiError(400, "InvalidDescription.Malformed", "Specified description is not valid.");
            }
            if (!"Instance".equals(nextHopType)) {
                throw new ApiError(400, "InvalidNextHopType.NotSupported",
                        "The sandbox supports next hop type Instance only.");
            }
            if (nextHopId == null || !instances.contains(nextHopId)) {
                throw new ApiError(404, "InvalidInstanId.NotFound", "The specified instance does not exist.");
            }
            for (Entry e : table.entries) {
                if (e.cidr.equals(cidr)) {
                    if (nextHopId.equals(e.nextHopId)) {
                        throw new ApiError(400, "RouteConflict.AlreadyExist",
                                "A route entry with the same destination and next hop already exists.");
                    }
                    throw new ApiError(400, "InvalidCIDRBlock.Duplicate", "Specified CIDR block already exists.");
                }
            }
            Instant now = clock.instant();
            boolean busy = table.vpc.tableIds.stream().map(tables::get)
                    .flatMap(t -> t.entries.stream())
                    .anyMatch(e -> e.status(now) == RouteEntryStatus.PENDING);
            if (busy) {
                throw new ApiError(400, "TaskConflict", "The operation is too frequent, please try again later.");
            }
            long custom = table.entries.stream().filter(e -> "Custom".equals(e.type)).count();
            if (custom >= routeEntryQuota) {
                throw new ApiError(400, "QuotaExceeded", "The route entry quota of the route table is exceeded.");
            }
            Entry e = new Entry(newId("rte-"), table, cidr, nextHopType, nextHopId, "Custom", description,
                    now.plus(f.pending()));
            table.entries.add(e);
            if (clientToken != null) {
                table.tokens.put(clientToken, e.id);
            }
            id = e.id;
            scheduleAvailable(f.pending());
        }
        fireChange();
        return Map.of("RequestId", requestId, "RouteEntryId", id);
    }

    private Object describeVpcAttribute(Map<String, String> p, String requestId) {
        String vpcId = required(p, "VpcId");
        synchronized (lock) {
            Vpc vpc = vpcs.get(vpcId);
            if (vpc == null) {
                throw new ApiError(404, "InvalidVpcId.NotFound", "Specified VPC does not exist.");
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("RequestId", requestId);
            out.put("VpcId", vpc.id);
            out.put("RegionId", region);
            out.put("VpcName", "");
            out.put("CidrBlock", vpc.cidr);
            out.put("VRouterId", vpc.vRouterId);
            out.put("Status", "Available");
            out.put("IsDefault", false);
            out.put("Description", "");
            out.put("VSwitchIds", Map.of("VSwitchId", List.of()));
            return out;
        }
    }

    private Object describeVpcs(Map<String, String> p, String requestId) {
        int pageNumber = intParam(p, "PageNumber", 1, 1, Integer.MAX_VALUE);
        int pageSize = intParam(p, "PageSize", 10, 1, 50);
        Set<String> wanted = p.containsKey("VpcId") ? Set.of(p.get("VpcId").split(",")) : null;
        synchronized (lock) {
            List<Vpc> matching = vpcs.values().stream().filter(v -> wanted == null || wanted.contains(v.id)).toList();
            List<Object> page = new ArrayList<>();
            for (Vpc v : slice(matching, (pageNumber - 1) * (long) pageSize, pageSize)) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("VpcId", v.id);
                m.put("RegionId", region);
                m.put("Status", "Available");
                m.put("VpcName", "");
                m.put("CidrBlock", v.cidr);
                m.put("VRouterId", v.vRouterId);
                m.put("IsDefault", false);
                m.put("RouterTableIds", Map.of("RouterTableIds", List.copyOf(v.tableIds)));
                m.put("VSwitchIds", Map.of("VSwitchId", List.of()));
                page.add(m);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("RequestId", requestId);
            out.put("TotalCount", matching.size());
            out.put("PageNumber", pageNumber);
            out.put("PageSize", pageSize);
            out.put("Vpcs", Map.of("Vpc", page));
            return out;
        }
    }

    // ---------------------------------------------------------------- helpers

    private Map<String, Object> entryJson(Entry e, Instant now) {
        Map<String, Object> related = new LinkedHashMap<>();
        related.put("InstanceId", "");
        related.put("InstanceType", "");
        related.put("RegionId", "");
        Map<String, Object> hop = new LinkedHashMap<>();
        hop.put("NextHopType", e.nextHopType);
        hop.put("NextHopId", e.nextHopId);
        hop.put("Enabled", 1);
        hop.put("Weight", 100);
        hop.put("NextHopRegionId", region);
        hop.put("NextHopRelatedInfo", related);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("RouteEntryId", e.id);
        m.put("RouteTableId", e.table.id);
        m.put("DestinationCidrBlock", e.cidr);
        m.put("Type", e.type);
        m.put("Status", e.status(now).wireName());
        m.put("IpVersion", "ipv4");
        m.put("RouteEntryName", "");
        m.put("Description", e.description);
        m.put("NextHops", Map.of("NextHop", List.of(hop)));
        return m;
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

    /** Tokens name the table and the offset, so a token from another table or a forged one is rejected. */
    private static String token(String tableId, int offset) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("rte|" + tableId + "|" + offset).getBytes(StandardCharsets.UTF_8));
    }

    private static int offset(String token, String tableId, int size) {
        if (token == null || token.isEmpty()) {
            return 0;
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\\|");
            int offset = Integer.parseInt(parts[2]);
            if (parts.length == 3 && "rte".equals(parts[0]) && tableId.equals(parts[1]) && offset > 0
                    && offset <= size) {
                return offset;
            }
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            // falls through to the error the real API gives for a token it did not issue
        }
        throw new ApiError(400, "IllegalParam.NextToken", "The specified NextToken is invalid.");
    }

    private static <T> List<T> slice(List<T> all, long from, int size) {
        if (from >= all.size()) {
            return List.of();
        }
        return all.subList((int) from, (int) Math.min(all.size(), from + size));
    }

    private static boolean matches(Map<String, String> p, String name, String value) {
        String wanted = p.get(name);
        return wanted == null || wanted.isEmpty() || wanted.equals(value);
    }

    private static String required(Map<String, String> p, String name) {
        String v = p.get(name);
        if (v == null || v.isEmpty()) {
            throw new ApiError(400, "Missing" + name, name + " is mandatory for this action.");
        }
        return v;
    }

    private static int intParam(Map<String, String> p, String name, int dflt, int min, int max) {
        String v = p.get(name);
        if (v == null || v.isEmpty()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below like any out-of-range value
        }
        throw new ApiError(400, "IllegalParam." + name, "The specified " + name + " is invalid.");
    }

    static boolean validCidr(String cidr) {
        Matcher m = CIDR.matcher(cidr);
        if (!m.matches()) {
            return false;
        }
        long ip = 0;
        for (int i = 1; i <= 4; i++) {
            int octet = Integer.parseInt(m.group(i));
            if (octet > 255) {
                return false;
            }
            ip = (ip << 8) | octet;
        }
        int prefix = Integer.parseInt(m.group(5));
        if (prefix > 32) {
            return false;
        }
        long hostMask = prefix == 32 ? 0 : (1L << (32 - prefix)) - 1;
        return (ip & hostMask) == 0;
    }

    private static int statusFor(String code) {
        if (code.startsWith("Forbidden")) {
            return 403;
        }
        if (code.endsWith(".NotFound")) {
            return 404;
        }
        if (code.equals("ServiceUnavailable")) {
            return 503;
        }
        if (code.equals("InternalError") || code.equals("UnknownError")) {
            return 500;
        }
        return 400;
    }

    private static String messageFor(String code) {
        return switch (code) {
            case "Forbidden.RAM" -> "User not authorized to operate on the specified resource, or this API "
                    + "doesn't support RAM.";
            case "QuotaExceeded" -> "The route entry quota of the route table is exceeded.";
            case "TaskConflict" -> "The operation is too frequent, please try again later.";
            case "InternalError" -> "The request processing has failed due to some unknown error.";
            case "ServiceUnavailable" -> "The request has failed due to a temporary failure of the server.";
            default -> code.startsWith("Throttling") ? "Request was denied due to user flow control."
                    : "The request failed: " + code + ".";
        };
    }

    private String newId(String prefix) {
        return prefix + String.format(Locale.ROOT, "%024x", ids.getAndIncrement());
    }

    private Table table(String routeTableId) {
        Table t = tables.get(routeTableId);
        if (t == null) {
            throw new IllegalArgumentException("unknown route table " + routeTableId);
        }
        return t;
    }

    /** Status is computed from time, so no thread is needed for it; the timer only tells listeners promptly. */
    private void scheduleAvailable(Duration after) {
        if (scheduler != null) {
            scheduler.schedule(this::fireChange, after.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void fireChange() {
        for (Runnable l : listeners) {
            try {
                l.run();
            } catch (RuntimeException e) {
                log.warn("Sandbox VPC change listener failed", e);
            }
        }
    }

    private static void pauseFor(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicLong n = new AtomicLong();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    // ---------------------------------------------------------------- state

    private static final class Vpc {
        final String id;
        final String cidr;
        final String vRouterId;
        final List<String> tableIds = new ArrayList<>();

        Vpc(String id, String cidr, String vRouterId) {
            this.id = id;
            this.cidr = cidr;
            this.vRouterId = vRouterId;
        }
    }

    private static final class Table {
        final String id;
        final Vpc vpc;
        final String type;
        final List<Entry> entries = new ArrayList<>();
        final Map<String, String> tokens = new ConcurrentHashMap<>();

        Table(String id, Vpc vpc, String type) {
            this.id = id;
            this.vpc = vpc;
            this.type = type;
        }
    }

    private static final class Entry {
        final String id;
        final Table table;
        final String cidr;
        final String nextHopType;
        final String nextHopId;
        final String type;
        final String description;
        /** When set, the entry is Pending until then and Available after. */
        Instant availableAt;
        RouteEntryStatus fixedStatus;

        Entry(String id, Table table, String cidr, String nextHopType, String nextHopId, String type,
              String description, Instant availableAt) {
            this.id = id;
            this.table = table;
            this.cidr = cidr;
            this.nextHopType = nextHopType;
            this.nextHopId = nextHopId;
            this.type = type;
            this.description = description;
            this.availableAt = availableAt;
        }

        RouteEntryStatus status(Instant now) {
            if (availableAt != null) {
                return now.isBefore(availableAt) ? RouteEntryStatus.PENDING : RouteEntryStatus.AVAILABLE;
            }
            return fixedStatus;
        }

        RouteEntry toRecord(Instant now) {
            return new RouteEntry(id, table.id, cidr, nextHopType, nextHopId, status(now), type, description);
        }
    }

    private static final class ApiError extends RuntimeException {
        final int status;
        final String code;

        ApiError(int status, String code, String message) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
        }
    }
}
