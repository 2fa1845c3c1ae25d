package dev.unstuck.workflow;

import java.util.List;

/**
 * The result of a remediation, returned by the workflow and posted to every conversation.
 *
 * @param causes     "KIND: summary" per cause of the diagnosis that was acted on
 * @param approvedBy display name of the approver, null when nothing was approved
 * @param changes    what was changed in the cloud or cluster, e.g. "created rte-... 172.16.1.0/24 -> i-node2"
 */
public record RemediationSummary(String workflowId, String cluster, String namespace, RemediationPhase outcome,
                                 String verdict, List<String> causes, String approvedBy, List<String> changes,
                                 List<PhaseTiming> timings, String message) {
    public RemediationSummary {
        causes = List.copyOf(causes);
        changes = List.copyOf(changes);
        timings = List.copyOf(timings);
    }
}
