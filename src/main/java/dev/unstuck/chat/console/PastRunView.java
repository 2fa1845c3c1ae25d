package dev.unstuck.chat.console;

import java.util.List;

/** One past run of a namespace's remediation on the history page, with the links to its history and report. */
public record PastRunView(String runId, String startedAt, String endedAt, String outcome, String requestedBy,
                          String approvedBy, List<String> changes, String historyUrl, String reportUrl) {
    public PastRunView {
        changes = List.copyOf(changes);
    }
}
