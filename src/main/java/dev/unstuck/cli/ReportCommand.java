package dev.unstuck.cli;

import dev.unstuck.report.HistoryReader;
import dev.unstuck.report.IncidentReport;
import dev.unstuck.report.ReportCheck;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.common.converter.GlobalDataConverter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write the post-incident report (Markdown) of a remediation from its Temporal history, or check"
                + " a report against that history.",
                "  unstuck report unstuck/prod/dev --temporal temporal:7233 > incident.md",
                "  unstuck report --verify incident.md --temporal temporal:7233"})
final class ReportCommand implements Callable<Integer> {
    /** The report does not match the history it names (exit code of --verify). */
    static final int MISMATCH = 3;

    private final CliContext cli;

    @Parameters(paramLabel = "WORKFLOW_ID", arity = "0..*", description = "unstuck/<cluster>/<namespace>")
    List<String> workflowIds = new ArrayList<>();

    @Option(names = "--run", paramLabel = "RUN_ID", description = "a run of the workflow id (default: the latest)")
    String runId;

    @Option(names = "--history", paramLabel = "FILE", description = "a history exported as JSON, instead of asking Temporal")
    String historyFile;

    @Option(names = "--verify", paramLabel = "FILE", description = "check that FILE still matches its run's history in Temporal")
    String verify;

    @Mixin
    TemporalOptions temporal = new TemporalOptions();

    ReportCommand(CliContext cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        if (verify != null) {
            return verify();
        }
        String workflowId = workflowId();
        List<HistoryEvent> events;
        if (historyFile != null) {
            if (temporal.address != null || runId != null) {
                throw new UsageException("--history reads a file; drop --" + (temporal.address != null ? "temporal"
                        : "run"));
            }
            events = readHistory(Path.of(historyFile));
        } else {
            events = fetch(workflowId, runId);
        }
        try {
            cli.out().print(IncidentReport.markdown(new HistoryReader().read(workflowId, events)));
        } catch (IllegalArgumentException e) {
            throw new UsageException(UnstuckCli.oneLine(e.getMessage()));
        }
        return UnstuckCli.OK;
    }

    private int verify() {
        if (!workflowIds.isEmpty() || runId != null || historyFile != null) {
            throw new UsageException("--verify FILE reads the workflow and run from the report; drop "
                    + (!workflowIds.isEmpty() ? "WORKFLOW_ID" : runId != null ? "--run" : "--history"));
        }
        Path file = Path.of(verify);
        String report;
        try {
            report = Files.readString(file);
        } catch (IOException e) {
            throw new UsageException("cannot read " + verify + ": " + e.getMessage());
        }
        ReportCheck.Source source = ReportCheck.source(report).orElseThrow(() -> new UsageException(verify
                + " is not an Unstuck report: its last line does not name the history it was built from"));
        ReportCheck.Verdict verdict = ReportCheck.check(report, source, fetch(source.workflowId(), source.runId()),
                GlobalDataConverter.get());
        (verdict.matches() ? cli.out() : cli.err()).println((verdict.matches() ? "OK: " : "MISMATCH: ")
                + verdict.message());
        return verdict.matches() ? UnstuckCli.OK : MISMATCH;
    }

    private String workflowId() {
        if (workflowIds.isEmpty()) {
            throw new UsageException("report needs a WORKFLOW_ID, e.g. unstuck report unstuck/prod/dev --temporal "
                    + "temporal:7233 (or --verify FILE)");
        }
        if (workflowIds.size() > 1) {
            throw new UsageException("report takes one WORKFLOW_ID, got " + workflowIds.size() + ": "
                    + String.join(" ", workflowIds));
        }
        String id = workflowIds.get(0);
        if (!id.matches("unstuck/[^/\\s]+/[^/\\s]+")) {
            throw new UsageException("'" + id + "' is not a remediation id like unstuck/<cluster>/<namespace>");
        }
        return id;
    }

    private static List<HistoryEvent> readHistory(Path file) {
        try {
            return WorkflowExecutionHistory.fromJson(Files.readString(file)).getEvents();
        } catch (IOException e) {
            throw new UsageException("cannot read " + file + ": " + e.getMessage());
        } catch (RuntimeException e) {
            throw new UsageException(file + " is not a history exported as JSON: " + UnstuckCli.oneLine(e.getMessage()));
        }
    }

    private List<HistoryEvent> fetch(String workflowId, String run) {
        Map<String, String> env = System.getenv();
        String target = temporal.target(env, "report");
        String ns = temporal.namespace(env);
        WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(temporal.stubs(target, env));
        try {
            WorkflowClient client = WorkflowClient.newInstance(stubs, WorkflowClientOptions.newBuilder()
                    .setNamespace(ns).build());
            return client.fetchHistory(workflowId, run).getEvents();
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                throw new UsageException("Temporal at " + target + " (namespace " + ns + ") has no " + workflowId
                        + (run == null ? "" : " run " + run));
            }
            throw new TemporalUnreachableException(target, e.getStatus());
        } finally {
            stubs.shutdownNow();
        }
    }

    /**
     * Temporal did not answer, or answered that the credentials do not let this caller in: exit code 1, like an
     * unreachable cluster. The second is said as such, since retrying cannot help until the key or certificate changes.
     */
    static final class TemporalUnreachableException extends RuntimeException {
        TemporalUnreachableException(String target, Status status) {
            super(message(target, status));
        }

        private static String message(String target, Status status) {
            String why = UnstuckCli.oneLine(status.getCode() + ": " + status.getDescription());
            if (status.getCode() == Status.Code.UNAUTHENTICATED || status.getCode() == Status.Code.PERMISSION_DENIED) {
                return "Temporal at " + target + " refused the credentials (" + why + "): check the API key, the "
                        + "client certificate and the namespace";
            }
            return "cannot reach Temporal at " + target + ": " + why;
        }
    }
}
