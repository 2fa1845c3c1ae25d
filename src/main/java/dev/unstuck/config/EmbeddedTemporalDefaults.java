package dev.unstuck.config;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.Map;

/**
 * Turns on the in-process Temporal test server when no {@code spring.temporal.connection.target} is configured,
 * so that {@code java -jar unstuck.jar} works out of the box. Added last: anything the operator sets wins.
 */
public class EmbeddedTemporalDefaults implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {
    public static final String SOURCE = "unstuckEmbeddedTemporal";

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        ConfigurableEnvironment env = event.getEnvironment();
        String target = env.getProperty("spring.temporal.connection.target");
        if (target == null || target.isBlank()) {
            env.getPropertySources().addLast(new MapPropertySource(SOURCE,
                    Map.of("spring.temporal.test-server.enabled", "true")));
        }
    }
}
