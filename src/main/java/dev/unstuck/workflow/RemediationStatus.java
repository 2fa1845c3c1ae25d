package dev.unstuck.workflow;

import dev.unstuck.chat.ChatUser;
import dev.unstuck.chat.Conversation;
import dev.unstuck.diagnosis.Diagnosis;
import dev.unstuck.remediation.StepResult;

import java.util.List;

/**
 * Everything a remediation knows at one moment: what the status query returns and what the live chat message is
 * drawn from, so the two can never disagree.
 *
 * @param diagnosis      the diagnosis the current plan comes from (null while the first one runs)
 * @param laterDiagnosis the re-diagnosis made when the namespace stayed stuck after the repair, else null
 * @param outcome        for a final phase, the one-paragraph result (what happened, what a person must do)
 * @param runTag         the tag of this run ({@link RemediationIds#runTag}) its Approve and Reject buttons carry
 */
public record RemediationStatus(String workflowId, String cluster, String namespace, RemediationPhase phase,
                                Diagnosis diagnosis, String planFingerprint, List<ChatUser> requesters,
                                List<Conversation> conversations, List<DecisionRecord> decisions,
                                List<StepResult> steps, List<PhaseTiming> timings, Diagnosis laterDiagnosis,
                                String outcome, long approvalDeadlineMillis, String runTag) {
    public RemediationStatus {
        requesters = List.copyOf(requesters);
        conversations = List.copyOf(conversations);
        decisions = List.copyOf(decisions);
        steps = List.copyOf(steps);
        timings = List.copyOf(timings);
    }
}
