package dev.unstuck.chat.console;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/** With the console off the kubelet's probes still answer, and nothing else on the port is served to anyone. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.temporal.test-server.enabled=true",
        "unstuck.console.enabled=false"})
@DirtiesContext
class ConsoleOffActuatorTest {
    @LocalServerPort
    int port;

    @Test
    void probesAnswerAndEverythingElseIsRefused() {
        ConsoleHttp http = new ConsoleHttp(port);
        assertThat(http.get("/actuator/health/liveness").status()).isEqualTo(200);
        assertThat(http.get("/actuator/health/readiness").status()).isEqualTo(200);
        assertThat(http.get("/actuator/prometheus").status()).isEqualTo(403);
        assertThat(http.get("/api/sandbox").status()).isEqualTo(403);
        assertThat(http.get("/").status()).isEqualTo(403);
    }
}
