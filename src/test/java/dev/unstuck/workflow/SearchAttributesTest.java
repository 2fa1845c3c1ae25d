package dev.unstuck.workflow;

import dev.unstuck.sandbox.ScenarioLoader;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.common.SearchAttributes;
import org.junit.jupiter.api.Test;

import static dev.unstuck.workflow.RemediationRig.ALICE;
import static dev.unstuck.workflow.RemediationRig.ALICE_CHAT;
import static dev.unstuck.workflow.RemediationRig.BOB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** UnstuckCluster, UnstuckNamespace and UnstuckOutcome on a server that has them, and why they are off by default. */
class SearchAttributesTest {

    @Test
    void onAServerWithTheAttributes_aRunCarriesClusterNamespaceAndItsOutcome() throws Exception {
        try (RemediationRig rig = new RemediationRig(ScenarioLoader.loadBuiltIn("seed-incident"))) {
            rig.env.registerSearchAttribute("UnstuckCluster", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
            rig.env.registerSearchAttribute("UnstuckNamespace", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
            rig.env.registerSearchAttribute("UnstuckOutcome", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
            RemediationService service = new RemediationService(rig.client, rig.registry,
                    RemediationTimeouts.defaults(), true);

            StartResult started = service.startOrJoin(rig.cluster, "dev", ALICE, ALICE_CHAT);
            service.decide(rig.awaitApproveButton(ALICE_CHAT, "dev"), BOB);
            assertThat(service.awaitSummary(started.workflowId()).outcome()).isEqualTo(RemediationPhase.DONE);

            SearchAttributes attributes = rig.client.newUntypedWorkflowStub(started.workflowId()).describe()
                    .getTypedSearchAttributes();
            assertThat(attributes.get(RemediationSearchAttributes.CLUSTER)).isEqualTo("dev-cluster");
            assertThat(attributes.get(RemediationSearchAttributes.NAMESPACE)).isEqualTo("dev");
            assertThat(attributes.get(RemediationSearchAttributes.OUTCOME)).isEqualTo("DONE");
        }
    }

    @Test
    void onAServerWithoutThem_startingARunThatCarriesThemFails_soTheyAreOffByDefault() {
        try (RemediationRig rig = new RemediationRig(ScenarioLoader.loadBuiltIn("seed-incident"))) {
            RemediationService withAttributes = new RemediationService(rig.client, rig.registry,
                    RemediationTimeouts.defaults(), true);

            assertThatThrownBy(() -> withAttributes.startOrJoin(rig.cluster, "dev", ALICE, ALICE_CHAT))
                    .rootCause().hasMessageContaining("search attribute UnstuckCluster is not defined");
            assertThat(new RemediationService(rig.client, rig.registry, RemediationTimeouts.defaults())
                    .searchAttributes()).isFalse();
        }
    }
}
