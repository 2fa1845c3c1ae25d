package dev.unstuck.sandbox.vpc;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.unstuck.cloud.RouteEntry;
import dev.unstuck.cloud.RouteEntryStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The sandbox VPC spoken to over raw HTTP, for what the SDK cannot be made to send (replayed nonces, old clocks). */
class FakeVpcServerTest {
    private static final String KEY = "sandbox-key";
    private static final String SECRET = "sandbox-secret";

    private final HttpClient http = HttpClient.newHttpClient();
    private FakeVpcServer vpc;

    @BeforeEach
    void start() {
        vpc = new FakeVpcServer(0, 42).start()
                .addCredentials(KEY, SECRET)
                .addVpc("vpc-1", "192.168.0.0/16")
                .addRouteTable("vpc-1", "vtb-1")
                .addInstance("i-node1");
        vpc.setFaults(VpcFaults.none().withPendingSeconds(0.2));
    }

    @AfterEach
    void stop() {
        vpc.close();
    }

    private Map<String, String> common(String action) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("Action", action);
        p.put("Version", FakeVpcServer.VERSION);
        p.put("Format", "JSON");
        p.put("RegionId", "cn-hangzhou");
        p.put("AccessKeyId", KEY);
        p.put("SignatureMethod", "HMAC-SHA1");
        p.put("SignatureVersion", "1.0");
        p.put("SignatureNonce", UUID.randomUUID().toString().replace("-", ""));
        p.put("Timestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        return p;
    }

    private HttpResponse<String> send(Map<String, String> params, String secret) throws Exception {
        Map<String, String> p = new LinkedHashMap<>(params);
        p.remove("Signature");
        p.put("Signature", OpenApiSignature.sign(secret, OpenApiSignature.stringToSign("POST", p)));
        return post(p, "");
    }

