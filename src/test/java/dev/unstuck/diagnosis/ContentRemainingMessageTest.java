package dev.unstuck.diagnosis;

import dev.unstuck.diagnosis.ContentRemainingMessage.RemainingType;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ContentRemainingMessageTest {

    @Test
    @DisplayName("the namespace controller's message gives each type with its group and count; a core type ends in "
            + "a bare dot")
    void typesAndCounts() {
        assertThat(ContentRemainingMessage.types("Some resources are remaining: configmaps. has 1 resource instances, "
                + "pods. has 3 resource instances, trainjobs.batch.example.io has 2 resource instances"))
                .containsExactly(new RemainingType("", "configmaps", 1), new RemainingType("", "pods", 3),
                        new RemainingType("batch.example.io", "trainjobs", 2));
    }

    @Test
    @DisplayName("a core type written without the dot, an unreadable count and noise are tolerated")
    void tolerant() {
        assertThat(ContentRemainingMessage.types("Some resources are remaining: widgets has 1 resource instances, "
                + "gadgets.example.com has 99999999999999999999 resource instances"))
                .containsExactly(new RemainingType("", "widgets", 1));
        assertThat(ContentRemainingMessage.types("All content successfully removed")).isEmpty();
        assertThat(ContentRemainingMessage.types(null)).isEmpty();
        assertThat(new RemainingType("example.com", "widgets", 1).qualifiedName()).isEqualTo("widgets.example.com");
        assertThat(new RemainingType("", "pods", 1).qualifiedName()).isEqualTo("pods");
    }
}
