package dev.unstuck.cloud.aliyun;

import dev.unstuck.cloud.CloudException;
import dev.unstuck.cloud.CreateRouteEntryRequest;
import dev.unstuck.ops.CloudCallMeter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.unstuck.cloud.aliyun.SandboxVpc.NODE_INSTANCE;
import static dev.unstuck.cloud.aliyun.SandboxVpc.POD_CIDR;
import static dev.unstuck.cloud.aliyun.SandboxVpc.TABLE;
import static dev.unstuck.cloud.aliyun.SandboxVpc.VPC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * unstuck_cloud_calls_total{action,code}: every call the real SDK makes against the sandbox VPC is counted once,
 * under the action and the answer the cloud gave, failures included.
 */
class CloudCallCountingTest {
    private final SandboxVpc sandbox = new SandboxVpc(5);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AliyunVpcApi api = new AliyunVpcApi(sandbox.settings(), new CloudCallMeter(registry));

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void answeredCallsCountAsOk_refusedOnesUnderTheCloudsErrorCode() {
        api.describeVpc(VPC);
        api.routeEntries(TABLE);
        api.createRouteEntry(new CreateRouteEntryRequest(TABLE, POD_CIDR, "Instance", NODE_INSTANCE, "t-1", null));

        sandbox.server.setFaults(sandbox.server.faults().withThrottleRate(1));
        assertThatThrownBy(() -> api.routeEntries(TABLE)).isInstanceOf(CloudException.class);
        sandbox.server.setFaults(sandbox.server.faults().withThrottleRate(0)
                .withFailAction("CreateRouteEntry", "Forbidden.RAM"));
        assertThatThrownBy(() -> api.createRouteEntry(new CreateRouteEntryRequest(TABLE, "172.20.3.0/24",
                "Instance", "i-node3", "t-2", null))).isInstanceOf(CloudException.class);

        assertThat(count("DescribeVpcAttribute", "OK")).isEqualTo(1);
        assertThat(count("DescribeRouteEntryList", "OK")).isEqualTo(1);
        assertThat(count("DescribeRouteEntryList", "Throttling.User")).isEqualTo(1);
        assertThat(count("CreateRouteEntry", "OK")).isEqualTo(1);
        assertThat(count("CreateRouteEntry", "Forbidden.RAM")).isEqualTo(1);
        assertThat(registry.find(CloudCallMeter.METER).counters()).hasSize(5);
        assertThat(api.callCount()).isEqualTo(5);
    }

    @Test
    void aCloudThatCannotBeReachedIsCountedToo() {
        sandbox.close();
        assertThatThrownBy(() -> api.describeVpc(VPC)).isInstanceOf(CloudException.class);
        assertThat(registry.find(CloudCallMeter.METER).tag("action", "DescribeVpcAttribute").counters())
                .singleElement().satisfies(c -> {
                    assertThat(c.getId().getTag("code")).isNotEqualTo("OK").isNotBlank();
                    assertThat(c.count()).isEqualTo(1);
                });
    }

    private double count(String action, String code) {
        var counter = registry.find(CloudCallMeter.METER).tag("action", action).tag("code", code).counter();
        return counter == null ? 0 : counter.count();
    }
}
