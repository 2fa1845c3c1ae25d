package dev.unstuck.sandbox;

import dev.unstuck.config.CloudProperties;
import dev.unstuck.config.CloudTarget;
import dev.unstuck.config.ClusterTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A worker in another process sees the sandbox's cloud as the in-process wiring does. */
class SandboxConnectionFilesTest {

    @Test
    void givenTheManagedCluster_cloudPropertiesNameTheApiServersVSwitch(@TempDir Path dir) throws Exception {
        try (Sandbox sandbox = Sandbox.start(ScenarioLoader.loadBuiltIn("managed-cluster"))) {
            sandbox.writeConnectionFiles(dir);
            CloudTarget fromFile = CloudProperties.load(dir.resolve("cloud.properties"), List.of());
            CloudTarget inProcess = ClusterTarget.of(sandbox).cloud();

            assertThat(fromFile.apiServerVSwitchIds()).containsExactly("vsw-control");
            assertThat(fromFile.routeEntryQuota()).isEqualTo(200);
            assertThat(fromFile.vpcId()).isEqualTo("vpc-hz001");
            assertThat(fromFile.settings().endpoint()).isEqualTo(sandbox.cloudSettings().endpoint());
            assertThat(inProcess.apiServerVSwitchIds()).isEqualTo(fromFile.apiServerVSwitchIds());
            assertThat(inProcess.routeEntryQuota()).isEqualTo(fromFile.routeEntryQuota());
            assertThat(inProcess.routeTableIds()).as("read from the cluster's cloud-config, as on a real cluster")
                    .isEmpty();
        }
    }

    @Test
    void givenTheFullRouteTable_theAccountsQuotaTravelsWithTheTarget(@TempDir Path dir) throws Exception {
        try (Sandbox sandbox = Sandbox.start(ScenarioLoader.loadBuiltIn("route-table-full"))) {
            sandbox.writeConnectionFiles(dir);

            assertThat(CloudProperties.load(dir.resolve("cloud.properties"), List.of()).routeEntryQuota()).isEqualTo(48);
            assertThat(ClusterTarget.of(sandbox).cloud().routeEntryQuota()).isEqualTo(48);
            assertThat(ClusterTarget.of(sandbox).cloud().apiServerVSwitchIds()).as("dedicated cluster").isEmpty();
        }
    }
}
