package dev.unstuck.sandbox;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Namespace writes by clients other than the simulation follow the namespace registry's rules. */
class NamespaceWritesTest {

    @Test
    void givenDevStuck_aClientThatRewritesTheWholeNamespace_cannotDropItOrMoveItsDeletion() {
        try (SandboxCluster sandbox = SandboxCluster.start(ScenarioLoader.loadBuiltIn("seed-incident"));
             KubernetesClient k = sandbox.newClient()) {
            sandbox.reconcileNow();
            Namespace before = k.namespaces().withName("dev").get();

            Namespace edited = k.namespaces().withName("dev").edit(ns -> new NamespaceBuilder(ns).editMetadata()
                    .addToLabels("owner", "sre").withFinalizers(List.of()).withDeletionTimestamp(null).endMetadata()
                    .editSpec().withFinalizers(List.of()).endSpec().editStatus().withPhase("Active").endStatus()
                    .build());
            Namespace replaced = k.namespaces().resource(new NamespaceBuilder(k.namespaces().withName("dev").get())
                    .editMetadata().addToLabels("replaced", "yes").endMetadata().build()).update();

            assertThat(edited.getMetadata().getLabels()).containsEntry("owner", "sre");
            assertThat(replaced.getMetadata().getLabels()).containsEntry("replaced", "yes");
            sandbox.reconcileNow();
            Namespace after = k.namespaces().withName("dev").get();
            assertThat(after).as("dev is still there").isNotNull();
            assertThat(after.getStatus().getPhase()).isEqualTo("Terminating");
            assertThat(after.getSpec().getFinalizers()).containsExactly("kubernetes");
            assertThat(after.getMetadata().getDeletionTimestamp()).isEqualTo(before.getMetadata().getDeletionTimestamp());
            assertThat(after.getMetadata().getFinalizers()).isNullOrEmpty();
        }
    }

    @Test
    void aNamespaceCreatedByAClient_isActive_andItsDeleteMarksItTerminatingNow() {
        try (SandboxCluster sandbox = SandboxCluster.start(ScenarioLoader.loadBuiltIn("seed-incident"));
             KubernetesClient k = sandbox.newClient()) {
            Namespace created = k.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("drill-9")
                    .endMetadata().build()).create();

            assertThat(created.getStatus().getPhase()).isEqualTo("Active");
            assertThat(created.getSpec().getFinalizers()).containsExactly("kubernetes");
            assertThat(created.getMetadata().getLabels()).containsEntry("kubernetes.io/metadata.name", "drill-9");
            assertThat(created.getMetadata().getUid()).isNotBlank();
            assertThat(created.getMetadata().getFinalizers()).isNullOrEmpty();

            Instant before = Instant.now().minusSeconds(1);
            k.namespaces().withName("drill-9").delete();
            Namespace deleting = k.namespaces().withName("drill-9").get();
            assertThat(deleting.getStatus().getPhase()).as("Terminating from the delete on").isEqualTo("Terminating");
            assertThat(Instant.parse(deleting.getMetadata().getDeletionTimestamp())).isAfter(before)
                    .isAfterOrEqualTo(Instant.parse(deleting.getMetadata().getCreationTimestamp()));

            assertThatThrownBy(() -> k.namespaces().resource(new NamespaceBuilder().withNewMetadata()
                    .withName("drill-9").endMetadata().build()).create())
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                        assertThat(e.getCode()).isEqualTo(409);
                        assertThat(e.getStatus().getMessage())
                                .isEqualTo("object is being deleted: namespaces \"drill-9\" already exists");
                    });
        }
    }

    @Test
    void theScenarioWorldWasCreatedBeforeItsStuckNamespaceStartedDeleting() {
        try (SandboxCluster sandbox = SandboxCluster.start(ScenarioLoader.loadBuiltIn("seed-incident"));
             KubernetesClient k = sandbox.newClient()) {
            NamespaceList all = k.namespaces().list();

            assertThat(all.getItems()).allSatisfy(ns -> assertThat(ns.getMetadata().getCreationTimestamp()).isNotNull());
            Namespace dev = k.namespaces().withName("dev").get();
            Instant created = Instant.parse(dev.getMetadata().getCreationTimestamp());
            Instant deleting = Instant.parse(dev.getMetadata().getDeletionTimestamp());
            assertThat(created).isBefore(deleting.minus(Duration.ofHours(1)));
            assertThat(k.v1().events().inAnyNamespace().list().getItems()).allSatisfy(e -> assertThat(Instant.parse(
                    e.getMetadata().getCreationTimestamp())).as("events keep their own time")
                    .isAfter(Instant.now().minus(Duration.ofHours(1))));
        }
    }
}
