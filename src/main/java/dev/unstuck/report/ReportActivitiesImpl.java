package dev.unstuck.report;

import dev.unstuck.chat.ChatAttachment;
import dev.unstuck.chat.ChatMessage;
import dev.unstuck.chat.ChatRouter;
import dev.unstuck.chat.Conversation;
import dev.unstuck.workflow.RemediationIds;
import dev.unstuck.workflow.RemediationSummary;
import dev.unstuck.workflow.ReportActivities;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityInfo;
import io.temporal.client.WorkflowClient;
import io.temporal.spring.boot.ActivityImpl;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/** Writes the report from the run's history so far and posts it, as a file, to every conversation of the run. */
@Component
@ActivityImpl(taskQueues = RemediationIds.TASK_QUEUE)
public class ReportActivitiesImpl implements ReportActivities {
    private final WorkflowClient client;
    private final ChatRouter chat;

    public ReportActivitiesImpl(WorkflowClient client, ChatRouter chat) {
        this.client = client;
        this.chat = chat;
    }

    @Override
    public void attachReport(RemediationSummary summary, List<Conversation> conversations) {
        ActivityInfo info = Activity.getExecutionContext().getInfo();
        RunRecord record = new HistoryReader(client.getOptions().getDataConverter()).read(info.getWorkflowId(),
                client.fetchHistory(info.getWorkflowId(), info.getRunId()).getEvents());
        ChatMessage message = message(record);
        List<String> failed = new ArrayList<>();
        for (Conversation c : conversations) {
            try {
                // Keyed by run: a retried attempt never posts the same report twice.
                chat.post(c, info.getWorkflowId() + "/report/" + info.getRunId(), message);
            } catch (RuntimeException e) {
                failed.add(c.adapter() + "/" + c.conversationId() + ": " + e.getMessage());
            }
        }
        if (!failed.isEmpty()) {
            throw new IllegalStateException("report not posted to " + String.join("; ", failed));
        }
    }

    @Override
    public ChatMessage writeReport(RemediationSummary summary) {
        ActivityInfo info = Activity.getExecutionContext().getInfo();
        return message(new HistoryReader(client.getOptions().getDataConverter()).read(info.getWorkflowId(),
                client.fetchHistory(info.getWorkflowId(), info.getRunId()).getEvents()));
    }

    static ChatMessage message(RunRecord r) {
        String name = "unstuck-" + r.cluster() + "-" + r.namespace() + "-"
                + r.runId().substring(0, Math.min(8, r.runId().length())) + ".md";
        return new ChatMessage("Incident report: namespace " + r.namespace() + " on " + r.cluster(),
                "The post-incident report of this remediation, written from its history (" + r.digest().events()
                        + " events). Check a copy later with `unstuck report --verify " + name + "`.",
                List.of(), List.of(), List.of(), null, new ChatAttachment(name, "text/markdown",
                IncidentReport.markdown(r)));
    }
}
