package dev.unstuck.chat.console;

import java.util.List;

/**
 * A remediation as the history page draws it: where it stands, how long each phase took, what changed, and the
 * cause chain twice: as recorded at diagnosis time ({@code chainsThen}, empty for runs recorded before the chain
 * was) and as the cluster is now ({@code chains}).
 */
public record WorkflowView(String workflowId, String runId, String cluster, String namespace, String phase,
                           String label, boolean finished, String outcome, List<PhaseView> timings,
                           List<String> changes, List<List<LinkView>> chainsThen, List<List<LinkView>> chains) {
    public WorkflowView {
        timings = List.copyOf(timings);
        changes = List.copyOf(changes);
        chainsThen = List.copyOf(chainsThen);
        chains = List.copyOf(chains);
    }
}
