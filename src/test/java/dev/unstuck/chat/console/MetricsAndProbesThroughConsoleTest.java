package dev.unstuck.chat.console;

import dev.unstuck.ops.PrometheusText;
import org.junit.jupiter.api.Test;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;

import static dev.unstuck.ops.PrometheusText.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What an operator's probes and Prometheus see on the bot as {@code mvn spring-boot:run} starts it (embedded
 * Temporal, the seed-incident sandbox): the actuator on the console's port, probes that say why, and after the seed
 * story every Unstuck metric plus the Temporal SDK's own, through the one registry.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.temporal.test-server.enabled=true")
@AutoConfigureMetrics
@DirtiesContext
class MetricsAndProbesThroughConsoleTest {
    private static final String WORKFLOW = "unstuck/dev-cluster/dev";

    @LocalServerPort
    int port;

    @Test
    void probesAnswerOnTheConsolePort_readinessIsTemporalAndGateway_clustersAndCloudAreShownApart() {
        ConsoleHttp api = new ConsoleHttp(port);

        ConsoleHttp.Reply liveness = api.get("/actuator/health/liveness");
        assertThat(liveness.status()).isEqualTo(200);
        assertThat(liveness.body().path("status").asString()).isEqualTo("UP");

        ConsoleHttp.Reply readiness = api.get("/actuator/health/readiness");
        assertThat(readiness.status()).as(readiness.raw().body()).isEqualTo(200);
        assertThat(names(readiness.body().path("components"))).containsExactlyInAnyOrder("readinessState",
                "temporal", "gateway");
        assertThat(readiness.body().path("components").path("temporal").path("details").path("frontend")
                .asString()).isEqualTo("embedded (in memory)");
        assertThat(readiness.body().path("components").path("gateway").path("details").path("holdsGateway")
                .asBoolean()).isFalse();

        ConsoleHttp.Reply group = api.get("/actuator/health/cluster-dev-cluster");
        assertThat(group.status()).as(group.raw().body()).isEqualTo(200);
        JsonNode cluster = group.body().path("components").path("clusters").path("components").path("dev-cluster");
        assertThat(cluster.path("status").asString()).isEqualTo("UP");
        assertThat(cluster.path("details").path("apiServer").asString()).startsWith("https://127.0.0.1:");
        assertThat(cluster.path("details").path("version").asString()).isEqualTo("v1.32.1-aliyun.1");
        JsonNode cloud = group.body().path("components").path("cloud").path("components").path("dev-cluster");
        assertThat(cloud.path("status").asString()).isEqualTo("UP");
        assertThat(cloud.path("details").path("vpcId").asString()).isEqualTo("vpc-hz001");
        assertThat(cloud.path("details").path("region").asString()).isEqualTo("cn-hangzhou");

        JsonNode credentials = api.get("/actuator/health/cloud-credentials").body();
        assertThat(names(credentials.path("components"))).containsExactly("cloud");

        ConsoleHttp.Reply whole = api.get("/actuator/health");
        assertThat(names(whole.body().path("components"))).contains("clusters", "cloud", "temporal", "gateway");
    }

    @Test
    void afterTheSeedStory_prometheusShowsEveryUnstuckMetric_andTheTemporalSdkMetrics() {
        ConsoleHttp api = new ConsoleHttp(port);
        String conversation = api.command("alice", "/ns-stuck dev").body()
                .path("conversationId").asString();
        String approve = ConsoleStories.awaitButton(api, conversation, "Approve");
        assertThat(api.click(conversation, approve, "bob").body().path("verdict").asString())
                .isEqualTo("APPROVED");
        await().atMost(Duration.ofSeconds(60)).until(() -> api.status(WORKFLOW).body().path("finished").asBoolean());
        assertThat(api.status(WORKFLOW).body().path("phase").asString()).isEqualTo("DONE");

        // Counters recorded in workflow code reach the registry on the SDK's 10 s reporting tick.
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            PrometheusText scrape = scrape(api);
            assertThat(scrape.first("unstuck_remediations_total",
                    with("cluster", "dev-cluster").and(with("outcome", "DONE")))).isPresent();
            assertThat(scrape.names()).anyMatch(n -> n.startsWith("temporal_"));
        });

        PrometheusText scrape = scrape(api);
        assertThat(scrape.first("unstuck_remediations_total", with("cluster", "dev-cluster")
                .and(with("outcome", "DONE"))).orElseThrow().value()).isEqualTo(1.0);
        for (String phase : List.of("DIAGNOSING", "AWAITING_APPROVAL", "REPAIRING", "VERIFYING_APISERVICE",
                "WAITING_FOR_NAMESPACE")) {
            assertThat(scrape.first("unstuck_phase_duration_seconds_count", with("phase", phase)))
                    .as("phase %s", phase).hasValueSatisfying(s -> assertThat(s.value()).isEqualTo(1.0));
        }
        assertThat(scrape.named("unstuck_phase_duration_seconds_bucket")).as("a histogram").isNotEmpty();
        assertThat(scrape.first("unstuck_approval_wait_seconds_count", with("decision", "approved"))
                .orElseThrow().value()).isEqualTo(1.0);
        // One CreateRouteEntry answered OK: the route was created exactly once.
        assertThat(scrape.first("unstuck_cloud_calls_total", with("action", "CreateRouteEntry")
                .and(with("code", "OK"))).orElseThrow().value()).isEqualTo(1.0);
        assertThat(scrape.first("unstuck_cloud_calls_total", with("action", "DescribeRouteEntryList")
                .and(with("code", "OK"))).orElseThrow().value()).isGreaterThan(0);
        assertThat(scrape.first("unstuck_diagnosis_duration_seconds_count", with("cluster", "dev-cluster"))
                .orElseThrow().value()).isGreaterThanOrEqualTo(2.0);
        // Discord is off here: the ack timer and the leader gauge read 0 instead of being missing.
        assertThat(scrape.named("unstuck_discord_ack_seconds_count")).singleElement()
                .satisfies(s -> assertThat(s.value()).isZero());
        assertThat(scrape.named("unstuck_gateway_leader")).singleElement()
                .satisfies(s -> assertThat(s.value()).isZero());
        assertThat(scrape.names()).contains("temporal_workflow_completed_total", "temporal_request_total",
                "temporal_activity_execution_latency_seconds_count");
    }

    private static PrometheusText scrape(ConsoleHttp api) {
        ConsoleHttp.Reply r = api.get("/actuator/prometheus");
        assertThat(r.status()).isEqualTo(200);
        return PrometheusText.parse(r.raw().body());
    }

    private static List<String> names(JsonNode object) {
        return object.propertyNames().stream().toList();
    }
}
