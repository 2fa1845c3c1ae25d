package dev.unstuck.chat.discord;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.unstuck.chat.discord.fake.StoredMessage;
import dev.unstuck.workflow.RemediationService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.util.Map;

import static dev.unstuck.chat.discord.DiscordStories.titleContains;
import static dev.unstuck.chat.discord.DiscordStories.text;
import static dev.unstuck.chat.discord.DiscordStories.APPROVE;
import static dev.unstuck.chat.discord.DiscordStories.DETAILS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A remediation nobody decides on in time, in a context of its own: the approval timeout is global, and a short
 * one would expire the other stories' approvals. Also checks that the bot token never reaches a log line.
 */
@SpringBootTest(properties = "unstuck.remediation.approval-timeout=3s")
class DiscordExpiryTest {
    private static final DiscordWorld WORLD = new DiscordWorld(Map.of("dev-cluster", "seed-incident"));

    @DynamicPropertySource
    static void discord(DynamicPropertyRegistry registry) {
        WORLD.register(registry);
    }

    @TestConfiguration
    static class World {
        @Bean(destroyMethod = "close")
        DiscordWorld discordWorld() {
            return WORLD;
        }
    }

    @Autowired
    RemediationService service;

    private final DiscordStories people = new DiscordStories(WORLD.fake);
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);

    @BeforeEach
    void captureLogs() {
        logs.start();
        root.addAppender(logs);
    }

    @AfterEach
    void quiet() {
        root.detachAppender(logs);
        assertThat(WORLD.fake.unroutedRequests()).isEmpty();
        assertThat(WORLD.jdaLog.lines()).as("JDA warnings and errors").isEmpty();
    }

    @Test
    void nobodyDecides_theMessageSaysExpired_andALateClickIsToldItEnded() throws Exception {
        StoredMessage live = people.askAndAwaitButtons("alice", "dev", null);

        StoredMessage expired = people.await(live, titleContains(": expired"));
        assertThat(expired.enabledCustomIds()).allMatch(id -> id.startsWith(DETAILS));
        assertThat(text(expired)).contains("nobody decided within 3 s: nothing was executed");
        assertThat(people.click("bob", live, APPROVE)).contains("Not waiting for a decision", "ended");

        assertThat(logs.list).isNotEmpty().noneMatch(e -> e.getFormattedMessage().contains(WORLD.fake.token()));
    }
}
