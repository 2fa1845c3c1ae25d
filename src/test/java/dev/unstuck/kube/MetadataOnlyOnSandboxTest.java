package dev.unstuck.kube;

import dev.unstuck.sandbox.SandboxCluster;
import dev.unstuck.sandbox.ScenarioLoader;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** What a metadata-only list puts on the wire from the sandbox API: names and finalizers, never an object's body. */
class MetadataOnlyOnSandboxTest {

    @Test
    @DisplayName("given a Secret in namespace payments, a PartialObjectMetadataList of secrets carries its name and no "
            + "data, as the API server answers that Accept header")
    void noBodyOnTheWire() throws Exception {
        try (SandboxCluster sandbox = SandboxCluster.start(ScenarioLoader.loadBuiltIn("stuck-finalizer"));
             KubernetesClient admin = sandbox.newClient()) {
            admin.secrets().inNamespace("payments").resource(new SecretBuilder().withNewMetadata()
                    .withName("db-password").endMetadata().addToStringData("password", "hunter2").build()).create();

            HttpResponse<String> answer = admin.getHttpClient().sendAsync(admin.getHttpClient()
                    .newHttpRequestBuilder().uri(sandbox.apiServerUrl() + "api/v1/namespaces/payments/secrets")
                    .header("Accept", "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,"
                            + "application/json").build(), String.class).get(30, TimeUnit.SECONDS);

            assertThat(answer.code()).isEqualTo(200);
            assertThat(answer.body()).contains("\"kind\":\"PartialObjectMetadataList\"",
                    "\"apiVersion\":\"meta.k8s.io/v1\"", "\"kind\":\"PartialObjectMetadata\"", "db-password")
                    .doesNotContain("hunter2", "aHVudGVyMg==", "\"data\"", "stringData");
        }
    }
}
