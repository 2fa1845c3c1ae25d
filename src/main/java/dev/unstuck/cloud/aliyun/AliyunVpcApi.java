package dev.unstuck.cloud.aliyun;

import com.aliyuncs.AcsResponse;
import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.RpcAcsRequest;
import com.aliyuncs.auth.AlibabaCloudCredentialsProvider;
import com.aliyuncs.auth.BasicCredentials;
import com.aliyuncs.auth.BasicSessionCredentials;
import com.aliyuncs.auth.DefaultCredentialsProvider;
import com.aliyuncs.auth.StaticCredentialsProvider;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.exceptions.ServerException;
import com.aliyuncs.http.HttpClientConfig;
import com.aliyuncs.http.MethodType;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.profile.DefaultProfile;
import com.aliyuncs.vpc.model.v20160428.DescribeRouteEntryListRequest;
import com.aliyuncs.vpc.model.v20160428.DescribeRouteEntryListResponse;
import com.aliyuncs.vpc.model.v20160428.DescribeRouteTableListRequest;
import com.aliyuncs.vpc.model.v20160428.DescribeRouteTableListResponse;
import com.aliyuncs.vpc.model.v20160428.DescribeVpcAttributeRequest;
import com.aliyuncs.vpc.model.v20160428.DescribeVSwitchesRequest;
import com.aliyuncs.vpc.model.v20160428.DescribeVSwitchesResponse;
import com.aliyuncs.vpc.model.v20160428.DescribeVpcAttributeResponse;
import dev.unstuck.cloud.CloudCallListener;
import dev.unstuck.cloud.CloudErrors;
import dev.unstuck.cloud.CloudException;
import dev.unstuck.cloud.CreateRouteEntryRequest;
import dev.unstuck.cloud.RouteEntry;
import dev.unstuck.cloud.RouteEntryStatus;
import dev.unstuck.cloud.RouteTable;
import dev.unstuck.cloud.VSwitch;
import dev.unstuck.cloud.VpcApi;
import dev.unstuck.cloud.VpcAttributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/** {@link VpcApi} on the Alibaba Cloud Java SDK (aliyun-java-sdk-vpc, API version 2016-04-28). */
public final class AliyunVpcApi implements VpcApi {
    private static final Logger log = LoggerFactory.getLogger(AliyunVpcApi.class);
    private static final int ROUTE_ENTRY_PAGE = 100;
    private static final int ROUTE_TABLE_PAGE = 50;
    private static final int VSWITCH_PAGE = 50;
    private static final Set<String> VPC_NOT_FOUND = Set.of("InvalidVpcId.NotFound", "InvalidVpcID.NotFound",
            "InvalidVpcId.NotExist", "Forbidden.VpcNotFound");

    private final AliyunSettings settings;
    private final DefaultAcsClient client;
    private final AtomicLong calls = new AtomicLong();
    private final ProtocolType protocol;
    private final CloudCallListener listener;

    public AliyunVpcApi(AliyunSettings settings) {
        this(settings, CloudCallListener.NONE);
    }

    public AliyunVpcApi(AliyunSettings settings, CloudCallListener listener) {
        this(settings, credentialsFor(settings), listener);
    }

    /** With a caller-chosen credentials source, e.g. a refreshing STS provider. */
    public AliyunVpcApi(AliyunSettings settings, AlibabaCloudCredentialsProvider credentials) {
        this(settings, credentials, CloudCallListener.NONE);
    }

    public AliyunVpcApi(AliyunSettings settings, AlibabaCloudCredentialsProvider credentials,
                        CloudCallListener listener) {
        this.settings = settings;
        this.listener = listener == null ? CloudCallListener.NONE : listener;
        CredentialLogGuard.install();
        DefaultProfile profile = DefaultProfile.getProfile(settings.regionId());
        HttpClientConfig http = HttpClientConfig.getDefault();
        http.setConnectionTimeoutMillis(settings.connectTimeout().toMillis());
        http.setReadTimeoutMillis(settings.readTimeout().toMillis());
        // The SDK honours HTTP_PROXY; the sandbox endpoint is on loopback and must never go through a proxy.
        http.setNoProxy("127.0.0.1,localhost");
        profile.setHttpClientConfig(http);
        this.client = new DefaultAcsClient(profile, credentials);
        this.protocol = settings.endpoint() == null ? ProtocolType.HTTPS : protocolFor(settings.endpoint());
        if (settings.endpoint() != null) {
            String endpoint = settings.endpoint();
            // Per client, unlike DefaultProfile.addEndpoint, which is JVM-global and would leak into other clients.
            client.setEndpointResolver(request -> endpoint);
        }
        log.info("VPC OpenAPI client ready ({}): {}", protocol, settings);
    }

