package dev.unstuck.chat;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The click limit on a clock the test moves: past the limit clicks are only counted, and reported once a window. */
class ClickThrottleTest {
    private static final ChatUser MALLORY = new ChatUser("discord:1200000000000001006", "mallory", List.of());
    private static final ChatUser ALICE_IN_DISCORD = new ChatUser("discord:1200000000000001001", "alice", List.of(),
            "alice");
    private static final ChatUser ALICE_IN_CONSOLE = new ChatUser("console:alice", "alice", List.of(), "alice");
    private static final String DEV = "unstuck/dev-cluster/dev";

    private final AtomicLong now = new AtomicLong();
    private final List<ClickThrottle.Flood> reported = new ArrayList<>();
    private final ClickThrottle throttle = new ClickThrottle(5, Duration.ofMinutes(1), now::get, reported::add);

    @Test
    void givenMalloryClicks40TimesInAMinute_fiveGoOn_andThe35OthersAreOneReportAfterTheMinute() {
        int admitted = 0;
        for (int i = 0; i < 40; i++) {
            now.addAndGet(Duration.ofMillis(500).toNanos());
            if (throttle.admit(MALLORY, DEV, "approve").isZero()) {
                admitted++;
            }
        }
        assertThat(admitted).isEqualTo(5);
        throttle.sweep();
        assertThat(reported).as("the window of the first refused click has not passed").isEmpty();

        now.addAndGet(Duration.ofMinutes(1).toNanos());
        throttle.sweep();
        throttle.sweep();
        assertThat(reported).containsExactly(new ClickThrottle.Flood(DEV, MALLORY, "approve", 35, "5 clicks per 1 min"));
        assertThat(throttle.admit(MALLORY, DEV, "approve")).as("a new minute, a new budget").isZero();
    }

    @Test
    void givenOnePersonInTwoAdapters_theyShareOneBudget() {
        for (int i = 0; i < 5; i++) {
            assertThat(throttle.admit(i % 2 == 0 ? ALICE_IN_DISCORD : ALICE_IN_CONSOLE, DEV, "reject")).isZero();
        }
        Duration wait = throttle.admit(ALICE_IN_CONSOLE, DEV, "approve");
        assertThat(wait).isPositive();
        assertThat(throttle.slowDown(wait)).isEqualTo("Slow down: at most 5 clicks per 1 min; try again in 60 s."
                + " Clicks past the limit are not looked at, only counted.");
        assertThat(throttle.admit(MALLORY, DEV, "approve")).as("others keep their own budget").isZero();
    }

    @Test
    void givenForgedIdsNamingNoRemediation_theyAreCountedApart_andReportedWithoutOne() {
        for (int i = 0; i < 8; i++) {
            throttle.admit(MALLORY, null, "unknown");
        }
        throttle.flush();
        assertThat(reported).containsExactly(new ClickThrottle.Flood(null, MALLORY, "unknown", 3, "5 clicks per 1 min"));
    }
}
