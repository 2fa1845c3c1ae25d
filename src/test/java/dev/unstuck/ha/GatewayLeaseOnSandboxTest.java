package dev.unstuck.ha;

import dev.unstuck.sandbox.Sandbox;
import dev.unstuck.sandbox.ScenarioLoader;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Two replicas standing for the gateway's Lease through fabric8's leader election, against the sandbox's API server
 * as against a cluster's: one holds at a time, a clean stop hands over at once, and a holder cut off from the API
 * gives the gateway up before the other may take it.
 */
class GatewayLeaseOnSandboxTest {
    // Short, so the story takes seconds, in the defaults' proportions (10 s / 7 s / 1 s); long enough that a holder
    // starved of CPU for a second on a busy build machine still renews in time.
    private static final Duration DURATION = Duration.ofSeconds(6);
    private static final Duration RENEW_DEADLINE = Duration.ofSeconds(4);
    private static final Duration RETRY = Duration.ofMillis(500);
    private static final Duration WAIT = Duration.ofSeconds(30);

    private Sandbox sandbox;
    private KubernetesClient admin;
    private final List<LeaseElection> elections = new ArrayList<>();
    private final List<String> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startSandbox() {
        sandbox = Sandbox.start(ScenarioLoader.load("seed-incident"));
        admin = sandbox.cluster().newClient();
    }

    @AfterEach
    void stop() {
        elections.forEach(LeaseElection::close);
        admin.close();
        sandbox.close();
    }

    @Test
    void theSandboxRefusesAWriteOfALeaseBasedOnAStaleVersion_asAnApiServerDoes() {
        Lease created = admin.leases().inNamespace("unstuck").resource(new LeaseBuilder().withNewMetadata()
                .withName("probe").withNamespace("unstuck").endMetadata().withNewSpec().withHolderIdentity("a")
                .endSpec().build()).create();
        Lease byB = admin.leases().inNamespace("unstuck").withName("probe").edit(l -> new LeaseBuilder(l).editSpec()
                .withHolderIdentity("b").endSpec().build());

        assertThat(byB.getMetadata().getResourceVersion()).isNotEqualTo(created.getMetadata().getResourceVersion());
        Lease stale = new LeaseBuilder(created).editSpec().withHolderIdentity("c").endSpec().build();
        assertThatThrownBy(() -> admin.leases().inNamespace("unstuck").resource(stale).update())
                .isInstanceOf(KubernetesClientException.class)
                .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(409));
        assertThat(admin.leases().inNamespace("unstuck").withName("probe").get().getSpec().getHolderIdentity())
                .isEqualTo("b");
    }

    @Test
    void givenTwoReplicas_exactlyOneHoldsTheGateway_andAStoppedHolderHandsOverWithoutWaitingOutTheLease() {
        LeaseElection a = election("replica-a", sandbox.cluster().clientConfig());
        a.start(duty("replica-a"));
        await().atMost(WAIT).until(a::holding);
        LeaseElection b = election("replica-b", sandbox.cluster().clientConfig());
        b.start(duty("replica-b"));
        await().atMost(WAIT).until(() -> "replica-a".equals(b.holder()));
        assertThat(b.holding()).isFalse();
        assertThat(holderInTheLease()).isEqualTo("replica-a");

        a.stop();
        assertThat(holderInTheLease()).as("released: nobody holds it").isEmpty();

        await().atMost(WAIT).until(b::holding);
        assertThat(holderInTheLease()).isEqualTo("replica-b");
        assertThat(events).containsExactly("replica-a took", "replica-a gave up", "replica-b took");
    }

    @Test
    void givenTheHolderLosesItsApiServer_itGivesTheGatewayUpBeforeTheOtherReplicaTakesIt() throws Exception {
        try (CuttableLink link = new CuttableLink(URI.create(sandbox.cluster().apiServerUrl()).getPort())) {
            Config throughLink = new ConfigBuilder(sandbox.cluster().clientConfig())
                    .withMasterUrl("https://127.0.0.1:" + link.port() + "/").build();
            LeaseElection a = election("replica-a", throughLink);
            a.start(duty("replica-a"));
            await().atMost(WAIT).until(a::holding);
            LeaseElection b = election("replica-b", sandbox.cluster().clientConfig());
            b.start(duty("replica-b"));
            await().atMost(WAIT).until(() -> "replica-a".equals(b.holder()));

            link.cut();

            await().atMost(WAIT).until(b::holding);
            assertThat(a.holding()).isFalse();
            assertThat(events).containsExactly("replica-a took", "replica-a gave up", "replica-b took");
            assertThat(holderInTheLease()).isEqualTo("replica-b");
        }
    }

    private String holderInTheLease() {
        return admin.leases().inNamespace("unstuck").withName("unstuck-discord-gateway").get().getSpec()
                .getHolderIdentity();
    }

    private LeaseElection election(String identity, Config config) {
        Config c = new ConfigBuilder(config).build();
        c.setRequestRetryBackoffLimit(0);
        c.setRequestTimeout(2000);
        c.setConnectionTimeout(2000);
        LeaseElection e = new LeaseElection(new KubernetesClientBuilder().withConfig(c).build(),
                new LeaseSettings("unstuck", "unstuck-discord-gateway", identity, DURATION, RENEW_DEADLINE, RETRY));
        elections.add(e);
        return e;
    }

    private LeaderDuty duty(String identity) {
        return new LeaderDuty() {
            private boolean held;

            @Override
            public synchronized void take() {
                held = true;
                events.add(identity + " took");
            }

            @Override
            public synchronized void giveUp() {
                if (held) {
                    held = false;
                    events.add(identity + " gave up");
                }
            }
        };
    }
}
