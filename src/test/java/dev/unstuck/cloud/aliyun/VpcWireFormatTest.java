package dev.unstuck.cloud.aliyun;

import dev.unstuck.cloud.CloudErrors;
import dev.unstuck.cloud.CloudException;
import dev.unstuck.cloud.CreateRouteEntryRequest;
import dev.unstuck.cloud.RouteEntry;
import dev.unstuck.cloud.RouteEntryStatus;
import dev.unstuck.cloud.RouteTable;
import dev.unstuck.cloud.VSwitch;
import dev.unstuck.cloud.aliyun.CannedVpcEndpoint.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The real SDK against documented VPC OpenAPI answers: DescribeVSwitches paging, the vSwitches bound to each route
 * table, DryRun on CreateRouteEntry, and both families of route entry status.
 */
class VpcWireFormatTest {
    private CannedVpcEndpoint endpoint;

    @AfterEach
    void stop() {
        if (endpoint != null) {
            endpoint.close();
        }
    }

    private AliyunVpcApi api(Function<Map<String, String>, Answer> answers) {
        endpoint = new CannedVpcEndpoint(answers);
        return endpoint.api();
    }

    private static CreateRouteEntryRequest create() {
        return new CreateRouteEntryRequest("vtb-sys", "172.16.1.0/24", "Instance", "i-node2", null,
                "unstuck pre-flight");
    }

    @Test
    void aVpcWith120VSwitchesIsReadInThreePagesOfFifty() {
        AliyunVpcApi api = api(p -> {
            int page = Integer.parseInt(p.get("PageNumber"));
            int size = Integer.parseInt(p.get("PageSize"));
            List<String> items = new ArrayList<>();
            for (int i = (page - 1) * size; i < Math.min(120, page * size); i++) {
                items.add("{\"VSwitchId\":\"vsw-" + i + "\",\"VpcId\":\"vpc-k8s\",\"ZoneId\":\"cn-hangzhou-k\","
                        + "\"CidrBlock\":\"192.168." + i + ".0/24\",\"Status\":\"Available\",\"IsDefault\":false,"
                        + "\"RouteTable\":{\"RouteTableId\":\"vtb-sys\",\"RouteTableType\":\"System\"}}");
            }
            return Answer.ok("{\"RequestId\":\"r\",\"TotalCount\":120,\"PageNumber\":" + page + ",\"PageSize\":"
                    + size + ",\"VSwitches\":{\"VSwitch\":[" + String.join(",", items) + "]}}");
        });

        List<VSwitch> vSwitches = api.vSwitches("vpc-k8s");

        assertThat(vSwitches).hasSize(120);
        assertThat(vSwitches.get(7)).isEqualTo(new VSwitch("vsw-7", "vpc-k8s", "cn-hangzhou-k", "192.168.7.0/24"));
        assertThat(endpoint.requests("DescribeVSwitches")).hasSize(3).allSatisfy(r -> {
            assertThat(r).containsEntry("VpcId", "vpc-k8s").containsEntry("PageSize", "50");
        });
    }

    @Test
    void eachRouteTableComesWithTheVSwitchesBoundToIt() {
        AliyunVpcApi api = api(p -> Answer.ok("{\"RequestId\":\"r\",\"PageNumber\":1,\"PageSize\":50,"
                + "\"TotalCount\":2,\"Success\":true,\"Code\":\"200\",\"Message\":\"successful\",\"RouterTableList\":"
                + "{\"RouterTableListType\":[{\"VpcId\":\"vpc-k8s\",\"RouteTableId\":\"vtb-sys\",\"RouterType\":"
                + "\"VRouter\",\"RouteTableType\":\"System\",\"Status\":\"Available\",\"VSwitchIds\":{\"VSwitchId\":"
                + "[\"vsw-cp\"]}},{\"VpcId\":\"vpc-k8s\",\"RouteTableId\":\"vtb-workers\",\"RouterType\":\"VRouter\","
                + "\"RouteTableType\":\"Custom\",\"Status\":\"Available\",\"VSwitchIds\":{\"VSwitchId\":[\"vsw-w1\","
                + "\"vsw-w2\"]}}]}}"));

        List<RouteTable> tables = api.routeTables("vpc-k8s");

        assertThat(tables).containsExactly(
                new RouteTable("vtb-sys", "vpc-k8s", "System", "Available", List.of("vsw-cp")),
                new RouteTable("vtb-workers", "vpc-k8s", "Custom", "Available", List.of("vsw-w1", "vsw-w2")));
        assertThat(tables.get(1).boundTo("vsw-w2")).isTrue();
    }

