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
    @ActivityMethod(name = "AttachReport")
    void attachReport(RemediationSummary summary, List<Conversation> conversations);
}
