package dev.unstuck.diagnosis;

import dev.unstuck.diagnosis.FinalizersRemainingMessage.FinalizerCount;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FinalizersRemainingMessageTest {

    @Test
    void currentWordingWithSeveralFinalizers() {
        assertThat(FinalizersRemainingMessage.finalizers("Some content in the namespace has finalizers remaining: "
                + "batch.example.io/teardown in 1 resource instances, kubedb in 5 resource instances"))
                .containsExactly(new FinalizerCount("batch.example.io/teardown", 1), new FinalizerCount("kubedb", 5));
    }

    @Test
    void olderWording() {
        assertThat(FinalizersRemainingMessage.finalizers("Some finalizers are remaining: example.com/protect in 2 "
                + "resource instances")).containsExactly(new FinalizerCount("example.com/protect", 2));
    }

    @Test
    void nothingToReadIsEmpty() {
        assertThat(FinalizersRemainingMessage.finalizers(null)).isEmpty();
        assertThat(FinalizersRemainingMessage.finalizers("All content successfully removed")).isEmpty();
    }
}
