package dev.unstuck.workflow;

import dev.unstuck.chat.ChatBinding;
import dev.unstuck.chat.ChatUser;
import dev.unstuck.chat.Conversation;
import dev.unstuck.config.ApprovalRules;
import dev.unstuck.config.ClusterRegistry;
import dev.unstuck.diagnosis.NamespaceName;
import dev.unstuck.remediation.StepResult;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WithStartWorkflowOperation;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.common.SearchAttributes;
import io.temporal.common.converter.DataConverter;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What chat adapters call: start or join the remediation of a namespace, pass on decisions, read status and
 * history. Keeps its own index of runs because the Temporal test server cannot list workflows.
 */
public class RemediationService {
    // Chat calls are how the timeline is shown, not events of it.
    private static final Set<String> CHAT_ACTIVITIES = Set.of("ShowLive", "Post", "UpdateLive",
            "PostOnce");
    private final WorkflowClient client;
    private final ClusterRegistry clusters;
    private final RemediationTimeouts timeouts;
    private final Map<String, List<StartResult>> runs = new LinkedHashMap<>();
    private final boolean searchAttributes;

    public RemediationService(WorkflowClient client, ClusterRegistry clusters, RemediationTimeouts timeouts) {
        this(client, clusters, timeouts, false);
    }

    /** @param searchAttributes start runs with {@link RemediationSearchAttributes} (the server must have them) */
    public RemediationService(WorkflowClient client, ClusterRegistry clusters, RemediationTimeouts timeouts,
                              boolean searchAttributes) {
        this.client = client;
        this.clusters = clusters;
        this.timeouts = timeouts;
        this.searchAttributes = searchAttributes;
    }

    /** Whether runs carry the search attributes, so the visibility API can list them by cluster and outcome. */
    public boolean searchAttributes() {
        return searchAttributes;
    }

    /**
     * Starts the remediation of {@code namespace}, or joins the one already running for it (update-with-start with
     * USE_EXISTING: one round trip, no race between two people asking at the same moment).
     */
    public StartResult startOrJoin(String cluster, String namespace, ChatUser requester, Conversation conversation) {
        NamespaceName.problem(namespace).ifPresent(p -> {
            throw new IllegalArgumentException(p);
        });
        return startOrJoin(cluster, namespace, requester, conversation, null);
    }

    /**
     * Starts (or joins) the repair of the cluster's node routes the route audit finds missing: a remediation like any
     * other (approval, pre-flight, ClientTokens), whose plan is the audit's. Id {@code unstuck/<cluster>/~node-routes}.
     */
    public StartResult startOrJoinNodeRoutes(String cluster, ChatUser requester, Conversation conversation) {
        return startOrJoin(cluster, RemediationIds.NODE_ROUTES, requester, conversation, Boolean.TRUE);
    }

