package dev.unstuck.chat.discord;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.unstuck.chat.People;
import dev.unstuck.config.ApprovalRules;
import dev.unstuck.config.ClusterRegistry;
import dev.unstuck.config.ClusterTarget;
import dev.unstuck.config.ConfigurationProblem;
import io.fabric8.kubernetes.client.ConfigBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Discord approver roles are role ids: a name is whatever anyone allowed to manage roles typed. Names only with an
 * explicit opt-in, said loudly at start-up; a mapping for a cluster that does not exist is a typo, refused.
 */
class DiscordApproverRolesTest {
    private final ClusterRegistry clusters = new ClusterRegistry()
            .register("prod", new ClusterTarget("prod", new ConfigBuilder().build(), null),
                    new ApprovalRules(List.of("sre"), true))
            .register("staging", new ClusterTarget("staging", new ConfigBuilder().build(), null),
                    new ApprovalRules(List.of("sre"), true));
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger log = (Logger) LoggerFactory.getLogger(DiscordConfiguration.class);

    @BeforeEach
    void capture() {
        logs.start();
        log.addAppender(logs);
    }

    @AfterEach
    void release() {
        log.detachAppender(logs);
        clusters.close();
    }

    @Test
    void givenRoleIdsForEveryCluster_startUpSaysNothing() {
        DiscordConfiguration.checkApprovers(props(Map.of("prod", List.of("1200000000000000012"),
                "staging", List.of("1200000000000000012")), false), clusters, People.none());
        assertThat(logs.list).isEmpty();
    }

    @Test
    void givenARoleNameWithoutTheOptIn_startUpFailsNamingTheKey() {
        assertThatThrownBy(() -> DiscordConfiguration.checkApprovers(props(Map.of("prod", List.of("sre")), false),
                clusters, People.none())).isInstanceOf(ConfigurationProblem.class)
                .hasMessageStartingWith("unstuck.discord.approver-roles.prod[0]: 'sre' is not a Discord role id")
                .hasMessageContaining("unstuck.discord.role-names-as-roles=true");
    }

    @Test
    void givenAMappingForAClusterThatDoesNotExist_startUpFailsNamingTheKey() {
        assertThatThrownBy(() -> DiscordConfiguration.checkApprovers(props(Map.of("prd",
                List.of("1200000000000000012")), false), clusters, People.none()))
                .hasMessage("unstuck.discord.approver-roles.prd: names no configured cluster; known: [prod, staging]");
    }

    @Test
    void givenTheOptInToRoleNames_startUpWarnsThatAnyoneWhoMayCreateRolesCanApprove() {
        DiscordConfiguration.checkApprovers(props(Map.of("prod", List.of("sre")), true), clusters, People.none());
        assertThat(logs.list).singleElement().satisfies(e -> assertThat(e.getFormattedMessage())
                .contains("role-names-as-roles is on").contains("anyone who may create or rename roles"));
    }

    @Test
    void givenAClusterNobodyCanApproveOnFromDiscord_startUpSaysSo() {
        DiscordConfiguration.checkApprovers(props(Map.of("prod", List.of("1200000000000000012")), false), clusters,
                People.none());
        assertThat(logs.list).singleElement().satisfies(e -> assertThat(e.getFormattedMessage())
                .startsWith("Nobody can approve on cluster staging from Discord"));
    }

    private static DiscordProperties props(Map<String, List<String>> approverRoles, boolean names) {
        return new DiscordProperties("token", null, List.of(), DiscordProperties.CommandScope.GUILD, null, null,
                List.of(), List.of(), approverRoles, names, null, new DiscordProperties.RateLimit(5,
                Duration.ofMinutes(1)), Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(30),
                Duration.ofSeconds(10));
    }
}
