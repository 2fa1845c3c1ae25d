package dev.unstuck.chat.console;

import dev.unstuck.chain.ChainSnapshot;
import dev.unstuck.report.IncidentReport;
import dev.unstuck.report.PastRun;
import dev.unstuck.report.RunHistory;
import dev.unstuck.report.RunRecord;
import dev.unstuck.workflow.PhaseTiming;
import dev.unstuck.workflow.RemediationMessages;
import dev.unstuck.workflow.RemediationService;
import dev.unstuck.workflow.RemediationStatus;
import dev.unstuck.workflow.TimelineEvent;
import dev.unstuck.workflow.VerifyTargets;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowNotFoundException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/workflows/<workflowId>/history}, {@code .../status}, {@code .../report.md} and {@code .../runs}.
 * Workflow ids hold '/', so the path is taken whole ({@code {*path}}) and split at the last segment; clients may send
 * the id raw or with %2F. {@code ?run=RUN_ID} picks a past run (default: the latest).
 */
@RestController
@ConditionalOnConsole
public class WorkflowController {
    private static final MediaType MARKDOWN = new MediaType("text", "markdown", StandardCharsets.UTF_8);

    private final RemediationService remediation;
    private final RunHistory runs;
    private final CauseChainReader chains;
    private final Clock clock;

    public WorkflowController(RemediationService remediation, RunHistory runs, CauseChainReader chains) {
        this.remediation = remediation;
        this.runs = runs;
        this.chains = chains;
        this.clock = Clock.systemUTC();
    }

    @GetMapping("/api/workflows/{*path}")
    public ResponseEntity<?> workflow(@PathVariable String path, @RequestParam(required = false) String run) {
        int slash = path.lastIndexOf('/');
        String id = slash <= 0 ? "" : path.substring(1, slash);
        String what = path.substring(slash + 1);
        if (id.isEmpty() || !List.of("history", "status", "report.md", "runs").contains(what)) {
            return ConsoleController.notFound("use /api/workflows/<workflowId>/history, .../status, .../report.md"
                    + " or .../runs");
        }
        if (run != null && !run.matches("[0-9A-Za-z-]{1,64}")) {
            return ResponseEntity.badRequest().body(new ApiError("run must be a run id like "
                    + "6c1ab988-fd72-48e9-b4ae-a7bd4b8fe5cf"));
        }
        try {
            return switch (what) {
                case "history" -> ResponseEntity.ok(Map.of("events", history(id, run)));
                case "status" -> ResponseEntity.ok(run == null ? status(id) : status(runs.record(id, run)));
                case "report.md" -> report(id, run);
                default -> pastRuns(id);
            };
        } catch (WorkflowNotFoundException e) {
            return ConsoleController.notFound("no workflow " + ConsoleController.printable(id));
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return ConsoleController.notFound("no workflow " + ConsoleController.printable(id)
                        + (run == null ? "" : " run " + run));
            }
            throw e;
        }
    }

    private List<TimelineEvent> history(String id, String run) {
        return run == null ? remediation.history(id) : remediation.history(id, run);
    }

    private ResponseEntity<?> report(String id, String run) {
        RunRecord record = runs.record(id, run);
        String name = "unstuck-" + id.replace("unstuck/", "").replace('/', '-') + "-"
                + record.runId().substring(0, Math.min(8, record.runId().length())) + ".md";
        return ResponseEntity.status(HttpStatus.OK).contentType(MARKDOWN)
                .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"" + name + "\"")
                .body(IncidentReport.markdown(record));
    }

    private ResponseEntity<?> pastRuns(String id) {
        String[] parts = id.split("/");
        if (parts.length != 3 || !parts[0].equals("unstuck")) {
            return ConsoleController.notFound("no remediation " + ConsoleController.printable(id)
                    + ": ids look like unstuck/<cluster>/<namespace>");
        }
        String encoded = URLEncoder.encode(id, StandardCharsets.UTF_8);
        return ResponseEntity.ok(Map.of("runs", runs.runs(parts[1], parts[2], RunHistory.MAX_RUNS).stream()
                .map(r -> view(r, encoded)).toList()));
    }

    private static PastRunView view(PastRun r, String encodedId) {
        return new PastRunView(r.runId(), String.valueOf(r.startedAt()), r.endedAt() == null ? null
                : r.endedAt().toString(), r.outcome(), r.requestedBy(), r.approvedBy(), r.changes(),
                "/history.html?workflow=" + encodedId + "&run=" + r.runId(),
                "/api/workflows/" + encodedId + "/report.md?run=" + r.runId());
    }

    private WorkflowView status(String id) {
        RemediationStatus s = remediation.status(id);
        RunRecord record = runs.record(id, null);
        ChainSnapshot then = lastChain(record);
        long now = clock.millis();
        List<PhaseView> timings = s.timings().stream().filter(t -> !t.phase().isFinal())
                .map(t -> new PhaseView(t.phase().name(), RemediationMessages.label(t.phase()),
                        t.endedAtMillis() == 0 ? Math.max(0, now - t.startedAtMillis()) : t.durationMillis(),
                        t.endedAtMillis() == 0))
                .toList();
        List<String> changes = s.steps().stream().map(r -> r.succeeded() ? VerifyTargets.change(r)
                : r.status() + ": " + r.message()).toList();
        return new WorkflowView(s.workflowId(), record.runId(), s.cluster(), s.namespace(), s.phase().name(),
                RemediationMessages.label(s.phase()), s.phase().isFinal(), s.outcome(), timings, changes,
                CauseChainReader.views(then), chains.now(s, then));
    }

    /** A past run, from its history alone: no worker needs to answer a query for it. */
    private WorkflowView status(RunRecord r) {
        List<PhaseTiming> timings = r.summary() == null ? List.of() : r.summary().timings();
        List<PhaseView> phases = timings.stream().filter(t -> !t.phase().isFinal())
                .map(t -> new PhaseView(t.phase().name(), RemediationMessages.label(t.phase()), t.durationMillis(),
                        false)).toList();
        List<String> changes = r.steps().stream().map(s -> s.result() == null ? "FAILED: " + s.failure()
                : s.result().succeeded() ? VerifyTargets.change(s.result())
                : s.result().status() + ": " + s.result().message()).toList();
        String phase = r.summary() == null ? r.closed() : r.summary().outcome().name();
        String label = r.summary() == null ? r.closed().toLowerCase() : RemediationMessages.label(r.summary()
                .outcome());
        ChainSnapshot then = lastChain(r);
        return new WorkflowView(r.workflowId(), r.runId(), r.cluster(), r.namespace(), phase, label, r.finished(),
                r.summary() == null ? null : r.summary().message(), phases, changes, CauseChainReader.views(then),
                chains.now(r.cluster(), r.namespace(), r.actedOn(), r.steps().stream().map(RunRecord.StepAt::result)
                        .filter(x -> x != null).toList(), then));
    }

    private static ChainSnapshot lastChain(RunRecord r) {
        return r.chains().isEmpty() ? null : r.chains().get(r.chains().size() - 1).snapshot();
    }
}