    private HttpResponse<String> post(Map<String, String> query, String body) throws Exception {
        String q = query.entrySet().stream()
                .map(e -> OpenApiSignature.percentEncode(e.getKey()) + "=" + OpenApiSignature.percentEncode(e.getValue()))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + vpc.endpoint() + "/?" + q))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject json(HttpResponse<String> r) {
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    @Test
    void replayedNonceIsRejectedLikeTheRealGateway() throws Exception {
        Map<String, String> p = common("DescribeVpcAttribute");
        p.put("VpcId", "vpc-1");

        assertThat(send(p, SECRET).statusCode()).isEqualTo(200);
        HttpResponse<String> replay = send(p, SECRET);

        assertThat(replay.statusCode()).isEqualTo(400);
        assertThat(json(replay).get("Code").getAsString()).isEqualTo("SignatureNonceUsed");
    }

    @Test
    void staleTimestampIsRejected() throws Exception {
        Map<String, String> p = common("DescribeVpcAttribute");
        p.put("VpcId", "vpc-1");
        p.put("Timestamp", Instant.now().minus(Duration.ofMinutes(16)).truncatedTo(ChronoUnit.SECONDS).toString());

        HttpResponse<String> r = send(p, SECRET);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).get("Code").getAsString()).isEqualTo("InvalidTimeStamp.Expired");
    }

    @Test
    void wrongSecretGetsTheServerStringToSignBack() throws Exception {
        Map<String, String> p = common("DescribeVpcAttribute");
        p.put("VpcId", "vpc-1");

        HttpResponse<String> r = send(p, "not-the-secret");

        assertThat(r.statusCode()).isEqualTo(400);
        JsonObject body = json(r);
        assertThat(body.get("Code").getAsString()).isEqualTo("SignatureDoesNotMatch");
        Map<String, String> signed = new LinkedHashMap<>(p);
        assertThat(body.get("Message").getAsString())
                .endsWith("string to sign is:" + OpenApiSignature.stringToSign("POST", signed));
        assertThat(body.keySet()).containsExactly("RequestId", "HostId", "Code", "Message", "Recommend");
    }

    @Test
    void unknownKeyUnknownActionAndWrongVersionGetTheirRealErrors() throws Exception {
        Map<String, String> unknownKey = common("DescribeVpcs");
        unknownKey.put("AccessKeyId", "nobody");
        HttpResponse<String> r1 = send(unknownKey, SECRET);
        assertThat(r1.statusCode()).isEqualTo(404);
        assertThat(json(r1).get("Code").getAsString()).isEqualTo("InvalidAccessKeyId.NotFound");

        HttpResponse<String> r2 = send(common("DescribeNatGateways"), SECRET);
        assertThat(r2.statusCode()).isEqualTo(404);
        assertThat(json(r2).get("Code").getAsString()).isEqualTo("InvalidAction.NotFound");

        Map<String, String> oldVersion = common("DescribeVpcs");
        oldVersion.put("Version", "2014-05-26");
        HttpResponse<String> r3 = send(oldVersion, SECRET);
        assertThat(r3.statusCode()).isEqualTo(400);
        assertThat(json(r3).get("Code").getAsString()).isEqualTo("InvalidVersion");
    }

    @Test
    void formBodyParametersAreMergedWithTheQuery() throws Exception {
        Map<String, String> p = common("DescribeVpcAttribute");
        p.put("VpcId", "vpc-1");
        p.put("Signature", OpenApiSignature.sign(SECRET, OpenApiSignature.stringToSign("POST", p)));
        p.remove("VpcId");
        String sig = p.remove("Signature");
        p.put("Signature", sig);

        HttpResponse<String> r = post(p, "VpcId=vpc-1");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).get("VpcId").getAsString()).isEqualTo("vpc-1");
    }

    @Test
    void routeEntryPagesAreWrappedAndForgedTokensRejected() throws Exception {
        for (int i = 0; i < 12; i++) {
            vpc.addRouteEntry("vtb-1", "172.20." + i + ".0/24", "i-node1", RouteEntryStatus.AVAILABLE);
        }
        Map<String, String> p = common("DescribeRouteEntryList");
        p.put("RouteTableId", "vtb-1");
        JsonObject first = json(send(p, SECRET));
        assertThat(first.getAsJsonObject("RouteEntrys").getAsJsonArray("RouteEntry")).hasSize(10);
        assertThat(first.get("NextToken").getAsString()).isNotEmpty();

        Map<String, String> forged = common("DescribeRouteEntryList");
        forged.put("RouteTableId", "vtb-1");
        forged.put("NextToken", "bm90LWEtdG9rZW4");
        HttpResponse<String> r = send(forged, SECRET);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).get("Code").getAsString()).isEqualTo("IllegalParam.NextToken");

        Map<String, String> tooMany = common("DescribeRouteEntryList");
        tooMany.put("RouteTableId", "vtb-1");
        tooMany.put("MaxResult", "101");
        assertThat(send(tooMany, SECRET).statusCode()).isEqualTo(400);
    }

    @Test
    void jsonCarriesNoUnicodeEscapes() throws Exception {
        vpc.addInstance("i-node2");
        Map<String, String> create = common("CreateRouteEntry");
        create.put("RouteTableId", "vtb-1");
        create.put("DestinationCidrBlock", "172.20.1.0/24");
        create.put("NextHopType", "Instance");
        create.put("NextHopId", "i-node2");
        create.put("Description", "a <b> & 'c' = d");
        assertThat(send(create, SECRET).statusCode()).isEqualTo(200);

        Map<String, String> list = common("DescribeRouteEntryList");
        list.put("RouteTableId", "vtb-1");
        HttpResponse<String> r = send(list, SECRET);

        assertThat(r.body()).contains("a <b> & 'c' = d").doesNotContain("\\u");
    }

    @Test
    void newEntryTurnsAvailableOnItsOwnAndTellsListeners() throws Exception {
        vpc.addInstance("i-node2");
        CountDownLatch available = new CountDownLatch(1);
        vpc.onChange(() -> {
            if (vpc.entries("vtb-1").stream().anyMatch(e -> e.status() == RouteEntryStatus.AVAILABLE)) {
                available.countDown();
            }
        });
        Map<String, String> create = common("CreateRouteEntry");
        create.put("RouteTableId", "vtb-1");
        create.put("DestinationCidrBlock", "172.20.2.0/24");
        create.put("NextHopId", "i-node2");
        create.put("NextHopType", "Instance");

        assertThat(send(create, SECRET).statusCode()).isEqualTo(200);
        assertThat(vpc.entries("vtb-1")).extracting(RouteEntry::status).containsExactly(RouteEntryStatus.PENDING);

        assertThat(available.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(vpc.entries("vtb-1")).extracting(RouteEntry::status).containsExactly(RouteEntryStatus.AVAILABLE);
    }

    @Test
    void cidrValidationRejectsHostBitsAndBadPrefixes() {
        assertThat(Cidrs.valid("172.20.2.0/24")).isTrue();
        assertThat(Cidrs.valid("0.0.0.0/0")).isTrue();
        assertThat(Cidrs.valid("172.20.2.1/24")).isFalse();
        assertThat(Cidrs.valid("172.20.2.0/33")).isFalse();
        assertThat(Cidrs.valid("300.20.2.0/24")).isFalse();
        assertThat(Cidrs.valid("not-a-cidr")).isFalse();
    }

    @Test
    void snapshotListsEveryTable() {
        vpc.addRouteTable("vpc-1", "vtb-2");
        vpc.addRouteEntry("vtb-2", "172.20.9.0/24", "i-node1", RouteEntryStatus.AVAILABLE);

        Map<String, List<RouteEntry>> tables = vpc.routeTables();

        assertThat(tables).containsOnlyKeys("vtb-1", "vtb-2");
        assertThat(tables.get("vtb-2")).singleElement()
                .satisfies(e -> assertThat(e.pointsToInstance("i-node1")).isTrue());
    }
}
