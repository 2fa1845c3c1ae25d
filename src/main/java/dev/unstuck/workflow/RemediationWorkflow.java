package dev.unstuck.workflow;

import dev.unstuck.chat.ChatBinding;
import dev.unstuck.remediation.PlanStep;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

import java.util.List;

/**
 * One remediation of one namespace: diagnose, ask for approval, repair, verify, report. See workflows/README.md
 * for the states, timeouts and retry policies.
 */
@WorkflowInterface
public interface RemediationWorkflow {

    @WorkflowMethod(name = "Remediation")
    RemediationSummary run(RemediationRequest request);

    /** Approve or reject; the answer goes to the clicker, the attempt to the audit whatever the verdict. */
    @UpdateMethod
    DecisionResult decide(DecisionRequest request);

    /** Rejects only malformed requests; every real judgement happens in {@link #decide} so it is recorded. */
    @UpdateValidatorMethod(updateName = "decide")
    void validateDecide(DecisionRequest request);

    /**
     * Clicks past the click rate limit, counted by the chat adapters and sent at most once per window: a signal,
     * so a flood costs one history event per window instead of one Update per click.
     */
    @SignalMethod
    void clicksThrottled(ThrottledClicks clicks);

    /** Another conversation follows this remediation (sent with update-with-start by every request). */
    @UpdateMethod
    JoinResult join(JoinRequest request);

    @QueryMethod
    RemediationPhase phase();

    @QueryMethod
    List<PlanStep> plan();

    @QueryMethod
    List<DecisionRecord> decisions();

    /** Null until the remediation has ended. */
    @QueryMethod
    RemediationSummary summary();

    @QueryMethod
    RemediationStatus status();

    /**
     * Each conversation as its adapter last reported it (ids, keys of what was posted once): what a chat adapter on
     * another process, or after a restart, needs to carry on.
     */
    @QueryMethod
    List<ChatBinding> chats();
}
