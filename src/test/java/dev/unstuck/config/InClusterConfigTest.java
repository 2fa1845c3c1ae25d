package dev.unstuck.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InClusterConfigTest {

    @Test
    void inClusterOutsideAPod_saysWhatIsMissingAndWhatToSetInstead(@TempDir Path dir) {
        assertThatThrownBy(() -> InClusterConfig.load("self", Map.of(), dir.resolve("token")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("unstuck.clusters.self.in-cluster is true but this process is not in a pod with a"
                        + " ServiceAccount token (KUBERNETES_SERVICE_HOST unset, " + dir.resolve("token")
                        + " missing); set kubeconfig instead");
        assertThatThrownBy(() -> InClusterConfig.load("self", Map.of("KUBERNETES_SERVICE_HOST", "10.0.0.1"),
                dir.resolve("token"))).hasMessageContaining("KUBERNETES_SERVICE_HOST set").hasMessageContaining(
                "missing");
    }
}