    private static AlibabaCloudCredentialsProvider credentialsFor(AliyunSettings settings) {
        if (settings.hasExplicitCredentials()) {
            return new StaticCredentialsProvider(settings.securityToken() == null
                    ? new BasicCredentials(settings.accessKeyId(), settings.accessKeySecret())
                    : new BasicSessionCredentials(settings.accessKeyId(), settings.accessKeySecret(),
                    settings.securityToken()));
        }
        try {
            return new DefaultCredentialsProvider();
        } catch (ClientException e) {
            throw CloudErrors.noCredentials("connect", e);
        }
    }

    public AliyunSettings settings() {
        return settings;
    }

    @Override
    public Optional<VpcAttributes> describeVpc(String vpcId) {
        DescribeVpcAttributeRequest request = new DescribeVpcAttributeRequest();
        request.setVpcId(vpcId);
        DescribeVpcAttributeResponse r;
        try {
            r = execute("DescribeVpcAttribute", request);
        } catch (CloudException e) {
            if (VPC_NOT_FOUND.contains(e.code())) {
                return Optional.empty();
            }
            throw e;
        }
        if (r == null || r.getVpcId() == null || r.getVpcId().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new VpcAttributes(r.getVpcId(), r.getStatus(), r.getCidrBlock(), r.getVRouterId()));
    }

    @Override
    public List<RouteTable> routeTables(String vpcId) {
        List<RouteTable> out = new ArrayList<>();
        for (int page = 1; ; page++) {
            DescribeRouteTableListRequest request = new DescribeRouteTableListRequest();
            request.setVpcId(vpcId);
            request.setPageNumber(page);
            request.setPageSize(ROUTE_TABLE_PAGE);
            DescribeRouteTableListResponse r = execute("DescribeRouteTableList", request);
            List<DescribeRouteTableListResponse.RouterTableListType> tables =
                    r.getRouterTableList() == null ? List.of() : r.getRouterTableList();
            for (DescribeRouteTableListResponse.RouterTableListType t : tables) {
                out.add(new RouteTable(t.getRouteTableId(), t.getVpcId(), t.getRouteTableType(), t.getStatus(),
                        t.getVSwitchIds()));
            }
            int total = r.getTotalCount() == null ? 0 : r.getTotalCount();
            if (tables.isEmpty() || out.size() >= total) {
                return out;
            }
        }
    }

    @Override
    public List<VSwitch> vSwitches(String vpcId) {
        List<VSwitch> out = new ArrayList<>();
        for (int page = 1; ; page++) {
            DescribeVSwitchesRequest request = new DescribeVSwitchesRequest();
            request.setVpcId(vpcId);
            request.setPageNumber(page);
            request.setPageSize(VSWITCH_PAGE);
            DescribeVSwitchesResponse r = execute("DescribeVSwitches", request);
            List<DescribeVSwitchesResponse.VSwitch> vSwitches = r.getVSwitches() == null ? List.of() : r.getVSwitches();
            for (DescribeVSwitchesResponse.VSwitch v : vSwitches) {
                out.add(new VSwitch(v.getVSwitchId(), v.getVpcId() == null ? vpcId : v.getVpcId(), v.getZoneId(),
                        v.getCidrBlock()));
            }
            int total = r.getTotalCount() == null ? 0 : r.getTotalCount();
            if (vSwitches.isEmpty() || out.size() >= total) {
                return out;
            }
        }
    }

    @Override
    public List<RouteEntry> routeEntries(String routeTableId) {
        return listEntries(routeTableId, null);
    }

    /** Lets the cloud filter by destination, so checking one node's route costs one request at any table size. */
    @Override
    public List<RouteEntry> routeEntries(String routeTableId, String destinationCidrBlock) {
        return listEntries(routeTableId, destinationCidrBlock).stream()
                .filter(e -> e.hasDestination(destinationCidrBlock)).toList();
    }

    private List<RouteEntry> listEntries(String routeTableId, String destinationCidrBlock) {
        List<RouteEntry> out = new ArrayList<>();
        String token = null;
        while (true) {
            DescribeRouteEntryListRequest request = new DescribeRouteEntryListRequest();
            request.setRouteTableId(routeTableId);
            request.setMaxResult(ROUTE_ENTRY_PAGE);
            if (destinationCidrBlock != null) {
                request.setDestinationCidrBlock(destinationCidrBlock);
            }
            if (token != null) {
                request.setNextToken(token);
            }
            DescribeRouteEntryListResponse r = execute("DescribeRouteEntryList", request);
            if (r.getRouteEntrys() != null) {
                r.getRouteEntrys().forEach(e -> out.add(toEntry(e, routeTableId)));
            }
            String next = r.getNextToken();
            if (next == null || next.isEmpty()) {
                return out;
            }
            if (next.equals(token)) {
                // A server that hands back the token it was given would otherwise keep Unstuck listing forever.
                throw CloudErrors.exception("DescribeRouteEntryList", "IllegalParam.NextToken", 0,
                        "the same NextToken was returned twice", r.getRequestId(), null);
            }
            token = next;
        }
    }

