package dev.unstuck.watch;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

import java.util.List;

/**
 * One cluster's watcher (id {@code unstuck-watch/<cluster>}): watches the cluster from activities, keeps its
 * incidents and their cards, and carries on as new before its history grows long. Runs for as long as the cluster
 * is configured, on whichever worker holds the task. See workflows/README.md.
 */
@WorkflowInterface
public interface ClusterWatchWorkflow {

    @WorkflowMethod(name = "ClusterWatch")
    void run(WatchRequest request);

    /** New settings, sent by every replica that starts (signal-with-start). */
    @SignalMethod
    void configure(WatchPolicy policy);

    /** Run the route audit now: what the route-audit Schedule sends. */
    @SignalMethod
    void auditNow();

    /** A card's button started or joined a remediation. */
    @SignalMethod
    void remediationStarted(RemediationStarted started);

    /** Mutes (or unmutes) the cluster's new cards; judged here, so every attempt is in the history. */
    @UpdateMethod
    MuteResult mute(MuteRequest request);

    @UpdateValidatorMethod(updateName = "mute")
    void validateMute(MuteRequest request);

    /** The cards shown so far, open first, newest first. */
    @QueryMethod
    List<AlertCard> alerts();

    @QueryMethod
    List<Incident> incidents();

    /** The epoch card buttons of this watcher carry. */
    @QueryMethod
    String epoch();

    @QueryMethod
    Mute muted();
}
