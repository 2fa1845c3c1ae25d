package dev.unstuck.cloud.aliyun;

import dev.unstuck.cloud.CloudRetry;
import dev.unstuck.cloud.RouteEntryStatus;
import dev.unstuck.cloud.VpcRouteInspector;
import dev.unstuck.cloud.VpcRouteSettings;
import dev.unstuck.diagnosis.NetworkFindings;
import dev.unstuck.diagnosis.NetworkQuery;
import dev.unstuck.diagnosis.NodeInfo;
import dev.unstuck.diagnosis.PodNetworkPath;
import dev.unstuck.remediation.PreflightVerdict;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.unstuck.cloud.aliyun.SandboxVpc.TABLE;
import static dev.unstuck.cloud.aliyun.SandboxVpc.VPC;
import static org.assertj.core.api.Assertions.assertThat;

/** The whole route inspection through the real SDK against the sandbox VPC, on a cluster of a thousand nodes. */
class RouteInspectionThroughSdkTest {
    private final SandboxVpc sandbox = new SandboxVpc(21);

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void givenAThousandNodesWithOneRouteMissing_theDiagnosisCostsTheTableListingAndAConstant() {
        List<NodeInfo> nodes = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            String cidr = "172.20." + (i / 250) + "." + (i % 250) + "/32";
            String instance = "i-bench" + i;
            sandbox.server.addInstance(instance);
            nodes.add(new NodeInfo("node-" + i, "192.168.1." + (i % 250 + 1), cidr, "cn-hangzhou." + instance,
                    "cn-hangzhou", instance, i == 0, List.of()));
            if (i != 7) {
                sandbox.server.addRouteEntry(TABLE, cidr, instance, RouteEntryStatus.AVAILABLE);
            }
        }
        PodNetworkPath path = new PodNetworkPath("v1beta1.metrics.k8s.io", "kube-system", "metrics-server-0",
                "172.20.0.7", "node-7", "172.20.0.7/32", "cn-hangzhou", "i-bench7");
        AliyunVpcApi api = sandbox.api();
        VpcRouteInspector inspector = new VpcRouteInspector(api, VpcRouteSettings.of(VPC, List.of()),
                CloudRetry.defaults());

        NetworkFindings f = inspector.inspect(new NetworkQuery(List.of(path), nodes, Optional.empty(), true));

        assertThat(f.problem()).isNull();
        assertThat(f.plan()).singleElement().satisfies(s -> {
            assertThat(s.describe()).isEqualTo("CREATE_ROUTE_ENTRY routeTableId=" + TABLE
                    + " destinationCidrBlock=172.20.0.7/32 nextHopType=Instance nextHopId=i-bench7");
            assertThat(s.preflight().verdict()).isNotEqualTo(PreflightVerdict.WOULD_FAIL);
        });
        assertThat(f.auditPlan()).isEmpty();
        // DescribeVpcAttribute, DescribeRouteTableList, DescribeVSwitches, ceil(999/100) pages, one dry run.
        assertThat(api.callCount()).isEqualTo(3 + 10 + 1);
        assertThat(sandbox.server.requestCount("DescribeRouteEntryList")).isEqualTo(10);
    }
}
