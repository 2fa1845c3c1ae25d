package dev.unstuck.ha;

import dev.unstuck.config.ConfigurationProblem;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where the gateway's Lease lives, as an operator's settings decide it, and the one-line refusals. */
class GatewayLeasesTest {
    private static final Map<String, String> IN_A_POD = Map.of("POD_NAME", "unstuck-7d9f-abcde",
            "POD_NAMESPACE", "unstuck");

    private static GatewayLeaseProperties props(boolean enabled, String cluster, String namespace) {
        return new GatewayLeaseProperties(enabled, cluster, namespace, "unstuck-discord-gateway", null,
                Duration.ofSeconds(10), Duration.ofSeconds(7), Duration.ofSeconds(1));
    }

    @Test
    void inAPod_theLeaseIsInTheInClusterClusterAndTheReleaseNamespace_namedAfterThePod() {
        Optional<GatewayLeases.Lease> lease = GatewayLeases.resolve(props(true, null, null), Set.of("self", "prod"),
                Set.of("self"), false, IN_A_POD);

        assertThat(lease).hasValueSatisfying(l -> {
            assertThat(l.cluster()).isEqualTo("self");
            assertThat(l.settings().namespace()).isEqualTo("unstuck");
            assertThat(l.settings().identity()).isEqualTo("unstuck-7d9f-abcde");
            assertThat(l.settings().describe()).isEqualTo("unstuck/unstuck-discord-gateway");
        });
    }

    @Test
    void theSandboxAlone_andASingleReplicaThatSaysSo_holdTheGatewayWithoutALease() {
        assertThat(GatewayLeases.resolve(props(true, null, null), Set.of("dev-cluster"), Set.of(), true, Map.of()))
                .isEmpty();
        assertThat(GatewayLeases.resolve(props(false, null, null), Set.of("prod"), Set.of(), false, Map.of()))
                .isEmpty();
    }

    @Test
    void outsideAPod_theIdentityIsTheHostAndProcess_soTwoProcessesOnOneHostDiffer() {
        GatewayLeases.Lease lease = GatewayLeases.resolve(props(true, "prod", "ops"), Set.of("prod"), Set.of(), false,
                Map.of()).orElseThrow();

        assertThat(lease.settings().identity()).endsWith("-" + ProcessHandle.current().pid());
    }

    @Test
    void realClustersWithoutALeaseLocation_orAnUnknownCluster_orNoNamespace_stopStartUpNamingTheKey() {
        assertThatThrownBy(() -> GatewayLeases.resolve(props(true, null, null), Set.of("prod", "staging"), Set.of(),
                false, IN_A_POD)).isInstanceOf(ConfigurationProblem.class)
                .hasMessageStartingWith("unstuck.gateway.lease.cluster: is not set")
                .hasMessageContaining("[prod, staging]").hasMessageContaining("unstuck.gateway.lease.enabled=false");
        assertThatThrownBy(() -> GatewayLeases.resolve(props(true, "prd", null), Set.of("prod"), Set.of(), false,
                IN_A_POD)).hasMessage("unstuck.gateway.lease.cluster: 'prd' names no configured cluster; known: [prod]");
        assertThatThrownBy(() -> GatewayLeases.resolve(props(true, "prod", null), Set.of("prod"), Set.of(), false,
                Map.of())).hasMessageStartingWith("unstuck.gateway.lease.namespace: is not set (nor POD_NAMESPACE)");
    }

    @Test
    void aRenewDeadlineNotShorterThanTheLease_couldLetTwoReplicasHoldTheGateway_andIsRefused() {
        GatewayLeaseProperties overlapping = new GatewayLeaseProperties(true, "prod", "ops", "unstuck-discord-gateway",
                null, Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(1));
        GatewayLeaseProperties tooFewRetries = new GatewayLeaseProperties(true, "prod", "ops",
                "unstuck-discord-gateway", null, Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ofSeconds(1));

        assertThatThrownBy(() -> GatewayLeases.resolve(overlapping, Set.of("prod"), Set.of(), false, Map.of()))
                .hasMessageStartingWith("unstuck.gateway.lease.duration: must be longer than renew-deadline");
        assertThatThrownBy(() -> GatewayLeases.resolve(tooFewRetries, Set.of("prod"), Set.of(), false, Map.of()))
                .hasMessageStartingWith("unstuck.gateway.lease.renew-deadline: must be longer than 2.2 retry periods");
    }
}
