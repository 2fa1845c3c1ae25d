package dev.unstuck.cloud.aliyun;

import com.aliyuncs.exceptions.ClientException;
import dev.unstuck.cloud.CloudErrorClass;
import dev.unstuck.cloud.CloudException;
import dev.unstuck.cloud.CreateRouteEntryRequest;
import dev.unstuck.cloud.RouteEntry;
import dev.unstuck.cloud.RouteEntryStatus;
import dev.unstuck.cloud.RouteTable;
import dev.unstuck.cloud.VpcAttributes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.time.Duration;
import java.util.List;

import static dev.unstuck.cloud.aliyun.SandboxVpc.NODE_INSTANCE;
import static dev.unstuck.cloud.aliyun.SandboxVpc.POD_CIDR;
import static dev.unstuck.cloud.aliyun.SandboxVpc.TABLE;
import static dev.unstuck.cloud.aliyun.SandboxVpc.VPC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The unmodified Alibaba Cloud SDK against the sandbox VPC: wire format, paging and every class of error. */
class AliyunVpcApiTest {
    private final SandboxVpc sandbox = new SandboxVpc(11);
    private final AliyunVpcApi api = sandbox.api();

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private CreateRouteEntryRequest create(String cidr, String instance, String token) {
        return new CreateRouteEntryRequest(TABLE, cidr, "Instance", instance, token, "created by Unstuck test");
    }

    private static CloudException failure(Executable call) {
        try {
            call.execute();
        } catch (CloudException e) {
            return e;
        } catch (Throwable t) {
            throw new AssertionError("expected a CloudException", t);
        }
        throw new AssertionError("expected a CloudException, the call succeeded");
    }

    @Test
    void largeRouteTableIsReadAcrossThreePagesInOrder() {
        for (int i = 0; i < 250; i++) {
            sandbox.server.addRouteEntry(TABLE, "10." + (i / 256) + "." + (i % 256) + ".0/24", "i-node1",
                    RouteEntryStatus.AVAILABLE);
        }

        List<RouteEntry> entries = api.routeEntries(TABLE);

        assertThat(entries).hasSize(250);
        assertThat(entries).extracting(RouteEntry::routeEntryId)
                .containsExactlyElementsOf(sandbox.server.entries(TABLE).stream().map(RouteEntry::routeEntryId)
                        .toList());
        assertThat(sandbox.server.requestCount("DescribeRouteEntryList")).isEqualTo(3);
        assertThat(api.callCount()).isEqualTo(3);
    }

    @Test
    void thousandEntryTableCostsTenRequestsAndAFilteredCheckOne() {
        for (int i = 0; i < 1000; i++) {
            sandbox.server.addRouteEntry(TABLE, "10." + (i / 256) + "." + (i % 256) + ".0/24", "i-node1",
                    RouteEntryStatus.AVAILABLE);
        }

        assertThat(api.routeEntries(TABLE)).hasSize(1000);
        assertThat(api.callCount()).isEqualTo(10);
        assertThat(api.routeEntries(TABLE, "10.3.231.0/24")).singleElement()
                .satisfies(e -> assertThat(e.destinationCidrBlock()).isEqualTo("10.3.231.0/24"));
        assertThat(api.callCount()).isEqualTo(11);
    }

    @Test
    void routeTablesOfAVpcAreReadAcrossThreePages() {
        for (int i = 0; i < 119; i++) {
            sandbox.server.addRouteTable(VPC, "vtb-custom-" + i);
        }
        sandbox.server.addVpc("vpc-other", "10.0.0.0/8").addRouteTable("vpc-other", "vtb-other");

        List<RouteTable> tables = api.routeTables(VPC);

        assertThat(tables).hasSize(120).allSatisfy(t -> assertThat(t.vpcId()).isEqualTo(VPC));
        assertThat(tables.get(0)).isEqualTo(new RouteTable(TABLE, VPC, "System", "Available", List.of()));
        assertThat(tables.get(1).routeTableType()).isEqualTo("Custom");
        assertThat(sandbox.server.requestCount("DescribeRouteTableList")).isEqualTo(3);
    }

    @Test
    void entryFieldsSurviveTheWireIncludingTheNextHop() {
        String id = sandbox.server.addRouteEntry(TABLE, POD_CIDR, NODE_INSTANCE, RouteEntryStatus.MODIFYING);
        sandbox.server.addSystemRouteEntry(TABLE, "192.168.0.0/24");

        List<RouteEntry> entries = api.routeEntries(TABLE);

        assertThat(entries.get(0)).isEqualTo(new RouteEntry(id, TABLE, POD_CIDR, "Instance", NODE_INSTANCE,
                RouteEntryStatus.MODIFYING, "Custom", ""));
        assertThat(entries.get(1).type()).isEqualTo("System");
        assertThat(api.routeEntries(TABLE, POD_CIDR)).extracting(RouteEntry::routeEntryId).containsExactly(id);
    }

