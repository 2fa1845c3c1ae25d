package dev.unstuck.chat.console;

import dev.unstuck.UnstuckApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code mvn spring-boot:run} and {@code java -jar unstuck.jar} do with no configuration at all (no Discord
 * token, no kubeconfig, no cloud credentials, no Temporal): embedded Temporal, the seed sandbox, the console, and one
 * line telling the newcomer where to click.
 */
@ExtendWith(OutputCaptureExtension.class)
class RunCommandStartupTest {

    @Test
    void withNoConfigurationTheBotStartsInUnder15Seconds_andPrintsWhereToClick(CapturedOutput output) {
        long start = System.nanoTime();
        // Port 0 only because tests run side by side; everything else is what the README's command does.
        try (ConfigurableApplicationContext context = UnstuckApplication.bot().run("--server.port=0")) {
            Duration startup = Duration.ofNanos(System.nanoTime() - start);
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            String line = "Unstuck is ready: open http://127.0.0.1:" + port + " and type /ns-stuck dev";
            assertThat(output.getOut()).contains(line);
            assertThat(Arrays.stream(output.getOut().split("\n")).filter(l -> l.contains("Unstuck is ready")))
                    .hasSize(1);
            assertThat(output.getOut()).contains("Temporal runs EMBEDDED in this process");
            assertThat(startup).as("start-up to ready").isLessThan(Duration.ofSeconds(15));
            assertThat(new ConsoleHttp(port).sandbox().status()).isEqualTo(200);
            assertThat(new ConsoleHttp(port).get("/").raw().body()).contains("<title>Unstuck console</title>");
            System.out.println("start-up to ready: " + startup.toMillis() + " ms");
        }
    }
}
