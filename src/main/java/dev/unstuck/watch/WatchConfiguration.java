package dev.unstuck.watch;

import dev.unstuck.config.ClusterRegistry;
import dev.unstuck.config.ConfigurationProblem;
import dev.unstuck.workflow.RemediationService;
import io.temporal.client.WorkflowClient;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The watchers: their settings, checked whole at start-up, the informers they read, and their start. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WatchProperties.class)
public class WatchConfiguration {
    private static final Pattern SNOWFLAKE = Pattern.compile("[0-9]{15,21}");

    @Bean(destroyMethod = "close")
    public ClusterObservers clusterObservers(ClusterRegistry clusters) {
        return new ClusterObservers(clusters);
    }

    @Bean
    public AlertService alertService(WorkflowClient client, RemediationService remediations,
                                     ClusterRegistry clusters) {
        return new AlertService(client, remediations, clusters);
    }

    /** Starts every cluster's watcher once the application is ready (and its workers with it). */
    @Bean
    public ApplicationListener<ApplicationReadyEvent> watchersStart(WorkflowClient client, ClusterRegistry clusters,
                                                                    WatchProperties props, Environment env) {
        check(props, clusters, env.getProperty("unstuck.discord.token"));
        WatchStarter starter = new WatchStarter(client, clusters, props);
        return event -> {
            if (props.enabled()) {
                starter.startAll();
            }
        };
    }

    /** Every setting makes sense, and every alert channel can be posted to, or start-up stops with one line. */
    static void check(WatchProperties props, ClusterRegistry clusters, String discordToken) {
        positive("unstuck.watch.namespace-stuck-after", props.namespaceStuckAfter());
        positive("unstuck.watch.apiservice-unavailable-after", props.apiserviceUnavailableAfter());
        positive("unstuck.watch.route-audit-every", props.routeAuditEvery());
        positive("unstuck.watch.max-wait", props.maxWait());
        if (props.flapWindow().isNegative()) {
            throw new ConfigurationProblem("unstuck.watch.flap-window", "must not be negative");
        }
        if (props.maxCardsPerHour() < 1) {
            throw new ConfigurationProblem("unstuck.watch.max-cards-per-hour", "must be at least 1");
        }
        for (Map.Entry<String, List<String>> e : props.discordChannels().entrySet()) {
            String key = "unstuck.watch.discord-channels." + e.getKey();
            if (!clusters.contains(e.getKey())) {
                throw new ConfigurationProblem(key, "names no configured cluster; known: "
                        + clusters.aliases().stream().sorted().toList());
            }
            if (discordToken == null || discordToken.isBlank()) {
                throw new ConfigurationProblem(key, "Discord is not configured (unstuck.discord.token): its cards"
                        + " could go nowhere");
            }
            List<String> ids = e.getValue() == null ? List.of() : e.getValue();
            for (int i = 0; i < ids.size(); i++) {
                if (ids.get(i) == null || !SNOWFLAKE.matcher(ids.get(i)).matches()) {
                    throw new ConfigurationProblem(key + "[" + i + "]", "'" + ids.get(i) + "' is not a Discord"
                            + " channel id (Developer Mode, right-click the channel, Copy Channel ID)");
                }
            }
        }
        for (String alias : clusters.aliases()) {
            if (alias.length() > AlertIds.maxAliasLength()) {
                throw new ConfigurationProblem("unstuck.clusters." + alias, "an alias longer than "
                        + AlertIds.maxAliasLength() + " characters does not fit a card's button id; choose a shorter"
                        + " one");
            }
        }
    }

    private static void positive(String key, Duration d) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new ConfigurationProblem(key, "must be a positive duration such as 10m");
        }
    }
}
