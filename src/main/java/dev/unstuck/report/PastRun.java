package dev.unstuck.report;

import java.time.Instant;
import java.util.List;

/**
 * One run of a namespace's remediation, as a list of past runs shows it.
 *
 * @param outcome    DONE, FAILED, ... for a run that ended with a summary; RUNNING, TERMINATED, ... otherwise
 * @param approvedBy null when nobody approved
 * @param changes    what the run changed, one line each (route entry ids)
 */
public record PastRun(String workflowId, String runId, Instant startedAt, Instant endedAt, String outcome,
                      String requestedBy, String approvedBy, List<String> changes) {
    public PastRun {
        changes = List.copyOf(changes);
    }

    static PastRun of(RunRecord r) {
        RunRecord.Attempt approval = r.approval();
        List<String> changes = r.summary() != null ? r.summary().changes() : r.steps().stream()
                .filter(s -> s.result() != null && s.result().succeeded())
                .map(s -> dev.unstuck.workflow.VerifyTargets.change(s.result())).toList();
        return new PastRun(r.workflowId(), r.runId(), r.requestedAt(), r.endedAt(),
                r.summary() != null ? r.summary().outcome().name() : r.closed(),
                r.requester().displayName(), approval == null ? null : approval.user().displayName(), changes);
    }
}