    @Test
    void aDryRunSendsDryRunTrueAndDryRunOperationMeansTheWriteWouldSucceed() {
        AliyunVpcApi api = api(p -> Answer.error(400, "DryRunOperation",
                "Request validation has been passed with DryRun flag set."));

        api.dryRunCreateRouteEntry(create());

        assertThat(endpoint.requests("CreateRouteEntry")).singleElement().satisfies(r -> assertThat(r)
                .containsEntry("DryRun", "true").containsEntry("RouteTableId", "vtb-sys")
                .containsEntry("DestinationCidrBlock", "172.16.1.0/24").containsEntry("NextHopId", "i-node2"));
    }

    @Test
    void aDryRunThatWouldFailThrowsTheErrorTheWriteWouldMeet() {
        AliyunVpcApi api = api(p -> Answer.error(400, "QuotaExceeded",
                "The route entry quota of the route table is exceeded."));

        assertThatThrownBy(() -> api.dryRunCreateRouteEntry(create())).isInstanceOfSatisfying(CloudException.class,
                e -> assertThat(e.code()).isEqualTo("QuotaExceeded"));
    }

    @Test
    void anEndpointThatCarriesADryRunOutIsCaughtAndNamed() {
        AliyunVpcApi api = api(p -> Answer.ok("{\"RequestId\":\"r\",\"RouteEntryId\":\"rte-oops\"}"));

        assertThatThrownBy(() -> api.dryRunCreateRouteEntry(create())).isInstanceOfSatisfying(CloudException.class,
                e -> {
                    assertThat(e.code()).isEqualTo(CloudErrors.DRY_RUN_IGNORED);
                    assertThat(e.getMessage()).contains("rte-oops", "vtb-sys");
                });
    }

    @Test
    void aRealWriteSendsNoDryRunButItsTokenAndDescription() {
        AliyunVpcApi api = api(p -> Answer.ok("{\"RequestId\":\"r\",\"RouteEntryId\":\"rte-1\"}"));

        String id = api.createRouteEntry(new CreateRouteEntryRequest("vtb-sys", "172.16.1.0/24", "Instance",
                "i-node2", "unstuck-0123abcd", "unstuck wf=wf-dev run=0f8e"));

        assertThat(id).isEqualTo("rte-1");
        assertThat(endpoint.requests("CreateRouteEntry")).singleElement().satisfies(r -> assertThat(r)
                .doesNotContainKey("DryRun").containsEntry("ClientToken", "unstuck-0123abcd")
                .containsEntry("Description", "unstuck wf=wf-dev run=0f8e"));
    }

    @Test
    void createdCountsAsAvailableAndCreatingAsPending() {
        AliyunVpcApi api = api(p -> Answer.ok("{\"RequestId\":\"r\",\"RouteEntrys\":{\"RouteEntry\":["
                + entry("rte-a", "172.16.1.0/24", "Created") + "," + entry("rte-b", "172.16.2.0/24", "Creating")
                + "," + entry("rte-c", "172.16.3.0/24", "Available") + "]}}"));

        List<RouteEntry> entries = api.routeEntries("vtb-sys");

        assertThat(entries).extracting(RouteEntry::status).containsExactly(RouteEntryStatus.AVAILABLE,
                RouteEntryStatus.PENDING, RouteEntryStatus.AVAILABLE);
    }

    private static String entry(String id, String cidr, String status) {
        return "{\"RouteEntryId\":\"" + id + "\",\"RouteTableId\":\"vtb-sys\",\"DestinationCidrBlock\":\"" + cidr
                + "\",\"Type\":\"Custom\",\"Status\":\"" + status + "\",\"IpVersion\":\"ipv4\",\"RouteEntryName\":"
                + "\"\",\"Description\":\"\",\"NextHops\":{\"NextHop\":[{\"NextHopType\":\"Instance\",\"NextHopId\":"
                + "\"i-node2\",\"Enabled\":1,\"Weight\":100}]}}";
    }
}
