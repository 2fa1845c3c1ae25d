package dev.unstuck.cloud;

import dev.unstuck.remediation.StepRun;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClientTokensTest {

    @Test
    void aReplayedStepOfTheSameRunSendsTheSameTokenAndOtherStepsDoNot() {
        String token = ClientTokens.forStep(new StepRun("wf-dev-42", "run-a", "3"));
        assertThat(ClientTokens.forStep(new StepRun("wf-dev-42", "run-a", "3"))).isEqualTo(token);
        assertThat(ClientTokens.forStep(new StepRun("wf-dev-42", "run-a", "4"))).isNotEqualTo(token);
        assertThat(ClientTokens.forStep(new StepRun("wf-dev-4", "run-a", "23")))
                .isNotEqualTo(ClientTokens.forStep(new StepRun("wf-dev-42", "run-a", "3")));
    }

    @Test
    void aLaterRunOfTheSameWorkflowAndStepSendsANewToken() {
        assertThat(ClientTokens.forStep(new StepRun("wf-ns-dev", "run-january", "step-1")))
                .isNotEqualTo(ClientTokens.forStep(new StepRun("wf-ns-dev", "run-june", "step-1")));
    }

    @Test
    void tokensAreAsciiAndFitTheOpenApiLimit() {
        String token = ClientTokens.forStep(new StepRun("w".repeat(500) + "é", "r".repeat(300) + "ü", "step"));
        assertThat(token).hasSizeLessThanOrEqualTo(64).matches("[\\x21-\\x7e]+").startsWith("unstuck-");
    }
}
