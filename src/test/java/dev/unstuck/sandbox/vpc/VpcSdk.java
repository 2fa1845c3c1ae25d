package dev.unstuck.sandbox.vpc;

import com.aliyuncs.AcsResponse;
import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.RpcAcsRequest;
import com.aliyuncs.auth.BasicCredentials;
import com.aliyuncs.auth.StaticCredentialsProvider;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.http.HttpClientConfig;
import com.aliyuncs.http.MethodType;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.profile.DefaultProfile;
import com.aliyuncs.vpc.model.v20160428.CreateRouteEntryRequest;
import dev.unstuck.cloud.aliyun.AliyunSettings;

/**
 * The unmodified Alibaba Cloud SDK pointed at a sandbox VPC API, with requests built from the SDK's own request
 * classes, so tests see exactly what any SDK user would.
 */
public final class VpcSdk {
    private final AliyunSettings settings;
    private final DefaultAcsClient client;

    public VpcSdk(AliyunSettings settings) {
        this.settings = settings;
        DefaultProfile profile = DefaultProfile.getProfile(settings.regionId());
        HttpClientConfig http = HttpClientConfig.getDefault();
        http.setNoProxy("127.0.0.1,localhost");
        profile.setHttpClientConfig(http);
        this.client = new DefaultAcsClient(profile, new StaticCredentialsProvider(
                new BasicCredentials(settings.accessKeyId(), settings.accessKeySecret())));
        client.setEndpointResolver(request -> settings.endpoint());
    }

    public <T extends AcsResponse> T call(RpcAcsRequest<T> request) throws ClientException {
        request.setSysMethod(MethodType.POST);
        request.setSysEndpoint(settings.endpoint());
        request.setSysProtocol(ProtocolType.HTTP);
        request.setSysReadTimeout(10_000);
        return client.getAcsResponse(request);
    }

    /** A CreateRouteEntry for an ECS next hop, as the cloud-controller-manager and Unstuck send it. */
    public static CreateRouteEntryRequest createRoute(String table, String cidr, String instance) {
        CreateRouteEntryRequest r = new CreateRouteEntryRequest();
        r.setRouteTableId(table);
        r.setDestinationCidrBlock(cidr);
        r.setNextHopType("Instance");
        r.setNextHopId(instance);
        return r;
    }
}
