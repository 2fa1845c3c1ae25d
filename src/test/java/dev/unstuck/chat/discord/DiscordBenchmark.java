package dev.unstuck.chat.discord;

import dev.unstuck.chat.discord.fake.InteractionResult;
import dev.unstuck.chat.discord.fake.StoredMessage;
import dev.unstuck.config.ClusterRegistry;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static dev.unstuck.chat.discord.DiscordStories.APPROVE;
import static dev.unstuck.chat.discord.DiscordStories.WAIT;
import static dev.unstuck.chat.discord.DiscordStories.titleContains;

/**
 * Figures for the Discord adapter, printed, never asserted: ack latency of 50 /ns-stuck commands in flight at once
 * (INTERACTION_CREATE sent → defer callback received), and the time from the sandbox namespace going away to the
 * live message showing it. Run with {@code mvn -o test -Dtest=DiscordBenchmark -Dunstuck.bench=true}.
 */
@EnabledIfSystemProperty(named = "unstuck.bench", matches = "true")
@SpringBootTest(properties = "unstuck.discord.rate-limit.commands=1000")
class DiscordBenchmark {
    private static final DiscordWorld WORLD = new DiscordWorld(Map.of("b1", "seed-incident", "b2", "seed-incident",
            "b3", "seed-incident"));

    @DynamicPropertySource
    static void discord(DynamicPropertyRegistry registry) {
        WORLD.register(registry);
        registry.add("unstuck.discord.default-cluster", () -> "b1");
    }

    @TestConfiguration
    static class World {
        @Bean(destroyMethod = "close")
        DiscordWorld discordWorld() {
            return WORLD;
        }
    }

    @Autowired
    ClusterRegistry clusters;

    private final DiscordStories people = new DiscordStories(WORLD.fake);

    @Test
    void ackLatencyOfFiftyConcurrentCommands() throws Exception {
        // warm-up: class loading and JIT in JDA, the fake and our handlers
        for (int i = 0; i < 10; i++) {
            people.stuck("user" + i, "oncall", "warm-" + i, null).awaitCallback(WAIT);
        }
        for (int round = 1; round <= 3; round++) {
            List<InteractionResult> burst = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                burst.add(people.stuck("user" + i, "oncall", "r" + round + "-ns-" + i, null));
            }
            List<Long> nanos = new ArrayList<>();
            for (InteractionResult r : burst) {
                nanos.add(r.awaitAckLatency(WAIT).toNanos());
            }
            for (InteractionResult r : burst) {
                r.awaitOriginal(WAIT, m -> !m.loading());
            }
            System.out.println("round " + round + ", ack latency of 50 concurrent /ns-stuck: " + percentiles(nanos));
        }
    }

    @Test
    void namespaceGoneToLiveMessage() throws Exception {
        for (String cluster : List.of("b1", "b2", "b3")) {
            StoredMessage live = people.askAndAwaitButtons("alice", "dev", cluster);
            CompletableFuture<Long> gone = new CompletableFuture<>();
            try (Watch w = clusters.connection(cluster).client().namespaces().withName("dev").watch(new Watcher<>() {
                @Override
                public void eventReceived(Action action, Namespace ns) {
                    if (action == Action.DELETED) {
                        gone.complete(System.nanoTime());
                    }
                }

                @Override
                public void onClose(WatcherException cause) {
                }
            })) {
                people.click("bob", live, APPROVE);
                people.await(live, titleContains(": done"));
                long shown = System.nanoTime();
                long deleted = gone.get(WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
                System.out.printf("cluster %s: namespace gone -> live message shows done: %.0f ms%n", cluster,
                        (shown - deleted) / 1e6);
            }
        }
    }

    private static String percentiles(List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        double p50 = sorted.get(sorted.size() / 2 - 1) / 1e6;
        double p99 = sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1) / 1e6;
        return String.format("p50 %.1f ms, p99 %.1f ms, max %.1f ms", p50, p99, sorted.get(sorted.size() - 1) / 1e6);
    }
}
