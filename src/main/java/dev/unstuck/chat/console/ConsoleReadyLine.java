package dev.unstuck.chat.console;

import dev.unstuck.sandbox.Sandbox;
import dev.unstuck.sandbox.Scenario;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * The one line a newcomer needs after {@code mvn spring-boot:run}: where to click and what to type. Ordered last
 * so it is the final line of start-up, below the workers starting.
 */
public final class ConsoleReadyLine implements ApplicationListener<ApplicationReadyEvent>, Ordered {
    private static final Logger log = LoggerFactory.getLogger(ConsoleReadyLine.class);

    private final Sandbox sandbox;

    public ConsoleReadyLine(Sandbox sandbox) {
        this.sandbox = sandbox;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        if (!(event.getApplicationContext() instanceof WebServerApplicationContext web)
                || web.getWebServer() == null) {
            return;
        }
        log.info(line(event.getApplicationContext().getEnvironment(), web.getWebServer().getPort()));
    }

    String line(Environment env, int port) {
        String host = env.getProperty("server.address", "localhost");
        if (host.equals("0.0.0.0") || host.equals("::")) {
            host = "localhost";
        } else if (host.contains(":")) {
            host = "[" + host + "]";
        }
        String namespace = sandbox == null ? "<namespace>" : sandbox.scenario().namespaces().stream()
                .filter(Scenario.Namespace::deleting).map(Scenario.Namespace::name).findFirst().orElse("<namespace>");
        return "Unstuck is ready: open http://" + host + ":" + port + " and type /ns-stuck " + namespace;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
