package dev.unstuck.kube;

import dev.unstuck.kube.rbac.KubeRequestLog;
import dev.unstuck.kube.rbac.RbacPolicy;
import dev.unstuck.remediation.ApiServiceDeletion;
import dev.unstuck.remediation.ApiServiceDeletion.Outcome;
import dev.unstuck.sandbox.ClientRequest;
import dev.unstuck.sandbox.SandboxCluster;
import dev.unstuck.sandbox.ScenarioLoader;
import io.fabric8.kubernetes.api.model.APIService;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one cluster write, through the real client against the sandbox API with the shipped RBAC enforced: only an
 * APIService whose Service is absent right now goes, and only the object that was checked.
 */
class Fabric8ApiServiceRemoverTest {
    private static final String LEFTOVER = "v1beta1.external.metrics.k8s.io";

    private SandboxCluster sandbox;
    private KubernetesClient unstuck;
    private KubernetesClient admin;
    private final KubeRequestLog requests = new KubeRequestLog(RbacPolicy.shipped());

    @BeforeEach
    void start() {
        sandbox = SandboxCluster.start(ScenarioLoader.loadBuiltIn("uninstalled-extension"));
        sandbox.authorizeClients(requests);
        unstuck = KubeClients.forConfig(sandbox.clientConfig());
        admin = sandbox.newClient();
    }

    @AfterEach
    void stop() {
        unstuck.close();
        admin.close();
        sandbox.close();
    }

    private APIService apiService(String name) {
        return admin.resources(APIService.class).withName(name).get();
    }

    @Test
    @DisplayName("given the uninstalled extension, its leftover APIService is deleted with the uid and resourceVersion "
            + "that were checked, within the shipped RBAC")
    void deletesTheLeftover() {
        APIService before = apiService(LEFTOVER);

        ApiServiceDeletion d = new Fabric8ApiServiceRemover(unstuck).deleteIfOrphaned(LEFTOVER);

        assertThat(d.outcome()).isEqualTo(Outcome.DELETED);
        assertThat(d.message()).isEqualTo("deleted APIService " + LEFTOVER + " (uid " + before.getMetadata().getUid()
                + ", resourceVersion " + before.getMetadata().getResourceVersion() + "): its Service "
                + "keda/keda-operator-metrics-apiserver does not exist");
        assertThat(apiService(LEFTOVER)).isNull();
        assertThat(requests.refused()).isEmpty();
        assertThat(requests.requests()).extracting(ClientRequest::describe).containsExactly(
                "get apiservices.apiregistration.k8s.io " + LEFTOVER,
                "get services keda/keda-operator-metrics-apiserver",
                "delete apiservices.apiregistration.k8s.io " + LEFTOVER);
        assertThat(new Fabric8ApiServiceRemover(unstuck).deleteIfOrphaned(LEFTOVER))
                .isEqualTo(ApiServiceDeletion.alreadyGone("APIService " + LEFTOVER + " was already gone"));
    }

    @Test
    @DisplayName("a local (built-in) APIService is refused without a delete being sent")
    void refusesLocal() {
        ApiServiceDeletion d = new Fabric8ApiServiceRemover(unstuck).deleteIfOrphaned("v1.apps");

        assertThat(d).isEqualTo(ApiServiceDeletion.refused("APIService v1.apps is local (no spec.service: the API "
                + "server serves it itself); Unstuck never deletes it"));
        assertThat(apiService("v1.apps")).isNotNull();
        assertThat(requests.requests()).noneMatch(r -> r.verb().equals("delete"));
    }

    @Test
    @DisplayName("given the extension reinstalled (its Service is back), the APIService is kept")
    void refusesWhenTheServiceIsBack() {
        admin.services().inNamespace("keda").resource(new ServiceBuilder().withNewMetadata()
                .withName("keda-operator-metrics-apiserver").endMetadata().withNewSpec().addNewPort().withPort(443)
                .endPort().endSpec().build()).create();

        ApiServiceDeletion d = new Fabric8ApiServiceRemover(unstuck).deleteIfOrphaned(LEFTOVER);

        assertThat(d.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(d.message()).isEqualTo("the Service keda/keda-operator-metrics-apiserver behind APIService "
                + LEFTOVER + " exists again; not deleting it: diagnose again");
        assertThat(apiService(LEFTOVER)).isNotNull();
        assertThat(requests.requests()).noneMatch(r -> r.verb().equals("delete"));
    }

    @Test
    @DisplayName("given the APIService changed between the check and the delete, the API server refuses the delete on "
            + "its resourceVersion precondition and the APIService stays")
    void preconditionStopsARace() {
        AtomicBoolean changed = new AtomicBoolean();
        sandbox.authorizeClients(r -> {
            if ("delete".equals(r.verb()) && changed.compareAndSet(false, true)) {
                // Someone (a reinstall in progress) relabels it just before the delete arrives.
                admin.resources(APIService.class).withName(LEFTOVER).edit(a -> {
                    a.getMetadata().getLabels().put("app.kubernetes.io/managed-by", "Helm");
                    return a;
                });
            }
            return requests.test(r);
        });

        ApiServiceDeletion d = new Fabric8ApiServiceRemover(unstuck).deleteIfOrphaned(LEFTOVER);

        assertThat(d.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(d.message()).startsWith("APIService " + LEFTOVER + " changed after it was checked, so it was not "
                + "deleted: diagnose again (").contains("Precondition failed: ResourceVersion in precondition")
                .endsWith("(409))");
        assertThat(apiService(LEFTOVER)).isNotNull();
    }
}
