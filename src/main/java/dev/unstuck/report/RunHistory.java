package dev.unstuck.report;

import dev.unstuck.workflow.RemediationIds;
import dev.unstuck.workflow.RemediationService;
import dev.unstuck.workflow.StartResult;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionMetadata;
import io.temporal.common.WorkflowExecutionHistory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The record of remediation runs, read from Temporal: one run's history as a {@link RunRecord}, and the past runs of
 * a namespace. Past runs come from the visibility API ({@code WorkflowId = 'unstuck/<cluster>/<namespace>'}); a
 * server without it (the embedded test server answers UNIMPLEMENTED) gets the runs this process started, plus the
 * latest run of the id, which it can always read.
 */
public final class RunHistory {
    /** More than a page of chat needs; each run is one history read. */
    public static final int MAX_RUNS = 10;

    private final WorkflowClient client;
    private final RemediationService service;
    private final HistoryReader reader;

    public RunHistory(WorkflowClient client, RemediationService service) {
        this.client = client;
        this.service = service;
        this.reader = new HistoryReader(client.getOptions().getDataConverter());
    }

    /** The record of one run; {@code runId} null for the latest. Throws NOT_FOUND as gRPC does. */
    public RunRecord record(String workflowId, String runId) {
        WorkflowExecutionHistory h = client.fetchHistory(workflowId, runId);
        return reader.read(workflowId, h.getEvents());
    }

    /** The report of one run, as {@code GET .../report.md} and the CLI give it. */
    public String report(String workflowId, String runId) {
        return IncidentReport.markdown(record(workflowId, runId));
    }

    /** Newest first, at most {@code limit} (and {@link #MAX_RUNS}). */
    public List<PastRun> runs(String cluster, String namespace, int limit) {
        String workflowId = RemediationIds.workflowId(cluster, namespace);
        List<String> runIds = runIds(workflowId, cluster, namespace);
        List<PastRun> out = new ArrayList<>();
        for (String runId : runIds) {
            if (out.size() >= Math.min(limit, MAX_RUNS)) {
                break;
            }
            try {
                out.add(PastRun.of(record(workflowId, runId)));
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
                    throw e;
                }
                // Past the server's retention: the run is gone from Temporal, so it is gone from the list.
            }
        }
        out.sort((a, b) -> b.startedAt().compareTo(a.startedAt()));
        return out;
    }

    private List<String> runIds(String workflowId, String cluster, String namespace) {
        try (var listed = client.listExecutions("WorkflowId = '" + workflowId + "'")) {
            return listed.limit(MAX_RUNS).map(WorkflowExecutionMetadata::getExecution).map(e -> e.getRunId())
                    .collect(Collectors.toList());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.UNIMPLEMENTED) {
                throw e;
            }
        }
        Set<String> ids = new LinkedHashSet<>();
        try {
            ids.add(client.fetchHistory(workflowId).getEvents().get(0).getWorkflowExecutionStartedEventAttributes()
                    .getOriginalExecutionRunId());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
                throw e;
            }
        }
        List<StartResult> started = new ArrayList<>(service.runs(cluster, namespace));
        for (int i = started.size() - 1; i >= 0; i--) {
            ids.add(started.get(i).runId());
        }
        return List.copyOf(ids);
    }
}