    @Test
    void vpcIsDescribedAndAMissingVpcIsEmpty() {
        assertThat(api.describeVpc(VPC)).contains(new VpcAttributes(VPC, "Available", "192.168.0.0/16", "vrt-k8s"));
        assertThat(api.describeVpc("vpc-gone")).isEmpty();
    }

    @Test
    void createdEntryStartsPendingAndCarriesTokenAndDescription() {
        String id = api.createRouteEntry(create(POD_CIDR, NODE_INSTANCE, "unstuck-t1"));

        assertThat(id).startsWith("rte-");
        assertThat(sandbox.server.entries(TABLE)).singleElement().satisfies(e -> {
            assertThat(e.routeEntryId()).isEqualTo(id);
            assertThat(e.status()).isEqualTo(RouteEntryStatus.PENDING);
            assertThat(e.description()).isEqualTo("created by Unstuck test");
        });
    }

    @Test
    void replayedClientTokenReturnsTheSameEntryAndCreatesNoSecond() {
        String first = api.createRouteEntry(create(POD_CIDR, NODE_INSTANCE, "unstuck-replay"));
        String again = api.createRouteEntry(create(POD_CIDR, NODE_INSTANCE, "unstuck-replay"));

        assertThat(again).isEqualTo(first);
        assertThat(sandbox.server.entries(TABLE)).hasSize(1);
        assertThat(sandbox.server.requestCount("CreateRouteEntry")).isEqualTo(2);
    }

    @Test
    void duplicateDestinationIsAlreadyDone() {
        sandbox.server.addRouteEntry(TABLE, POD_CIDR, "i-node1", RouteEntryStatus.AVAILABLE);

        CloudException e = failure(() -> api.createRouteEntry(create(POD_CIDR, NODE_INSTANCE, null)));

        assertThat(e.errorClass()).isEqualTo(CloudErrorClass.ALREADY_DONE);
        assertThat(e.code()).isEqualTo("InvalidCIDRBlock.Duplicate");
        assertThat(e.requestId()).isNotBlank();
    }

    @Test
    void secondRouteWhileOneIsPendingIsATaskConflict() {
        api.createRouteEntry(create("172.20.1.0/24", "i-node1", null));

        CloudException e = failure(() -> api.createRouteEntry(create(POD_CIDR, NODE_INSTANCE, null)));

        assertThat(e.errorClass()).isEqualTo(CloudErrorClass.RETRYABLE);
        assertThat(e.code()).isEqualTo("TaskConflict");
    }

    @Test
    void throttlingAndServerErrorsAreRetryable() {
        sandbox.server.setFaults(sandbox.server.faults().withThrottleRate(1));
        CloudException throttled = failure(() -> api.routeEntries(TABLE));
        assertThat(throttled.code()).isEqualTo("Throttling.User");
        assertThat(throttled.errorClass()).isEqualTo(CloudErrorClass.RETRYABLE);

        sandbox.server.setFaults(sandbox.server.faults().withThrottleRate(0).withServerErrorRate(1));
        CloudException internal = failure(() -> api.routeEntries(TABLE));
        assertThat(internal.code()).isEqualTo("InternalError");
        assertThat(internal.errorClass()).isEqualTo(CloudErrorClass.RETRYABLE);
        assertThat(internal.getCause()).isInstanceOf(com.aliyuncs.exceptions.ServerException.class);
    }

    @Test
    void missingRamPermissionNamesTheActionToGrant() {
        sandbox.server.setFaults(sandbox.server.faults().withFailAction("CreateRouteEntry", "Forbidden.RAM"));

        CloudException e = failure(() -> api.createRouteEntry(create(POD_CIDR, NODE_INSTANCE, null)));

        assertThat(e.errorClass()).isEqualTo(CloudErrorClass.PERMANENT);
        assertThat(e.getMessage()).contains("the RAM identity lacks permission vpc:CreateRouteEntry");
        assertThat(api.routeEntries(TABLE)).isEmpty();
    }

