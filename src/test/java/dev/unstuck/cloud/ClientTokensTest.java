package dev.unstuck.cloud;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClientTokensTest {

    @Test
    void aReplayedStepSendsTheSameTokenAndOtherStepsDoNot() {
        String token = ClientTokens.forStep("wf-dev-42", "3");
        assertThat(ClientTokens.forStep("wf-dev-42", "3")).isEqualTo(token);
        assertThat(ClientTokens.forStep("wf-dev-42", "4")).isNotEqualTo(token);
        assertThat(ClientTokens.forStep("wf-dev-4", "23")).isNotEqualTo(ClientTokens.forStep("wf-dev-42", "3"));
    }

    @Test
    void tokensAreAsciiAndFitTheOpenApiLimit() {
        String token = ClientTokens.forStep("w".repeat(500) + "é", "step");
        assertThat(token).hasSizeLessThanOrEqualTo(64).matches("[\\x21-\\x7e]+").startsWith("unstuck-");
    }
}
