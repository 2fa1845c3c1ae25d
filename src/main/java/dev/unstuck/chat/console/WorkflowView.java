package dev.unstuck.chat.console;

import java.util.List;

/**
 * A remediation as the history page draws it: where it stands, how long each phase took, what changed, and the
 * cause chain coloured by the state of each object now.
 */
public record WorkflowView(String workflowId, String cluster, String namespace, String phase, String label,
                           boolean finished, String outcome, List<PhaseView> timings, List<String> changes,
                           List<List<ChainLink>> chains) {
    public WorkflowView {
        timings = List.copyOf(timings);
        changes = List.copyOf(changes);
        chains = List.copyOf(chains);
    }
}