    private StartResult startOrJoin(String cluster, String namespace, ChatUser requester, Conversation conversation,
                                    Boolean nodeRoutes) {
        ApprovalRules rules = clusters.rules(cluster);
        RemediationPolicy policy = new RemediationPolicy(rules.approverRoles(), rules.fourEyes(),
                timeouts.approval().toSeconds(), timeouts.step().toSeconds(), timeouts.apiService().toSeconds(),
                timeouts.namespace().toSeconds(), rules.approvers());
        String workflowId = RemediationIds.workflowId(cluster, namespace);
        WorkflowOptions.Builder options = WorkflowOptions.newBuilder()
                .setWorkflowId(workflowId).setTaskQueue(RemediationIds.TASK_QUEUE)
                .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING);
        if (searchAttributes) {
            options.setTypedSearchAttributes(SearchAttributes.newBuilder()
                    .set(RemediationSearchAttributes.CLUSTER, cluster)
                    .set(RemediationSearchAttributes.NAMESPACE, namespace).build());
        }
        RemediationWorkflow wf = client.newWorkflowStub(RemediationWorkflow.class, options.build());
        RemediationRequest request = new RemediationRequest(cluster, namespace, requester, conversation, policy,
                nodeRoutes);
        JoinResult joined = WorkflowClient.executeUpdateWithStart(wf::join, new JoinRequest(requester, conversation),
                UpdateOptions.<JoinResult>newBuilder().setWaitForStage(WorkflowUpdateStage.COMPLETED).build(),
                new WithStartWorkflowOperation<>(wf::run, request));
        String runId = WorkflowStub.fromTyped(wf).getExecution().getRunId();
        StartResult result = new StartResult(workflowId, runId, joined.joinedExisting(), joined.message());
        synchronized (runs) {
            List<StartResult> list = runs.computeIfAbsent(cluster + "/" + namespace, k -> new ArrayList<>());
            if (list.stream().noneMatch(r -> r.runId().equals(runId))) {
                list.add(result);
            }
        }
        return result;
    }

    public WorkflowClient client() {
        return client;
    }

    /** The clicker's answer; a click on a remediation that has ended is answered NOT_WAITING. */
    public DecisionResult decide(String workflowId, DecisionRequest request) {
        RemediationWorkflow wf = client.newWorkflowStub(RemediationWorkflow.class, workflowId);
        try {
            return wf.decide(request);
        } catch (WorkflowNotFoundException e) {
            return new DecisionResult(DecisionVerdict.NOT_WAITING, "this remediation has ended; ask again if the "
                    + "namespace is still stuck");
        }
    }

    /**
     * A click on Approve or Reject as a chat adapter read it from the button: it names the run that drew the button
     * and the plan it showed, and the workflow judges both. Goes to the newest run of the workflow id, so a button
     * of an earlier run is answered {@link DecisionVerdict#EARLIER_RUN} there.
     */
    public DecisionResult decide(ButtonClick click, ChatUser user) {
        return decide(click.workflowId(), new DecisionRequest(user, click.decision(), click.fingerprint(),
                click.run()));
    }

    /** Records clicks refused past the rate limit in the remediation, once per window; a run that ended is left be. */
    public void recordThrottledClicks(String workflowId, ThrottledClicks clicks) {
        try {
            client.newWorkflowStub(RemediationWorkflow.class, workflowId).clicksThrottled(clicks);
        } catch (WorkflowNotFoundException e) {
            // Nothing left to protect: the run has ended (or never existed, for a forged id).
        }
    }

    public RemediationStatus status(String workflowId) {
        return client.newWorkflowStub(RemediationWorkflow.class, workflowId).status();
    }

    /** The remediation's conversations as their adapters last reported them; empty when there is no such run. */
    public List<ChatBinding> chats(String workflowId) {
        try {
            return client.newWorkflowStub(RemediationWorkflow.class, workflowId).chats();
        } catch (WorkflowNotFoundException e) {
            return List.of();
        }
    }

    /** The summary of the latest run once it has ended, else null. */
    public RemediationSummary summary(String workflowId) {
        return client.newWorkflowStub(RemediationWorkflow.class, workflowId).summary();
    }

    /** Runs started through this service for the namespace, oldest first. */
    public List<StartResult> runs(String cluster, String namespace) {
        synchronized (runs) {
            return List.copyOf(runs.getOrDefault(cluster + "/" + namespace, List.of()));
        }
    }

    /** Every run started through this service, oldest first per namespace (for "what is running" listings). */
    public List<StartResult> runs() {
        synchronized (runs) {
            return runs.values().stream().flatMap(List::stream).toList();
        }
    }

    /** Waits for the end of the remediation and returns its summary. */
    public RemediationSummary awaitSummary(String workflowId) {
        return client.newUntypedWorkflowStub(workflowId).getResult(RemediationSummary.class);
    }

    /**
     * A readable timeline from the workflow history; decision attempts come from the workflow's own audit when a
     * worker can answer the query (it also holds approvals voided because the plan changed), else from the
     * update events of the history.
     */
    public List<TimelineEvent> history(String workflowId) {
        Optional<List<DecisionRecord>> audit;
        try {
            audit = Optional.of(client.newWorkflowStub(RemediationWorkflow.class, workflowId).decisions());
        } catch (RuntimeException e) {
            audit = Optional.empty();
        }
        return history(workflowId, null, audit);
    }

    /** The timeline of one run of the workflow id, from its history alone (its update events hold the decisions). */
    public List<TimelineEvent> history(String workflowId, String runId) {
        return history(workflowId, runId, Optional.empty());
    }

    private List<TimelineEvent> history(String workflowId, String runId, Optional<List<DecisionRecord>> audit) {
        DataConverter dc = client.getOptions().getDataConverter();
        List<TimelineEvent> out = new ArrayList<>();
        Map<String, String> updateNames = new LinkedHashMap<>();
        Map<Long, String> activityTypes = new LinkedHashMap<>();
        Map<Long, Integer> attempts = new LinkedHashMap<>();
        for (HistoryEvent e : client.fetchHistory(workflowId, runId).getEvents()) {
            Instant t = Instant.ofEpochSecond(e.getEventTime().getSeconds(), e.getEventTime().getNanos());
            switch (e.getEventType()) {
                case EVENT_TYPE_WORKFLOW_EXECUTION_STARTED -> {
                    RemediationRequest r = dc.fromPayloads(0, payloads(e.getWorkflowExecutionStartedEventAttributes()
                            .getInput()), RemediationRequest.class, RemediationRequest.class);
                    out.add(new TimelineEvent(t, "requested", r.requester().displayName(), "remediation of namespace "
                            + r.namespace() + " on " + r.cluster() + " requested"));
                }
                case EVENT_TYPE_ACTIVITY_TASK_SCHEDULED -> activityTypes.put(e.getEventId(),
                        e.getActivityTaskScheduledEventAttributes().getActivityType().getName());
                case EVENT_TYPE_ACTIVITY_TASK_STARTED -> attempts.put(e.getEventId(),
                        e.getActivityTaskStartedEventAttributes().getAttempt());
                case EVENT_TYPE_ACTIVITY_TASK_COMPLETED -> {
                    var done = e.getActivityTaskCompletedEventAttributes();
                    String type = activityTypes.get(done.getScheduledEventId());
                    int attempt = attempts.getOrDefault(done.getStartedEventId(), 1);
                    if (!CHAT_ACTIVITIES.contains(type)) {
                        // Retried attempts leave no event of their own; the attempt number is the trace of a crash.
                        out.add(new TimelineEvent(t, "activity", "unstuck", type + " completed"
                                + (attempt > 1 ? " (attempt " + attempt + ")" : "")));
                    }
                    if ("ExecuteStep".equals(type) && done.hasResult()) {
                        // The cloud call itself, with the entry id a person can look up in the cloud console.
                        StepResult r = dc.fromPayloads(0, payloads(done.getResult()), StepResult.class,
                                StepResult.class);
                        out.add(new TimelineEvent(t, "cloud", "unstuck", r.succeeded() ? VerifyTargets.change(r)
                                : r.status() + " " + r.step().describe() + ": " + r.message()));
                    }
                }
                case EVENT_TYPE_ACTIVITY_TASK_FAILED -> out.add(new TimelineEvent(t, "activity", "unstuck",
                        activityTypes.get(e.getActivityTaskFailedEventAttributes().getScheduledEventId())
                                + " failed: " + e.getActivityTaskFailedEventAttributes().getFailure().getMessage()));
                case EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT -> out.add(new TimelineEvent(t, "activity", "unstuck",
                        activityTypes.get(e.getActivityTaskTimedOutEventAttributes().getScheduledEventId())
                                + " timed out"));
                case EVENT_TYPE_TIMER_FIRED -> out.add(new TimelineEvent(t, "timer", "unstuck",
                        "the approval wait ran out"));
                case EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED -> {
                    var req = e.getWorkflowExecutionUpdateAcceptedEventAttributes().getAcceptedRequest();
                    String name = req.getInput().getName();
                    updateNames.put(req.getMeta().getUpdateId(), name);
                    if (name.equals("join")) {
                        JoinRequest j = dc.fromPayloads(0, payloads(req.getInput().getArgs()), JoinRequest.class,
                                JoinRequest.class);
                        out.add(new TimelineEvent(t, "join", j.requester().displayName(), "asked about the namespace"
                                + " from " + j.conversation().adapter() + "/" + j.conversation().conversationId()));
                    } else if (audit.isEmpty()) {
                        DecisionRequest d = dc.fromPayloads(0, payloads(req.getInput().getArgs()),
                                DecisionRequest.class, DecisionRequest.class);
                        out.add(new TimelineEvent(t, "click", d.user().displayName(), d.decision().name()
                                .toLowerCase() + " plan " + d.planFingerprint()));
                    }
                }
                case EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED -> {
                    var attrs = e.getWorkflowExecutionUpdateCompletedEventAttributes();
                    if ("decide".equals(updateNames.get(attrs.getMeta().getUpdateId())) && audit.isEmpty()
                            && attrs.getOutcome().hasSuccess()) {
                        DecisionResult r = dc.fromPayloads(0, Optional.of(attrs.getOutcome().getSuccess()),
                                DecisionResult.class, DecisionResult.class);
                        out.add(new TimelineEvent(t, "decision", null, r.verdict() + ": " + r.message()));
                    }
                }
                case EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED -> {
                    RemediationSummary s = dc.fromPayloads(0, payloads(e.getWorkflowExecutionCompletedEventAttributes()
                            .getResult()), RemediationSummary.class, RemediationSummary.class);
                    out.add(new TimelineEvent(t, "finished", "unstuck", s.outcome() + ": " + s.message()));
                }
                case EVENT_TYPE_WORKFLOW_EXECUTION_FAILED -> out.add(new TimelineEvent(t, "finished", "unstuck",
                        "workflow failed: " + e.getWorkflowExecutionFailedEventAttributes().getFailure().getMessage()));
                default -> {
                }
            }
        }
        audit.ifPresent(records -> records.forEach(r -> out.add(new TimelineEvent(Instant.ofEpochMilli(r.atMillis()),
                "decision", r.user().displayName(), r.decision().name().toLowerCase()
                + (r.planFingerprint() == null ? "" : " plan " + r.planFingerprint()) + ": " + r.verdict() + " ("
                + r.reason() + ")"))));
        out.sort((a, b) -> a.time().compareTo(b.time()));
        return out;
    }

    private static Optional<Payloads> payloads(Payloads p) {
        return Optional.of(p);
    }
}
