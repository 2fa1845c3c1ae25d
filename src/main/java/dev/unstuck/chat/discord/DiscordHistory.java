package dev.unstuck.chat.discord;

import dev.unstuck.report.IncidentReport;
import dev.unstuck.report.PastRun;
import dev.unstuck.report.RunHistory;
import dev.unstuck.report.RunRecord;
import dev.unstuck.remediation.StepResult;
import dev.unstuck.workflow.RemediationService;
import dev.unstuck.workflow.TimelineEvent;
import dev.unstuck.workflow.VerifyTargets;
import net.dv8tion.jda.api.utils.FileUpload;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * {@code /ns-stuck-history}: the last runs of the namespace (start, outcome, who approved, what changed, links),
 * then the timeline of the latest run, with that run's report attached as a Markdown file.
 */
final class DiscordHistory {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    /** What the command answers: text (chunked by the caller) and the latest run's report, when there is a run. */
    record Answer(String text, FileUpload report) {
    }

    private final RemediationService service;
    private final RunHistory runs;
    private final String temporalUiUrl;
    private final String temporalNamespace;

    DiscordHistory(RemediationService service, String temporalUiUrl, String temporalNamespace) {
        this.service = service;
        this.runs = new RunHistory(service.client(), service);
        this.temporalUiUrl = temporalUiUrl;
        this.temporalNamespace = temporalNamespace;
    }

    Answer answer(String workflowId) {
        String[] parts = workflowId.split("/");
        StringBuilder sb = new StringBuilder();
        List<PastRun> past = parts.length == 3 ? runs.runs(parts[1], parts[2], 5) : List.of();
        if (!past.isEmpty()) {
            sb.append("**Runs of `").append(parts[2]).append("` on `").append(parts[1]).append("`**, newest first\n");
            for (PastRun r : past) {
                sb.append("- ").append(DAY.format(r.startedAt())).append(" · **").append(r.outcome()).append("** · asked"
                        + " by ").append(r.requestedBy()).append(" · ").append(r.approvedBy() == null ? "not approved"
                        : "approved by " + r.approvedBy()).append(" · ")
                        .append(r.changes().isEmpty() ? "nothing changed" : String.join("; ", r.changes()))
                        .append(" · run `").append(r.runId(), 0, Math.min(8, r.runId().length())).append('`')
                        .append(link(workflowId, r.runId()).map(l -> " · <" + l + ">").orElse("")).append('\n');
            }
            sb.append("Any run's report: `unstuck report ").append(workflowId).append(" --run RUN_ID`; the latest is"
                    + " attached.\n\n");
        }
        List<TimelineEvent> events = service.history(workflowId);
        RunRecord latest = runs.record(workflowId, null);
        sb.append("**History of `").append(workflowId).append("`** (latest run)\n");
        for (TimelineEvent ev : events) {
            sb.append('`').append(TIME.format(ev.time())).append("` ").append(ev.kind())
                    .append(ev.actor() == null ? "" : " **" + ev.actor() + "**").append(": ").append(ev.summary())
                    .append('\n');
        }
        List<StepResult> steps = latest.steps().stream().map(RunRecord.StepAt::result).filter(r -> r != null)
                .toList();
        if (!steps.isEmpty()) {
            sb.append("**Cloud and cluster changes**\n");
            steps.forEach(r -> sb.append("- [").append(r.status()).append("] ")
                    .append(r.succeeded() ? VerifyTargets.change(r) : r.message())
                    .append(r.routeEntryId() == null ? "" : " (entry " + r.routeEntryId() + ")").append('\n'));
        }
        link(workflowId, latest.runId()).ifPresent(l -> sb.append("Temporal: <").append(l).append(">\n"));
        String name = "unstuck-" + latest.cluster() + "-" + latest.namespace() + "-"
                + latest.runId().substring(0, Math.min(8, latest.runId().length())) + ".md";
        return new Answer(sb.toString(), FileUpload.fromData(IncidentReport.markdown(latest)
                .getBytes(StandardCharsets.UTF_8), name));
    }

    private java.util.Optional<String> link(String workflowId, String runId) {
        if (temporalUiUrl == null) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(temporalUiUrl + "/namespaces/" + URLEncoder.encode(temporalNamespace,
                StandardCharsets.UTF_8) + "/workflows/" + URLEncoder.encode(workflowId, StandardCharsets.UTF_8)
                + "/" + runId + "/history");
    }
}