    private static RouteEntry toEntry(DescribeRouteEntryListResponse.RouteEntry e, String routeTableId) {
        String hopType = null;
        String hopId = null;
        if (e.getNextHops() != null && !e.getNextHops().isEmpty()) {
            hopType = e.getNextHops().get(0).getNextHopType();
            hopId = e.getNextHops().get(0).getNextHopId();
        }
        return new RouteEntry(e.getRouteEntryId(), e.getRouteTableId() == null ? routeTableId : e.getRouteTableId(),
                e.getDestinationCidrBlock(), hopType, hopId, RouteEntryStatus.parse(e.getStatus()), e.getType(),
                e.getDescription());
    }

    @Override
    public String createRouteEntry(CreateRouteEntryRequest create) {
        return execute("CreateRouteEntry", sdkRequest(create)).getRouteEntryId();
    }

    @Override
    public void dryRunCreateRouteEntry(CreateRouteEntryRequest create) {
        com.aliyuncs.vpc.model.v20160428.CreateRouteEntryRequest request = sdkRequest(create);
        // vpc 3.2.4 has no DryRun setter on this request; the query parameter is what the API reads.
        request.putQueryParameter("DryRun", "true");
        String created;
        try {
            created = execute("CreateRouteEntry", request).getRouteEntryId();
        } catch (CloudException e) {
            if (CloudErrors.DRY_RUN_OPERATION.equals(e.code())) {
                return;
            }
            throw e;
        }
        log.error("CreateRouteEntry with DryRun=true was carried out by {}: entry {} was created in {}",
                settings.endpoint() == null ? "the regional endpoint" : settings.endpoint(), created,
                create.routeTableId());
        throw CloudErrors.exception("CreateRouteEntry", CloudErrors.DRY_RUN_IGNORED, 0,
                "entry " + created + " was created in " + create.routeTableId(), null, null);
    }

    private static com.aliyuncs.vpc.model.v20160428.CreateRouteEntryRequest sdkRequest(CreateRouteEntryRequest create) {
        com.aliyuncs.vpc.model.v20160428.CreateRouteEntryRequest request =
                new com.aliyuncs.vpc.model.v20160428.CreateRouteEntryRequest();
        request.setRouteTableId(create.routeTableId());
        request.setDestinationCidrBlock(create.destinationCidrBlock());
        request.setNextHopType(create.nextHopType());
        request.setNextHopId(create.nextHopId());
        if (create.clientToken() != null) {
            request.setClientToken(create.clientToken());
        }
        if (create.description() != null) {
            request.setDescription(create.description());
        }
        return request;
    }

    @Override
    public long callCount() {
        return calls.get();
    }

    private <T extends AcsResponse> T execute(String action, RpcAcsRequest<T> request) {
        request.setSysMethod(MethodType.POST);
        request.setSysConnectTimeout((int) settings.connectTimeout().toMillis());
        request.setSysReadTimeout((int) settings.readTimeout().toMillis());
        if (settings.endpoint() != null) {
            request.setSysEndpoint(settings.endpoint());
        }
        request.setSysProtocol(protocol);
        calls.incrementAndGet();
        CloudException failure;
        try {
            T response = client.getAcsResponse(request);
            log.debug("{} ok", action);
            listener.called(action, CloudCallListener.OK);
            return response;
        } catch (ServerException e) {
            failure = translate(action, e, 500);
        } catch (ClientException e) {
            failure = translate(action, e, 0);
        }
        listener.called(action, failure.code());
        throw failure;
    }

    /**
     * HTTPS for every endpoint but a loopback one (the sandbox on this machine): credentials and signed requests must
     * never cross a network in clear text, whoever configured the endpoint.
     */
    static ProtocolType protocolFor(String endpoint) {
        String host = endpoint.trim();
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            host = close < 0 ? host.substring(1) : host.substring(1, close);
        } else if (host.indexOf(':') == host.lastIndexOf(':') && host.indexOf(':') >= 0) {
            host = host.substring(0, host.indexOf(':'));
        }
        boolean loopback = host.equalsIgnoreCase("localhost") || host.equals("::1")
                || host.matches("127(\\.\\d{1,3}){3}");
        return loopback ? ProtocolType.HTTP : ProtocolType.HTTPS;
    }

    private static CloudException translate(String action, ClientException e, int httpStatus) {
        String code = e.getErrCode();
        String message = e.getErrMsg();
        String text = message != null ? message : e.getMessage();
        if ((code == null || code.isEmpty()) && text != null && text.contains("Unable to load credentials")) {
            return CloudErrors.noCredentials(action, e);
        }
        if (code == null && e.getCause() != null) {
            message = e.getCause().toString();
        }
        CloudException mapped = CloudErrors.exception(action, code, httpStatus, message, e.getRequestId(), e);
        log.debug("{} failed: {}", action, mapped.getMessage());
        return mapped;
    }
}
