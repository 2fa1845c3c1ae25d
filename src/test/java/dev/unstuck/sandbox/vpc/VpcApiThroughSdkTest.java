package dev.unstuck.sandbox.vpc;

import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.http.FormatType;
import com.aliyuncs.vpc.model.v20160428.CreateRouteEntryRequest;
import com.aliyuncs.vpc.model.v20160428.DescribeRouteEntryListRequest;
import com.aliyuncs.vpc.model.v20160428.DescribeRouteEntryListResponse;
import com.aliyuncs.vpc.model.v20160428.DescribeRouteTableListRequest;
import com.aliyuncs.vpc.model.v20160428.DescribeRouteTableListResponse;
import com.aliyuncs.vpc.model.v20160428.DescribeVSwitchesRequest;
import com.aliyuncs.vpc.model.v20160428.DescribeVSwitchesResponse;
import dev.unstuck.cloud.RouteEntryStatus;
import dev.unstuck.cloud.aliyun.AliyunSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The sandbox VPC API spoken to by the unmodified SDK, with the SDK's own request classes: vSwitches, table types and
 * bindings, dry runs, the quota, names and descriptions, in JSON and in XML.
 */
class VpcApiThroughSdkTest {
    private static final String KEY = "LTAIsandboxTestKey01";
    private static final String SECRET = "sandbox-test-secret-0123456789";

    private FakeVpcServer vpc;
    private VpcSdk sdk;

    @BeforeEach
    void start() {
        vpc = new FakeVpcServer(0, 7).start().addCredentials(KEY, SECRET)
                .addVpc("vpc-hz001", "192.168.0.0/16").addVpc("vpc-other", "10.0.0.0/8")
                .addInstance("i-node1").addInstance("i-node2");
        vpc.setFaults(VpcFaults.none().withPendingSeconds(0.2));
        vpc.addRouteTable("vpc-hz001", "vtb-system");
        vpc.model().addRouteTable("vpc-hz001", "vtb-workers", "Custom");
        vpc.addVSwitch("vpc-hz001", "vsw-control", "192.168.0.0/24", "cn-hangzhou-h")
                .addVSwitch("vpc-hz001", "vsw-workers", "192.168.1.0/24", "cn-hangzhou-i")
                .addVSwitch("vpc-hz001", "vsw-batch", "192.168.2.0/24", "cn-hangzhou-i")
                .addVSwitch("vpc-other", "vsw-elsewhere", "10.1.0.0/16", "cn-hangzhou-j");
        vpc.model().bindVSwitch("vtb-workers", "vsw-workers");
        sdk = new VpcSdk(new AliyunSettings("cn-hangzhou", vpc.endpoint(), KEY, SECRET, null, null, null));
    }

    @AfterEach
    void stop() {
        vpc.close();
    }

    @Test
    void describeVSwitchesFiltersByVpcAndPagesLikeTheApi() throws Exception {
        DescribeVSwitchesRequest request = new DescribeVSwitchesRequest();
        request.setVpcId("vpc-hz001");
        request.setPageSize(2);
        request.setPageNumber(2);

        DescribeVSwitchesResponse page2 = sdk.call(request);

        assertThat(page2.getTotalCount()).isEqualTo(3);
        assertThat(page2.getPageNumber()).isEqualTo(2);
        assertThat(page2.getPageSize()).isEqualTo(2);
        assertThat(page2.getVSwitches()).hasSize(1);
        DescribeVSwitchesResponse.VSwitch batch = page2.getVSwitches().get(0);
        assertThat(List.of(batch.getVSwitchId(), batch.getVpcId(), batch.getCidrBlock(), batch.getZoneId(),
                batch.getStatus())).containsExactly("vsw-batch", "vpc-hz001", "192.168.2.0/24", "cn-hangzhou-i",
                "Available");
        assertThat(batch.getAvailableIpAddressCount()).isEqualTo(252L);
        assertThat(batch.getRouteTable().getRouteTableId()).isEqualTo("vtb-system");
        assertThat(batch.getRouteTable().getRouteTableType()).isEqualTo("System");

        DescribeVSwitchesRequest workers = new DescribeVSwitchesRequest();
        workers.setVSwitchId("vsw-workers");
        DescribeVSwitchesResponse one = sdk.call(workers);
        assertThat(one.getVSwitches()).singleElement().satisfies(v -> {
            assertThat(v.getRouteTable().getRouteTableId()).isEqualTo("vtb-workers");
            assertThat(v.getRouteTable().getRouteTableType()).isEqualTo("Custom");
        });
    }

    @Test
    void describeRouteTableListTellsSystemFromCustomAndWhichVSwitchesEachRoutes() throws Exception {
        DescribeRouteTableListRequest request = new DescribeRouteTableListRequest();
        request.setVpcId("vpc-hz001");

        DescribeRouteTableListResponse tables = sdk.call(request);

        assertThat(tables.getRouterTableList()).extracting(t -> t.getRouteTableId() + " " + t.getRouteTableType()
                + " " + t.getVSwitchIds()).containsExactly("vtb-system System [vsw-control, vsw-batch]",
                "vtb-workers Custom [vsw-workers]");
    }

    @Test
    void aDryRunThatWouldSucceedAnswersDryRunOperationAndCreatesNothing() {
        CreateRouteEntryRequest request = VpcSdk.createRoute("vtb-system", "172.16.1.0/24", "i-node2");
        request.putQueryParameter("DryRun", "true");

        assertThatThrownBy(() -> sdk.call(request)).isInstanceOfSatisfying(ClientException.class, e -> {
            assertThat(e.getErrCode()).isEqualTo("DryRunOperation");
            assertThat(e.getErrMsg()).isEqualTo("Request validation has been passed with DryRun flag set.");
        });
        assertThat(vpc.entries("vtb-system")).noneMatch(e -> "Custom".equals(e.type()));
    }

