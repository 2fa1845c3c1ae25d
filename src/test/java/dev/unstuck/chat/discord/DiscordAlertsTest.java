package dev.unstuck.chat.discord;

import dev.unstuck.chat.discord.fake.FakeDiscord;
import dev.unstuck.chat.discord.fake.InteractionResult;
import dev.unstuck.chat.discord.fake.StoredMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.unstuck.chat.discord.DiscordStories.APPROVE;
import static dev.unstuck.chat.discord.DiscordStories.answer;
import static dev.unstuck.chat.discord.DiscordStories.hasButton;
import static dev.unstuck.chat.discord.DiscordStories.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The watcher's cards in a Discord channel, through the real JDA against the fake Discord: posted with the bot's
 * token, clicked by people of the guild, muted by an approver with {@code /ns-stuck-mute}; refusals answered with
 * one private line.
 */
@SpringBootTest(properties = {"unstuck.watch.discord-channels.prod[0]=" + DiscordAlertsTest.ONCALL,
        "unstuck.watch.max-wait=5s"})
class DiscordAlertsTest {
    static final String ONCALL = "1200000000000000101";
    private static final DiscordWorld WORLD = new DiscordWorld(Map.of("prod", "seed-incident"));

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

    private final FakeDiscord fake = WORLD.fake;

    @AfterEach
    void discordStaysQuiet() {
        assertThat(fake.unroutedRequests()).as("REST calls the fake does not model").isEmpty();
        assertThat(WORLD.jdaLog.lines()).as("JDA warnings and errors").isEmpty();
    }

    @Test
    void theSeedIncidentPostsTwoCards_andTheRoutesCardOpensTheRepairPlanAsAReplyToIt() throws Exception {
        StoredMessage routes = awaitCard("1 node has no VPC route on prod");
        StoredMessage api = awaitCard("APIService v1beta1.metrics.k8s.io is unavailable on prod");
        assertThat(text(api)).contains("Cause (top of the chain)", "FailedDiscoveryCheck",
                "The check never reached the backend 172.16.1.12", "Stuck namespaces", "- dev: Terminating since",
                "Also affected", "kubectl top", "prod~", "unstuck-watch/prod");
        assertThat(api.embedList().get(0).get("color").getAsInt()).as("red while open").isEqualTo(0xD64545);

        String opened = answer(fake.sendButtonClickAsSeen("alice", routes, routes.enabledCustomIds().get(0)));
        assertThat(opened).startsWith("\u25b6\ufe0f Started: repair of the node routes on prod started");
        StoredMessage live = fake.awaitMessage("oncall", DiscordStories.WAIT, hasButton(APPROVE));
        assertThat(live.embedTitles()).containsExactly("Node routes on prod: awaiting approval");
        assertThat(text(live)).contains("CREATE_ROUTE_ENTRY routeTableId=vtb-hz001 destinationCidrBlock=172.16.1.0/24");

        String again = answer(fake.sendButtonClickAsSeen("dave", routes, routes.enabledCustomIds().get(0)));
        assertThat(again).startsWith("\u21aa\ufe0f Joined: the node routes on prod are already being handled");
    }

    @Test
    void aForgedOrMisplacedAlertClickIsRefusedWithOneLine_andStartsNothing() throws Exception {
        StoredMessage api = awaitCard("APIService v1beta1.metrics.k8s.io is unavailable on prod");
        String start = api.enabledCustomIds().get(0);
        StoredMessage routes = awaitCard("1 node has no VPC route on prod");

        InteractionResult onOtherCard = fake.sendForgedButtonClick("mallory", "oncall", routes.id(), start, null);
        assertThat(answer(onOtherCard)).isEqualTo("That button does not belong to this message: nothing was done.");
        InteractionResult fromRandom = fake.sendForgedButtonClick("mallory", "random", api.id(), start, null);
        assertThat(answer(fromRandom)).startsWith("Unstuck is not enabled in this channel");
        InteractionResult unknown = fake.sendForgedButtonClick("mallory", "oncall", api.id(),
                "ws.00000000.1.prod", null);
        assertThat(answer(unknown)).isEqualTo("That button does not belong to this message: nothing was done.");
        List<StoredMessage> lives = fake.messages("oncall").stream()
                .filter(m -> m.embedTitles().stream().anyMatch(t -> t.startsWith("Namespace dev on prod"))).toList();
        assertThat(lives).as("no remediation of dev was started").isEmpty();
    }

    @Test
    void onlyAnApproverMutesProd_andABadDurationIsOneLine() throws Exception {
        String alices = DiscordStories.ephemeralText(fake.sendSlashCommand("alice", "oncall", DiscordCommands.MUTE,
                Map.of(DiscordCommands.FOR, "1h")));
        assertThat(alices).startsWith("\u26d4 Not an approver: muting prod needs one of the roles [sre]");

        InteractionResult bad = fake.sendSlashCommand("bob", "oncall", DiscordCommands.MUTE,
                Map.of(DiscordCommands.FOR, "a while", DiscordCommands.CLUSTER, "prod"));
        DiscordStories.assertOneLineEphemeral(bad, "for: 'a while' is not a duration");

        String bobs = DiscordStories.ephemeralText(fake.sendSlashCommand("bob", "oncall", DiscordCommands.MUTE,
                Map.of(DiscordCommands.FOR, "30m", DiscordCommands.CLUSTER, "prod")));
        assertThat(bobs).startsWith("\ud83d\udd15 No new card for prod until ").contains("(muted by bob)");
        String lifted = DiscordStories.ephemeralText(fake.sendSlashCommand("bob", "oncall", DiscordCommands.MUTE,
                Map.of(DiscordCommands.FOR, "0")));
        assertThat(lifted).startsWith("\ud83d\udd14 Alerts of prod are on again (unmuted by bob)");
    }

    private StoredMessage awaitCard(String title) {
        java.util.concurrent.atomic.AtomicReference<StoredMessage> found =
                new java.util.concurrent.atomic.AtomicReference<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            found.set(fake.messages("oncall").stream().filter(m -> m.embedTitles().contains(title)).findFirst()
                    .orElse(null));
            return found.get() != null;
        });
        return found.get();
    }
}