    @Test
    void releasedInstanceUnknownTableMalformedCidrAndQuotaArePermanent() {
        assertThat(failure(() -> api.createRouteEntry(create(POD_CIDR, "i-released", null))))
                .satisfies(e -> assertThat(e.code()).isEqualTo("InvalidInstanId.NotFound"))
                .satisfies(e -> assertThat(e.errorClass()).isEqualTo(CloudErrorClass.PERMANENT));
        assertThat(failure(() -> api.createRouteEntry(new CreateRouteEntryRequest("vtb-gone", POD_CIDR, "Instance",
                NODE_INSTANCE, null, null))))
                .satisfies(e -> assertThat(e.code()).isEqualTo("InvalidRouteTableId.NotFound"));
        assertThat(failure(() -> api.createRouteEntry(create("172.20.2.0/33", NODE_INSTANCE, null))))
                .satisfies(e -> assertThat(e.code()).isEqualTo("InvalidCidrBlock.Malformed"))
                .satisfies(e -> assertThat(e.errorClass()).isEqualTo(CloudErrorClass.PERMANENT));
        sandbox.server.setRouteEntryQuota(0);
        assertThat(failure(() -> api.createRouteEntry(create(POD_CIDR, NODE_INSTANCE, null))))
                .satisfies(e -> assertThat(e.code()).isEqualTo("QuotaExceeded"))
                .satisfies(e -> assertThat(e.errorClass()).isEqualTo(CloudErrorClass.PERMANENT));
        assertThat(sandbox.server.entries(TABLE)).isEmpty();
    }

    @Test
    void wrongSecretIsReportedAsABadSecretNotASigningBug() {
        AliyunVpcApi wrong = new AliyunVpcApi(sandbox.settings().withAccessKey(SandboxVpc.KEY_ID, "wrong-secret"));

        CloudException e = failure(() -> wrong.routeEntries(TABLE));

        assertThat(e.code()).isEqualTo("SDK.InvalidAccessKeySecret");
        assertThat(e.errorClass()).isEqualTo(CloudErrorClass.PERMANENT);
        assertThat(e.getMessage()).contains("ALIBABA_CLOUD_ACCESS_KEY_SECRET").doesNotContain("wrong-secret");
    }

    @Test
    void unknownAccessKeyIdIsReported() {
        AliyunVpcApi stranger = new AliyunVpcApi(sandbox.settings().withAccessKey("LTAI-nobody", "x"));

        CloudException e = failure(() -> stranger.describeVpc(VPC));

        assertThat(e.code()).isEqualTo("InvalidAccessKeyId.NotFound");
        assertThat(e.getMessage()).contains("ALIBABA_CLOUD_ACCESS_KEY_ID");
    }

    @Test
    void noCredentialsAnywhereSaysWhichVariablesToSetAndSendsNothing() {
        AliyunVpcApi unconfigured = new AliyunVpcApi(sandbox.settings(), () -> {
            throw new ClientException("Unable to load credentials from any of the providers in the chain: "
                    + "[EnvironmentVariableCredentialsProvider: env is not set]");
        });

        CloudException e = failure(() -> unconfigured.routeEntries(TABLE));

        assertThat(e.errorClass()).isEqualTo(CloudErrorClass.PERMANENT);
        assertThat(e.getMessage()).contains("ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
                "ALIBABA_CLOUD_ROLE_ARN", "ALIBABA_CLOUD_OIDC_PROVIDER_ARN", "ALIBABA_CLOUD_OIDC_TOKEN_FILE");
        assertThat(sandbox.server.requestCount()).isZero();
    }

    @Test
    void slowAnswerTimesOutPerRequestAndIsRetryable() {
        sandbox.server.setFaults(sandbox.server.faults().withLatencyMs(1_500));
        AliyunVpcApi impatient = new AliyunVpcApi(sandbox.settings()
                .withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(300)));

        CloudException e = failure(() -> impatient.routeEntries(TABLE));

        assertThat(e.errorClass()).isEqualTo(CloudErrorClass.RETRYABLE);
        assertThat(e.code()).isEqualTo("SDK.ReadTimeout");
    }

    @Test
    void settingsNeverPrintTheSecretOrToken() {
        AliyunSettings s = sandbox.settings().withSecurityToken("sts-token-value-123");

        assertThat(s.toString()).doesNotContain(SandboxVpc.SECRET).doesNotContain("sts-token-value-123")
                .doesNotContain(SandboxVpc.KEY_ID).contains("******");
    }

    @Test
    void endpointWithASchemeIsRejectedUpFront() {
        assertThatThrownBy(() -> sandbox.settings().withEndpoint("http://127.0.0.1:1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without a scheme");
    }
}
