package dev.unstuck.chat.console;

import dev.unstuck.UnstuckApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code java -jar unstuck.jar} with a real cluster configured but the console left as the sandbox has it: start-up
 * refuses, in the one line an operator reads, before anyone could reach the console.
 */
@ExtendWith(OutputCaptureExtension.class)
class ConsoleStartupRefusalTest {

    @Test
    void givenARealClusterAndNoConsoleSignIn_startUpFailsWithOneLine_inEveryProfile(@TempDir Path dir,
                                                                                    CapturedOutput output)
            throws IOException {
        Path kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters: [{name: prod, cluster: {server: "https://127.0.0.1:1"}}]
                contexts: [{name: prod, context: {cluster: prod, user: ops}}]
                current-context: prod
                users: [{name: ops, user: {token: not-a-real-token}}]
                """);
        assertThatThrownBy(() -> UnstuckApplication.bot().run("--server.port=0",
                "--unstuck.clusters.prod.kubeconfig=" + kubeconfig, "--unstuck.clusters.prod.approver-roles=sre"))
                .hasStackTraceContaining("unstuck.console.auth: is none while cluster(s) [prod] are configured");
        assertThat(output.getOut()).contains("APPLICATION FAILED TO START")
                .contains("unstuck.console.auth: is none while cluster(s) [prod] are configured: anyone who reaches"
                        + " the console could approve repairs there as anyone; set it to basic")
                .contains("Fix unstuck.console.auth and start Unstuck again.")
                .doesNotContain("serving the SANDBOX").doesNotContain("Unstuck is ready");
    }
}
