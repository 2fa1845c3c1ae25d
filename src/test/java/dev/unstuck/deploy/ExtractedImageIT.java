package dev.unstuck.deploy;

import dev.unstuck.ops.PrometheusText;
import io.fabric8.kubernetes.client.utils.Serialization;
import dev.unstuck.sandbox.Sandbox;
import dev.unstuck.sandbox.ScenarioLoader;
import io.temporal.testserver.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The image without an image builder: after {@code package}, the jar is extracted exactly as {@code deploy/Dockerfile}
 * extracts it, the layers are laid out in the order it copies them, and its ENTRYPOINT starts the application with
 * its JAVA_TOOL_OPTIONS. The application must then answer its probes: on the embedded default, and in the production
 * profile against a Temporal frontend on a real port, whose loss takes readiness (and only readiness) down.
 */
class ExtractedImageIT {
    private static final Path JAR = Path.of("target/unstuck.jar");
    private static final Duration START = Duration.ofMinutes(3);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    static Path work;
    static DockerfileRecipe recipe;
    static Path app;

    private Process process;
    private Path log;

    @BeforeAll
    static void extractTheJarAsTheDockerfileDoes() throws Exception {
        assertThat(JAR).as("the jar `mvn package` builds").isRegularFile();
        recipe = DockerfileRecipe.read();
        assertThat(recipe.layers()).containsExactly("dependencies", "spring-boot-loader", "snapshot-dependencies",
                "application");
        Path build = Files.createDirectories(work.resolve("build"));
        Files.copy(JAR, build.resolve("unstuck.jar"));
        List<String> extract = new ArrayList<>(recipe.extract());
        extract.set(0, java());
        Process p = new ProcessBuilder(extract).directory(build.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("extract.log").toFile()).start();
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).as("extract finished").isTrue();
        assertThat(p.exitValue()).as(Files.readString(work.resolve("extract.log"))).isZero();
        app = Files.createDirectories(work.resolve("app"));
        for (String layer : recipe.layers()) {
            copyInto(build.resolve("extracted").resolve(layer), app);
        }
        assertThat(app.resolve("BOOT-INF/lib")).isDirectory();
        assertThat(app.resolve("org/springframework/boot/loader/launch/JarLauncher.class")).isRegularFile();
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void onTheEmbeddedDefault_theExtractedApplicationBecomesReady_andServesMetrics() throws Exception {
        int port = freePort();
        start(Map.of(), "--server.port=" + port);

        awaitStatus(port, "/actuator/health/readiness", 200);
        assertThat(get(port, "/actuator/health/liveness").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            PrometheusText scrape = PrometheusText.parse(get(port, "/actuator/prometheus").body());
            assertThat(scrape.names()).contains("unstuck_gateway_leader", "unstuck_discord_ack_seconds_count")
                    .anyMatch(n -> n.startsWith("temporal_"));
        });
        assertThat(Files.readString(log)).contains("Unstuck is ready");
    }

    @Test
    void inProduction_readinessFollowsTheTemporalFrontend_livenessDoesNot_andLogsAreJson() throws Exception {
        int temporalPort = freePort();
        TestServer.PortBoundTestServer temporal = TestServer.createPortBoundServer(temporalPort, false);
        boolean temporalUp = true;
        // Production never serves the sandbox by itself: it gets a cluster, reached only through the files a real
        // one would come with, and who may approve there.
        Path connection = app.resolveSibling("drill-cluster");
        try (Sandbox sandbox = Sandbox.start(ScenarioLoader.loadBuiltIn("seed-incident"))) {
            sandbox.writeConnectionFiles(connection);
            int port = freePort();
            start(Map.of("SPRING_PROFILES_ACTIVE", "production", "TEMPORAL_ADDRESS", "127.0.0.1:" + temporalPort),
                    "--server.port=" + port,
                    "--unstuck.clusters.drill.kubeconfig=" + connection.resolve("kubeconfig"),
                    "--unstuck.clusters.drill.cloud-properties=" + connection.resolve("cloud.properties"),
                    "--unstuck.clusters.drill.approver-roles=sre");

            awaitStatus(port, "/actuator/health/readiness", 200);
            assertThat(get(port, "/actuator/health/liveness").statusCode()).isEqualTo(200);

            temporal.close();
            temporalUp = false;
            awaitStatus(port, "/actuator/health/readiness", 503);
            assertThat(get(port, "/actuator/health/readiness").body()).contains("\"temporal\"")
                    .contains("DOWN");
            assertThat(get(port, "/actuator/health/liveness").statusCode()).isEqualTo(200);

            List<String> lines;
            try (Stream<String> s = Files.lines(log)) {
                lines = s.filter(l -> !l.isBlank() && !l.startsWith("Picked up JAVA_TOOL_OPTIONS")).toList();
            }
            // Elastic Common Schema: one object per line with @timestamp, log.level and message.
            assertThat(lines).isNotEmpty().allSatisfy(l -> {
                Map<?, ?> event = Serialization.unmarshal(l, Map.class);
                assertThat(event.get("@timestamp")).as(l).isNotNull();
                assertThat(((Map<?, ?>) event.get("log")).get("level")).as(l).isNotNull();
                assertThat(event.get("message")).as(l).isNotNull();
            });
            assertThat(lines).anyMatch(l -> l.contains("The following 1 profile is active: \\\"production\\\""));
        } finally {
            if (temporalUp) {
                temporal.close();
            }
        }
    }

    private void start(Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(recipe.entrypoint());
        command.set(0, java());
        command.addAll(List.of(args));
        log = Files.createTempFile(work, "unstuck", ".log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(app.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("JAVA_TOOL_OPTIONS", recipe.javaToolOptions());
        pb.environment().remove("SPRING_PROFILES_ACTIVE");
        pb.environment().putAll(env);
        process = pb.start();
    }

    private void awaitStatus(int port, String path, int status) {
        await().atMost(START).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            assertThat(process.isAlive()).as("the application is running; its log:\n%s", tail()).isTrue();
            assertThat(statusOf(port, path)).isEqualTo(status);
        });
    }

    private String tail() throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static int statusOf(int port, String path) {
        try {
            return get(port, path).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    private static HttpResponse<String> get(int port, String path) throws IOException {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void copyInto(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