    @Test
    void aDryRunThatWouldFailAnswersTheRealError() {
        CreateRouteEntryRequest unknownInstance = VpcSdk.createRoute("vtb-system", "172.16.1.0/24", "i-released");
        unknownInstance.putQueryParameter("DryRun", "true");
        assertThatThrownBy(() -> sdk.call(unknownInstance)).isInstanceOfSatisfying(ClientException.class,
                e -> assertThat(e.getErrCode()).isEqualTo("InvalidInstanId.NotFound"));

        vpc.addRouteEntry("vtb-system", "172.16.0.0/24", "i-node1", RouteEntryStatus.AVAILABLE);
        vpc.setRouteEntryQuota(1);
        CreateRouteEntryRequest full = VpcSdk.createRoute("vtb-system", "172.16.1.0/24", "i-node2");
        full.putQueryParameter("DryRun", "true");
        assertThatThrownBy(() -> sdk.call(full)).isInstanceOfSatisfying(ClientException.class, e -> {
            assertThat(e.getErrCode()).isEqualTo("QuotaExceeded");
            assertThat(e.getErrMsg()).isEqualTo("Route entry quota exceeded in this route table.");
        });
        assertThat(vpc.entries("vtb-system")).filteredOn(e -> "Custom".equals(e.type())).hasSize(1);
    }

    @Test
    void theQuotaCountsCustomEntriesPerTable() throws Exception {
        vpc.setRouteEntryQuota(1);
        sdk.call(VpcSdk.createRoute("vtb-workers", "172.16.1.0/24", "i-node2"));
        vpc.model().setEntryStatus(vpc.entries("vtb-workers").stream().filter(e -> "Custom".equals(e.type()))
                .findFirst().orElseThrow().routeEntryId(), RouteEntryStatus.AVAILABLE);

        assertThatThrownBy(() -> sdk.call(VpcSdk.createRoute("vtb-workers", "172.16.2.0/24", "i-node1")))
                .isInstanceOfSatisfying(ClientException.class, e -> assertThat(e.getErrCode()).isEqualTo("QuotaExceeded"));
        sdk.call(VpcSdk.createRoute("vtb-system", "172.16.2.0/24", "i-node1"));
    }

    @Test
    void nameAndDescriptionAreKeptAndListed() throws Exception {
        CreateRouteEntryRequest request = VpcSdk.createRoute("vtb-system", "172.16.1.0/24", "i-node2");
        request.setRouteEntryName("unstuck-dev-node2");
        request.setDescription("Restored by Unstuck for namespace dev (incident 42)");
        String id = sdk.call(request).getRouteEntryId();

        DescribeRouteEntryListRequest list = new DescribeRouteEntryListRequest();
        list.setRouteTableId("vtb-system");
        list.setRouteEntryType("Custom");
        DescribeRouteEntryListResponse.RouteEntry entry = sdk.call(list).getRouteEntrys().get(0);

        assertThat(entry.getRouteEntryId()).isEqualTo(id);
        assertThat(entry.getRouteEntryName()).isEqualTo("unstuck-dev-node2");
        assertThat(entry.getDescription()).isEqualTo("Restored by Unstuck for namespace dev (incident 42)");
        assertThat(vpc.entries("vtb-system")).anyMatch(e -> e.description().startsWith("Restored by Unstuck"));
    }

    @Test
    void aDescriptionThatIsAUrlIsRefused() {
        CreateRouteEntryRequest request = VpcSdk.createRoute("vtb-system", "172.16.1.0/24", "i-node2");
        request.setDescription("https://example.com/runbook");
        assertThatThrownBy(() -> sdk.call(request)).isInstanceOfSatisfying(ClientException.class,
                e -> assertThat(e.getErrCode()).isEqualTo("InvalidDescription.Malformed"));
    }

    @Test
    void aDestinationInsideAVSwitchIsRefused() {
        assertThatThrownBy(() -> sdk.call(VpcSdk.createRoute("vtb-system", "192.168.1.0/25", "i-node2")))
                .isInstanceOfSatisfying(ClientException.class, e -> {
                    assertThat(e.getErrCode()).isEqualTo("InvalidCidrBlock");
                    assertThat(e.getErrMsg()).isEqualTo("Specified CIDR block is not valid.");
                });
    }

    @Test
    void answersInXmlWhenTheCallerAsksForIt() throws Exception {
        DescribeVSwitchesRequest request = new DescribeVSwitchesRequest();
        request.setVpcId("vpc-hz001");
        request.setSysAcceptFormat(FormatType.XML);

        DescribeVSwitchesResponse answer = sdk.call(request);

        assertThat(answer.getTotalCount()).isEqualTo(3);
        assertThat(answer.getVSwitches()).extracting(DescribeVSwitchesResponse.VSwitch::getVSwitchId)
                .containsExactly("vsw-control", "vsw-workers", "vsw-batch");
        assertThat(answer.getVSwitches().get(1).getRouteTable().getRouteTableId()).isEqualTo("vtb-workers");

        DescribeRouteTableListRequest tables = new DescribeRouteTableListRequest();
        tables.setVpcId("vpc-hz001");
        tables.setSysAcceptFormat(FormatType.XML);
        assertThat(sdk.call(tables).getRouterTableList().get(0).getVSwitchIds())
                .containsExactly("vsw-control", "vsw-batch");
    }
}
