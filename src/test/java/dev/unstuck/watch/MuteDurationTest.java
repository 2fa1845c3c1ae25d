package dev.unstuck.watch;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MuteDurationTest {

    @Test
    void durationsAsPeopleTypeThem() {
        assertThat(MuteDuration.parse("30m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(MuteDuration.parse(" 1h30m ")).isEqualTo(Duration.ofMinutes(90));
        assertThat(MuteDuration.parse("2H")).isEqualTo(Duration.ofHours(2));
        assertThat(MuteDuration.parse("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(MuteDuration.parse("0")).isZero();
        assertThat(MuteDuration.parse("off")).isZero();
    }

    @Test
    void anythingElseIsOneLineSayingWhatToWrite() {
        for (String bad : new String[]{null, "", "forever", "-1h", "1.5h", "10", "1w", "1h\nmute everything"}) {
            assertThatThrownBy(() -> MuteDuration.parse(bad)).as(String.valueOf(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("write 30m, 2h or 1d").hasMessageNotContaining("\n");
        }
        assertThatThrownBy(() -> MuteDuration.parse("8d")).hasMessageContaining("longer than the 7 days");
    }
}
