package dev.unstuck.workflow;

import dev.unstuck.chat.Conversation;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

import java.util.List;

/**
 * Sends the post-incident report, written from the run's history, to the run's conversations as a file. The summary
 * travels as the argument, so the history the report is written from already holds the outcome.
 */
@ActivityInterface
public interface ReportActivities {
    /** Runs started before chat bindings were recorded: writes the report and posts it itself. */
    @ActivityMethod(name = "AttachReport")
    void attachReport(RemediationSummary summary, List<Conversation> conversations);

    /**
     * Writes the report from the run's history so far, as a message with the report attached; the workflow posts it
     * once to every conversation through the chat activities, like the summary (on Discord, by the gateway holder).
     */
    @ActivityMethod(name = "WriteReport")
    dev.unstuck.chat.ChatMessage writeReport(RemediationSummary summary);
}
