package dev.unstuck.cloud.aliyun;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.read.ListAppender;
import dev.unstuck.cloud.CloudException;
import dev.unstuck.cloud.RepairOutcome;
import dev.unstuck.cloud.RouteEntryRepair;
import dev.unstuck.cloud.Sleeper;
import dev.unstuck.remediation.StepRun;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretsStayOutOfLogsTest {
    private static final String TOKEN = "CAIS-sts-token-9d8c7b6a";

    @Test
    void fullRouteRepairAtTraceLevelNeverLogsTheSecretOrToken() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Level previous = root.getLevel();
        List<Appender<ILoggingEvent>> console = new ArrayList<>();
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            console.add(it.next());
        }
        console.forEach(root::detachAppender);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        root.addAppender(captured);
        root.setLevel(Level.ALL);
        // Loggers configured with their own level (the test logging config quiets ours) would ignore the root's.
        Logger ours = (Logger) LoggerFactory.getLogger("dev.unstuck");
        Level oursBefore = ours.getLevel();
        ours.setLevel(Level.ALL);
        try (SandboxVpc sandbox = new SandboxVpc(9)) {
            AliyunVpcApi api = new AliyunVpcApi(sandbox.settings());
            RouteEntryRepair repair = new RouteEntryRepair(api, 200, RouteRepairThroughSdkTest.FAST, Sleeper.REAL,
                    Clock.systemUTC(), new Random(1));
            sandbox.server.setFaults(sandbox.server.faults().withThrottleRate(0.3));
            assertThat(repair.ensureRoute(SandboxVpc.TABLE, SandboxVpc.POD_CIDR, SandboxVpc.NODE_INSTANCE,
                    new StepRun("wf-ns-dev", "run-1", "1")).outcome()).isEqualTo(RepairOutcome.CREATED);

            // Failure paths log and carry exceptions too: a wrong secret and an STS token must not leak either.
            AliyunVpcApi withToken = new AliyunVpcApi(sandbox.settings().withSecurityToken(TOKEN));
            withToken.describeVpc(SandboxVpc.VPC);
            sandbox.server.setFaults(sandbox.server.faults().withThrottleRate(0)
                    .withFailAction("CreateRouteEntry", "Forbidden.RAM"));
            assertThatThrownBy(() -> repair.ensureRoute(SandboxVpc.TABLE, "172.20.3.0/24", "i-node3", new StepRun("wf", "run-1", "2")))
                    .isInstanceOf(CloudException.class);
        } finally {
            root.detachAppender(captured);
            root.setLevel(previous);
            ours.setLevel(oursBefore);
            console.forEach(root::addAppender);
        }

        assertThat(captured.list).hasSizeGreaterThan(10);
        assertThat(captured.list).anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("AliyunSettings["));
        for (ILoggingEvent event : captured.list) {
            String text = event.getFormattedMessage()
                    + (event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy()));
            assertThat(text).doesNotContain(SandboxVpc.SECRET).doesNotContain(TOKEN);
        }
    }
}
