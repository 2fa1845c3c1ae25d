package dev.unstuck.kube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KubeClientsTest {

    static final String KUBECONFIG = """
            apiVersion: v1
            kind: Config
            current-context: staging
            clusters:
            - name: prod
              cluster:
                server: https://prod.example.test:6443
            - name: staging
              cluster:
                server: https://staging.example.test:6443
            contexts:
            - name: prod
              context:
                cluster: prod
                user: admin
            - name: staging
              context:
                cluster: staging
                user: admin
            users:
            - name: admin
              user:
                token: not-a-real-token
            """;

    @TempDir
    Path dir;

    Path kubeconfig() throws IOException {
        return Files.writeString(dir.resolve("config"), KUBECONFIG);
    }

    @Test
    void selectsTheNamedContextAndCapsRetriesAndTimeouts() throws IOException {
        Config config = KubeClients.fromKubeconfig(kubeconfig(), "prod");

        assertThat(config.getMasterUrl()).isEqualTo("https://prod.example.test:6443/");
        assertThat(config.getRequestRetryBackoffLimit()).isEqualTo(KubeClients.REQUEST_RETRY_BACKOFF_LIMIT)
                .isLessThanOrEqualTo(1);
        assertThat(config.getRequestTimeout()).isEqualTo(KubeClients.REQUEST_TIMEOUT_MILLIS);
        assertThat(config.getConnectionTimeout()).isEqualTo(KubeClients.CONNECTION_TIMEOUT_MILLIS);
    }

    @Test
    void withoutAContextUsesTheCurrentContext() throws IOException {
        assertThat(KubeClients.fromKubeconfig(kubeconfig(), null).getMasterUrl())
                .isEqualTo("https://staging.example.test:6443/");
    }

    @Test
    void anUnknownContextIsNamedWithTheAvailableOnes() throws IOException {
        Path file = kubeconfig();

        assertThatThrownBy(() -> KubeClients.fromKubeconfig(file, "dev"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("context 'dev' not found in kubeconfig " + file + "; available: prod, staging");
    }

    @Test
    void anUnreadableFileIsRejectedClearly() {
        Path missing = dir.resolve("missing");

        assertThatThrownBy(() -> KubeClients.fromKubeconfig(missing, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("kubeconfig " + missing + " cannot be read");
    }

    @Test
    void forConfigAppliesTheLimitsToTheClient() {
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl("https://127.0.0.1:6443")
                .withRequestRetryBackoffLimit(10).build();
        try (KubernetesClient client = KubeClients.forConfig(config)) {
            assertThat(client.getConfiguration().getRequestRetryBackoffLimit())
                    .isEqualTo(KubeClients.REQUEST_RETRY_BACKOFF_LIMIT);
            assertThat(client.getMasterUrl().toString()).isEqualTo("https://127.0.0.1:6443/");
        }
    }
}
