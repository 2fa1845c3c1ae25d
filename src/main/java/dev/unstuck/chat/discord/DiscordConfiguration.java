package dev.unstuck.chat.discord;

import dev.unstuck.chat.ChatRouter;
import dev.unstuck.chat.ClickThrottle;
import dev.unstuck.chat.People;
import dev.unstuck.config.ClusterRegistry;
import dev.unstuck.config.ConfigurationProblem;
import dev.unstuck.config.UnstuckProperties;
import dev.unstuck.ha.GatewayLeaseProperties;
import dev.unstuck.ha.GatewayLeases;
import dev.unstuck.ha.LeaseElection;
import dev.unstuck.ops.DiscordAckTimer;
import dev.unstuck.ops.GatewayLeadership;
import dev.unstuck.sandbox.Sandbox;
import dev.unstuck.workflow.ChatActivitiesImpl;
import dev.unstuck.watch.AlertService;
import dev.unstuck.workflow.RemediationService;
import io.temporal.client.WorkflowClient;
import org.springframework.beans.factory.ObjectProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.regex.Pattern;

/**
 * The Discord adapter; present only when a bot token is configured. With real clusters the gateway is held under a
 * Lease ({@code unstuck.gateway.lease.*}), so that of several replicas exactly one talks to Discord.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(DiscordTokenConfigured.class)
@EnableConfigurationProperties({DiscordProperties.class, GatewayLeaseProperties.class})
public class DiscordConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DiscordConfiguration.class);
    private static final Pattern SNOWFLAKE = Pattern.compile("[0-9]{15,21}");

    @Bean
    public DiscordSession discordSession() {
        return new DiscordSession();
    }

    @Bean
    public DiscordChatPort discordChatPort(DiscordSession session, DiscordProperties props) {
        return new DiscordChatPort(session, props.callTimeout(), props.redeliverEvery());
    }

    @Bean
    public DiscordInteractions discordInteractions(RemediationService service, ClusterRegistry clusters,
                                                   DiscordChatPort chat, DiscordProperties props, People people,
                                                   ClickThrottle clicks, Environment env,
                                                   ObjectProvider<DiscordAckTimer> ackTimer,
                                                   ObjectProvider<AlertService> alerts) {
        checkApprovers(props, clusters, people);
        String uiUrl = env.getProperty("unstuck.temporal.ui-url", env.getProperty("temporal.ui-url"));
        return new DiscordInteractions(service, clusters, chat, props, people, clicks, uiUrl,
                env.getProperty("spring.temporal.namespace", "default"),
                ackTimer.getIfAvailable(() -> DiscordAckTimer.NONE), alerts.getIfAvailable());
    }

    /** The watchers' cards go to Discord channels through this (the bot's token, message ids kept by the watcher). */
    @Bean
    public DiscordAlertCards discordAlertCards(DiscordSession session, DiscordProperties props) {
        return new DiscordAlertCards(session, props.callTimeout());
    }

    @Bean
    public DiscordBot discordBot(DiscordProperties props, DiscordSession session, DiscordInteractions interactions,
                                 DiscordChatPort chat, WorkflowClient temporal, GatewayLeadership leadership,
                                 GatewayLeaseProperties lease, ClusterRegistry clusters, UnstuckProperties unstuck,
                                 ObjectProvider<Sandbox> sandbox) {
        DiscordChatWorker worker = new DiscordChatWorker(temporal, new ChatActivitiesImpl(new ChatRouter(
                List.of(chat))));
        return new DiscordBot(props, session, interactions, chat, worker,
                election(lease, clusters, unstuck, sandbox.getIfAvailable() != null).orElse(null), leadership);
    }

    /** The election for the gateway's Lease, through a client of its own on the cluster Unstuck runs in. */
    static Optional<LeaseElection> election(GatewayLeaseProperties lease, ClusterRegistry clusters,
                                            UnstuckProperties unstuck, boolean sandbox) {
        if (!lease.enabled()) {
            log.warn("unstuck.gateway.lease.enabled is false: this process holds the Discord gateway without a"
                    + " lease. Run exactly one replica, or two bots will answer every command.");
        }
        Set<String> inCluster = unstuck.clusters().entrySet().stream().filter(e -> e.getValue().inCluster())
                .map(Map.Entry::getKey).collect(Collectors.toSet());
        Optional<GatewayLeases.Lease> where = GatewayLeases.resolve(lease, clusters.aliases(), inCluster, sandbox,
                System.getenv());
        if (where.isEmpty()) {
            if (sandbox && lease.enabled()) {
                log.info("Sandbox: this single process holds the Discord gateway without a lease");
            }
            return Optional.empty();
        }
        return Optional.of(LeaseElection.on(clusters.target(where.get().cluster()).kubernetes(),
                where.get().settings()));
    }

    /**
     * Approver roles are Discord role ids of known clusters, unless names were opted into (then loudly). A cluster
     * nobody can approve on from Discord is said at start-up, not discovered during an incident.
     */
    static void checkApprovers(DiscordProperties props, ClusterRegistry clusters, People people) {
        String key = "unstuck.discord.approver-roles";
        for (Map.Entry<String, List<String>> e : props.approverRoles().entrySet()) {
            if (!clusters.contains(e.getKey())) {
                throw new ConfigurationProblem(key + "." + e.getKey(), "names no configured cluster; known: "
                        + clusters.aliases().stream().sorted().toList());
            }
            List<String> roles = e.getValue() == null ? List.of() : e.getValue();
            for (int i = 0; i < roles.size(); i++) {
                String role = roles.get(i);
                if (!props.roleNamesAsRoles() && (role == null || !SNOWFLAKE.matcher(role).matches())) {
                    throw new ConfigurationProblem(key + "." + e.getKey() + "[" + i + "]", "'" + role + "' is not a"
                            + " Discord role id: copy the role's id (Developer Mode, Server Settings > Roles, Copy"
                            + " Role ID), or opt into matching names with unstuck.discord.role-names-as-roles=true");
                }
            }
        }
        if (props.roleNamesAsRoles()) {
            log.warn("unstuck.discord.role-names-as-roles is on: any Discord role NAMED like an approver role counts,"
                    + " so anyone who may create or rename roles in the server can approve repairs. Map role ids"
                    + " under unstuck.discord.approver-roles.<cluster> instead.");
        }
        boolean anyDiscordPerson = people.all().values().stream()
                .anyMatch(p -> p.discord() != null && !p.discord().isBlank());
        for (String cluster : clusters.aliases().stream().sorted().toList()) {
            boolean mapped = !props.approverRoles().getOrDefault(cluster, List.of()).isEmpty();
            boolean byPerson = anyDiscordPerson && !clusters.rules(cluster).approvers().isEmpty();
            if (!mapped && !byPerson && !props.roleNamesAsRoles()) {
                log.warn("Nobody can approve on cluster {} from Discord: map the ids of its approvers' Discord roles"
                        + " under {}.{}, or name approvers linked to Discord accounts", cluster, key, cluster);
            }
        }
    }
}
