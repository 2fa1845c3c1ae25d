package dev.unstuck.chat.discord;

import dev.unstuck.config.ClusterRegistry;
import dev.unstuck.ops.DiscordAckTimer;
import dev.unstuck.workflow.RemediationService;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The Discord adapter; present only when a bot token is configured. */
@Configuration(proxyBeanMethods = false)
@Conditional(DiscordTokenConfigured.class)
@EnableConfigurationProperties(DiscordProperties.class)
public class DiscordConfiguration {

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
                                                   DiscordChatPort chat, DiscordProperties props, Environment env,
                                                   ObjectProvider<DiscordAckTimer> ackTimer) {
        String uiUrl = env.getProperty("unstuck.temporal.ui-url", env.getProperty("temporal.ui-url"));
        return new DiscordInteractions(service, clusters, chat, props, uiUrl,
                env.getProperty("spring.temporal.namespace", "default"),
                ackTimer.getIfAvailable(() -> DiscordAckTimer.NONE));
    }

    @Bean
    public DiscordBot discordBot(DiscordProperties props, DiscordSession session, DiscordInteractions interactions,
                                 DiscordChatPort chat) {
        return new DiscordBot(props, session, interactions, chat);
    }
}
