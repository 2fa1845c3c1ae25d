package dev.unstuck.chat.console;

import dev.unstuck.ops.PrometheusText;
import org.junit.jupiter.api.Test;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Helm chart's layout: the console signs people in, the actuator answers on a port of its own. Kubelet probes
 * and the Prometheus scrape need no password there, and the console's port serves no actuator at all.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.temporal.test-server.enabled=true",
        "management.server.port=0",
        "unstuck.console.auth=basic",
        "unstuck.console.users.alice.roles=oncall",
        "unstuck.console.users.alice.password-hash=" + ConsoleAccounts.ALICE_HASH,
        "unstuck.console.users.bob.roles=sre",
        "unstuck.console.users.bob.password-hash=" + ConsoleAccounts.BOB_HASH})
@AutoConfigureMetrics
@DirtiesContext
class ManagementPortTest {
    @LocalServerPort
    int consolePort;
    @LocalManagementPort
    int managementPort;

    @Test
    void probesAndMetricsAnswerWithoutAPasswordOnTheManagementPort_theConsoleStillAsksForOne() {
        assertThat(managementPort).isNotEqualTo(consolePort);
        ConsoleHttp management = new ConsoleHttp(managementPort);
        assertThat(management.get("/actuator/health/liveness").status()).isEqualTo(200);
        assertThat(management.get("/actuator/health/readiness").status()).isEqualTo(200);
        ConsoleHttp.Reply scrape = management.get("/actuator/prometheus");
        assertThat(scrape.status()).isEqualTo(200);
        assertThat(PrometheusText.parse(scrape.raw().body()).names()).contains("unstuck_gateway_leader");

        ConsoleHttp console = new ConsoleHttp(consolePort);
        assertThat(console.get("/api/sandbox").status()).isEqualTo(401);
        assertThat(console.as(ConsoleHttp.basic("bob", ConsoleAccounts.BOB_PASSWORD)).get("/actuator/health")
                .status()).as("no actuator on the console's port").isEqualTo(404);
    }
}
