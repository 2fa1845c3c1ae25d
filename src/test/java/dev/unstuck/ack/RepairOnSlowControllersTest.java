package dev.unstuck.ack;

import dev.unstuck.cli.UnstuckCli;
import dev.unstuck.workflow.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code repair} against an API server it reaches only through a kubeconfig and cloud properties, whose controllers
 * take as long as real ones: the aggregator re-checks APIServices every 30 s and the namespace controller retries a
 * long-stuck namespace once a minute. The repair must wait that out, not give up after a few seconds.
 */
class RepairOnSlowControllersTest {

    @TempDir
    Path dir;

    @Test
    void givenRealisticControllerTiming_repairWaitsForTheApiServiceAndTheNamespace_andDevIsGone() throws Exception {
        Path connection = dir.resolve("sandbox");
        try (ChildJvm sandbox = ChildJvm.start("sandbox", dir.resolve("logs"), "dev.unstuck.UnstuckApplication",
                "sandbox", "--scenario", "slow-controllers", "--dir", connection.toString())) {
            sandbox.awaitLine("Stop with Ctrl-C", 60);

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            long started = System.nanoTime();
            int exit = new UnstuckCli(new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0]), false)
                    .run("repair", "dev", "--kubeconfig", connection.resolve("kubeconfig").toString(),
                            "--cloud-properties", connection.resolve("cloud.properties").toString(),
                            "--yes", "--output", "json");
            long seconds = (System.nanoTime() - started) / 1_000_000_000L;

            String stderr = err.toString(StandardCharsets.UTF_8);
            assertThat(exit).as(stderr).isZero();
            JsonNode json = JsonMapper.builder().build().readTree(out.toString(StandardCharsets.UTF_8));
            assertThat(json.get("executed")).singleElement()
                    .satisfies(e -> assertThat(e.get("status").asString()).isEqualTo("CREATED"));
            assertThat(json.get("outcome").asString()).isEqualTo("DONE");
            assertThat(json.get("namespaceStateAfter").asString()).isEqualTo("NOT_FOUND");
            assertThat(stderr).contains("Waiting up to 10 min for APIService v1beta1.metrics.k8s.io");
            System.out.println("repair on slow controllers took " + seconds + " s");
        }
    }
}
