package dev.unstuck.workflow;

import dev.unstuck.chain.ChainQuery;
import dev.unstuck.chat.ChatMessage;
import dev.unstuck.chat.ChatUser;
import dev.unstuck.cloud.RepairPolicy;
import dev.unstuck.cloud.RouteEntryRepair;
import dev.unstuck.chat.ChatBinding;
import dev.unstuck.diagnosis.Cause;
import dev.unstuck.diagnosis.Diagnosis;
import dev.unstuck.diagnosis.NamespaceState;
import dev.unstuck.remediation.PlanFingerprint;
import dev.unstuck.remediation.PlanStep;
import dev.unstuck.remediation.StepResult;
import dev.unstuck.remediation.StepStatus;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.spring.boot.WorkflowImpl;
import io.temporal.workflow.Async;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import org.slf4j.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The remediation state machine. Deterministic by construction: all I/O goes through activities, time comes from
 * {@link Workflow#currentTimeMillis()}, and rendering chat messages is a pure function of the state.
 */
@WorkflowImpl(taskQueues = RemediationIds.TASK_QUEUE)
public class RemediationWorkflowImpl implements RemediationWorkflow {
    private static final Logger log = Workflow.getLogger(RemediationWorkflowImpl.class);

    // A plan that keeps changing while people look at it means the cluster is changing under us: stop asking.
    private static final int MAX_PLANS = 5;

    // Workflow.getVersion change ids: histories recorded before a change replay along the old path.
    static final String APPROVAL_DEADLINE_PER_PLAN = "approval-deadline-per-plan";
    static final String STRUCTURED_OUTCOME = "structured-verify-targets-and-partial";
    static final String CHAIN_SNAPSHOTS = "chain-snapshot-after-diagnosis";
    static final String CHAT_BINDINGS = "chat-bindings-recorded";

    private final RemediationRequest request;
    private final RemediationPolicy policy;
    private final String workflowId;
    private final List<ChatUser> requesters = new ArrayList<>();
    // Each conversation with what its adapter reported back (ids, posts made): another process carries on from it.
    private final RemediationChats chats;
    private final List<DecisionRecord> decisions = new ArrayList<>();
    private final List<StepResult> steps = new ArrayList<>();
    private final List<PhaseTiming> timings = new ArrayList<>();

    private RemediationPhase phase = RemediationPhase.DIAGNOSING;
    private Diagnosis diagnosis;
    private Diagnosis laterDiagnosis;
    private String fingerprint;
    private DecisionRecord accepted;
    private boolean replanRequested;
    private long approvalDeadline;
    private String outcome;
    private RemediationSummary summary;
    // The live message is redrawn by one workflow thread, latest state first, so edits never arrive out of order.
    private int version;
    private int published;

    private boolean renewPerPlan;
    private boolean structured;
    private boolean recordChains;
    private boolean bindings;
    // A repair of the node routes the route audit found missing, not of a namespace: false in every older history.
    private final boolean nodeRoutes;

    private DiagnosisActivities diagnoser;
    private RepairActivities repairer;
    private VerifyActivities verifier;
    private ChainActivities chains;
    private ReportActivities reports;

    @WorkflowInit
    public RemediationWorkflowImpl(RemediationRequest request) {
        this.request = Objects.requireNonNull(request, "request");
        this.policy = request.policy();
        this.workflowId = Workflow.getInfo().getWorkflowId();
        this.nodeRoutes = request.repairsNodeRoutes();
        requesters.add(request.requester());
        chats = new RemediationChats(workflowId, request.conversation());
        timings.add(new PhaseTiming(RemediationPhase.DIAGNOSING, Workflow.currentTimeMillis(), 0));
    }

    @Override
    public RemediationSummary run(RemediationRequest ignored) {
        // Decided once, before anything else runs: getVersion may yield, and a yield later in the run would let the
        // live-message loop schedule its activity earlier than in histories recorded before these changes.
        renewPerPlan = Workflow.getVersion(APPROVAL_DEADLINE_PER_PLAN, Workflow.DEFAULT_VERSION, 1) >= 1;
        structured = Workflow.getVersion(STRUCTURED_OUTCOME, Workflow.DEFAULT_VERSION, 1) >= 1;
        recordChains = Workflow.getVersion(CHAIN_SNAPSHOTS, Workflow.DEFAULT_VERSION, 1) >= 1;
        bindings = Workflow.getVersion(CHAT_BINDINGS, Workflow.DEFAULT_VERSION, 1) >= 1;
        createStubs();
        Async.procedure(this::publishLoop);
        changed();

        diagnosis = diagnose();
        if (diagnosis == null) {
            return finish(RemediationPhase.FAILED, outcome);
        }
        recordChain(diagnosis);
        int plans = 0;
        while (true) {
            if (diagnosis.state() != NamespaceState.STUCK || diagnosis.plan().isEmpty()) {
                return finish(RemediationPhase.NOTHING_TO_DO, nothingToDo(diagnosis));
            }
            if (++plans > MAX_PLANS) {
                return finish(RemediationPhase.FAILED, "the plan changed " + MAX_PLANS + " times while waiting for "
                        + "a decision: the cluster is changing under us. Nothing was executed; ask again once it "
                        + "has settled.");
            }
            String shown = fingerprint;
            fingerprint = PlanFingerprint.of(diagnosis.plan());
            List<String> failing = PlanChecks.failingPreflights(diagnosis.plan());
            if (!failing.isEmpty()) {
                // The cloud already said no: asking people to approve a write that cannot succeed only wastes
                // their time and, once approved, would retry against a hard limit.
                return finish(RemediationPhase.FAILED, "the pre-flight check says this plan will not succeed: "
                        + String.join("; ", failing) + ". Nothing was written and nobody was asked to approve; fix"
                        + " that first (free or raise the route table quota, grant the permission), then ask again.");
            }
            // A new plan gets the whole approval window: a re-ask late in the window must not expire at once.
            if (approvalDeadline == 0 || (renewPerPlan && !fingerprint.equals(shown))) {
                approvalDeadline = Workflow.currentTimeMillis() + policy.approvalTimeoutSeconds() * 1000;
            }
            enter(RemediationPhase.AWAITING_APPROVAL);
            long left = Math.max(0, approvalDeadline - Workflow.currentTimeMillis());
            boolean woken = Workflow.await(Duration.ofMillis(left), () -> accepted != null || replanRequested);
            if (!woken) {
                return finish(RemediationPhase.EXPIRED, "nobody decided within " + minutes(policy
                        .approvalTimeoutSeconds()) + ": nothing was executed. Ask again if " + request.namespace()
                        + " is still stuck.");
            }
            if (replanRequested) {
                replanRequested = false;
                enter(RemediationPhase.DIAGNOSING);
                if ((diagnosis = diagnose()) == null) {
                    return finish(RemediationPhase.FAILED, outcome);
                }
                recordChain(diagnosis);
                continue;
            }
            if (accepted.decision() == Decision.REJECT) {
                return finish(RemediationPhase.REJECTED, "rejected by " + accepted.user().displayName()
                        + ": nothing was executed.");
            }
            // The approval names the plan the approver saw; the world may have moved since, so look once more.
            enter(RemediationPhase.REPAIRING);
            Diagnosis now = diagnose();
            if (now == null) {
                return finish(RemediationPhase.FAILED, outcome);
            }
            String nowPrint = PlanFingerprint.of(now.plan());
            if (now.state() == NamespaceState.STUCK && nowPrint.equals(fingerprint)) {
                break;
            }
            decisions.add(new DecisionRecord(Workflow.currentTimeMillis(), accepted.user(), Decision.APPROVE,
                    fingerprint, DecisionVerdict.PLAN_CHANGED, "the cluster changed between the approval and the "
                    + "repair (plan " + fingerprint + " is now " + nowPrint + "): the approval no longer applies"));
            accepted = null;
            diagnosis = now;
            recordChain(diagnosis);
            changed();
        }
        return repairAndVerify();
    }

    private RemediationSummary repairAndVerify() {
        List<PlanStep> plan = diagnosis.plan();
        for (int i = 0; i < plan.size(); i++) {
            PlanStep step = plan.get(i);
            StepResult r;
            try {
                r = repairer.executeStep(request.cluster(), step, workflowId, "step-" + (i + 1));
            } catch (ActivityFailure e) {
                return finish(RemediationPhase.FAILED, stepFailure(i + 1, step, e));
            }
            steps.add(r);
            changed();
            if (r.status() == StepStatus.CONFLICT) {
                return finish(RemediationPhase.FAILED, "step " + (i + 1) + " stopped on a conflict: " + r.message()
                        + ". Nothing was overwritten; a person must decide, then ask again.");
            }
            if (!r.succeeded()) {
                return finish(RemediationPhase.FAILED, "step " + (i + 1) + " did not succeed (" + r.status() + "): "
                        + r.message());
            }
        }

        if (nodeRoutes) {
            return nodeRoutesRestored();
        }
        enter(RemediationPhase.VERIFYING_APISERVICE);
        List<String> targets = structured ? diagnosis.verifyApiServices() : VerifyTargets.legacyApiServices(diagnosis);
        if (!targets.isEmpty()) {
            ApiServiceCheck check;
            try {
                check = verifier.awaitApiServicesAvailable(request.cluster(), targets,
                        policy.apiServiceTimeoutSeconds());
            } catch (ActivityFailure e) {
                return finish(RemediationPhase.FAILED, "could not watch the APIServices: " + rootMessage(e));
            }
            if (!check.allAvailable()) {
                return finish(RemediationPhase.FAILED, "the repair was made but after "
                        + minutes(policy.apiServiceTimeoutSeconds()) + " these APIServices are still not Available: "
                        + String.join("; ", check.stillUnavailable()) + ". A person must look at their backends.");
            }
        }

        if (structured) {
            enter(RemediationPhase.WAITING_FOR_NAMESPACE);
            // What the plan repairs has recovered; if only causes no step addresses still hold the namespace,
            // waiting for it would be waiting for a person: say so now.
            Diagnosis after = diagnose();
            if (after != null && after.state() == NamespaceState.NOT_FOUND) {
                return finish(RemediationPhase.DONE, done());
            }
            if (after != null && after.state() == NamespaceState.STUCK && after.plan().isEmpty()
                    && !after.unresolved().isEmpty()) {
                laterDiagnosis = after;
                List<String> changes = steps.stream().filter(StepResult::succeeded).map(VerifyTargets::change)
                        .toList();
                return finish(RemediationPhase.PARTIAL, PlanChecks.partial(request.namespace(), changes, targets,
                        after));
            }
        } else {
            enter(RemediationPhase.WAITING_FOR_NAMESPACE);
        }
        boolean gone;
        try {
            gone = verifier.awaitNamespaceGone(request.cluster(), request.namespace(),
                    policy.namespaceTimeoutSeconds());
        } catch (ActivityFailure e) {
            return finish(RemediationPhase.FAILED, "could not watch namespace " + request.namespace() + ": "
                    + rootMessage(e));
        }
        if (!gone) {
            // The APIServices recovered, so whatever holds the namespace now is another cause: find it once.
            Diagnosis again = diagnose();
            if (again != null && again.state() == NamespaceState.NOT_FOUND) {
                return finish(RemediationPhase.DONE, done());
            }
            laterDiagnosis = again;
            return finish(RemediationPhase.FAILED, "the APIServices recovered but namespace " + request.namespace()
                    + " is still there after " + minutes(policy.namespaceTimeoutSeconds()) + ". "
                    + (again == null ? outcome : "Diagnosed again: " + again.verdict()
                    + again.causes().stream().map(c -> "; " + c.kind() + ": " + c.summary()).reduce("", String::concat)));
        }
        return finish(RemediationPhase.DONE, done());
    }

    /** After the writes, the audit once more: what it still finds is what the writes did not restore. */
    private RemediationSummary nodeRoutesRestored() {
        Diagnosis after = diagnose();
        List<String> changes = steps.stream().filter(StepResult::succeeded).map(VerifyTargets::change).toList();
        if (after == null) {
            return finish(RemediationPhase.FAILED, String.join("; ", changes) + ", but the audit afterwards failed: "
                    + outcome);
        }
        laterDiagnosis = after;
        if (!after.plan().isEmpty()) {
            return finish(RemediationPhase.FAILED, String.join("; ", changes) + ", yet the audit still finds "
                    + after.plan().size() + " missing: " + after.verdict() + ". Ask again for a new plan.");
        }
        return finish(RemediationPhase.DONE, String.join("; ", changes) + ". The audit finds no node route missing"
                + " now" + (after.causes().isEmpty() ? "." : " (entries still being created settle by themselves)."));
    }

    private String done() {
        return "namespace " + request.namespace() + " is gone: the repair worked.";
    }

    // ---- updates and queries --------------------------------------------------------------------------------

    @Override
    public void validateDecide(DecisionRequest r) {
        if (r == null || r.user() == null || r.user().id() == null || r.decision() == null) {
            throw new IllegalArgumentException("a decision needs a user and approve or reject");
        }
    }

    @Override
    public DecisionResult decide(DecisionRequest r) {
        DecisionVerdict verdict;
        String why;
        boolean approve = r.decision() == Decision.APPROVE;
        // Requests without a run tag were recorded before buttons carried one: judged as they were then.
        if (r.run() != null && !r.run().equals(runTag())) {
            verdict = DecisionVerdict.EARLIER_RUN;
            why = "this button belongs to an earlier run of this remediation; use the buttons on the latest message";
        } else if (accepted != null) {
            verdict = DecisionVerdict.ALREADY_DECIDED;
            why = (accepted.decision() == Decision.APPROVE ? "already approved by " : "already rejected by ")
                    + accepted.user().displayName() + "; thanks all the same";
        } else if (phase != RemediationPhase.AWAITING_APPROVAL) {
            verdict = DecisionVerdict.NOT_WAITING;
            why = phase.isFinal() ? "this remediation has ended (" + label(phase) + ")"
                    : "not waiting for a decision right now (" + label(phase) + "); the message will ask again";
        } else if (!isApprover(r.user()) && !(!approve && isRequester(r.user()))) {
            verdict = DecisionVerdict.NOT_AN_APPROVER;
            why = "approving on " + request.cluster() + " needs one of the roles " + policy.approverRoles()
                    + (policy.approvers().isEmpty() ? "" : " or to be one of " + policy.approvers())
                    + "; " + r.user().displayName() + " has " + r.user().roles();
        } else if (approve && policy.fourEyes() && isRequester(r.user())) {
            verdict = DecisionVerdict.SELF_APPROVAL;
            why = "four-eyes is on for " + request.cluster() + ": someone other than the requester must approve";
        } else if (approve && !Objects.equals(fingerprint, r.planFingerprint())) {
            verdict = DecisionVerdict.PLAN_CHANGED;
            why = "the button was for plan " + r.planFingerprint() + " but the plan is " + fingerprint
                    + ": diagnosing again, then the message asks again";
            replanRequested = true;
        } else {
            verdict = approve ? DecisionVerdict.APPROVED : DecisionVerdict.REJECTED;
            why = (approve ? "approved" : "rejected") + " by " + r.user().displayName();
        }
        DecisionRecord record = new DecisionRecord(Workflow.currentTimeMillis(), r.user(), r.decision(),
                r.planFingerprint(), verdict, why);
        decisions.add(record);
        if (verdict == DecisionVerdict.APPROVED || verdict == DecisionVerdict.REJECTED) {
            accepted = record;
        }
        changed();
        return new DecisionResult(verdict, why);
    }

    @Override
    public void clicksThrottled(ThrottledClicks t) {
        if (t == null || t.user() == null || t.decision() == null || t.clicks() <= 0) {
            return;
        }
        decisions.add(new DecisionRecord(Workflow.currentTimeMillis(), t.user(), t.decision(), null,
                DecisionVerdict.RATE_LIMITED, t.clicks() + (t.clicks() == 1 ? " click" : " clicks")
                + " refused without being judged: over the limit of " + t.limit()));
        changed();
    }

    @Override
    public JoinResult join(JoinRequest r) {
        boolean newConversation = chats.add(r.conversation());
        boolean newRequester = !isRequester(r.requester());
        if (newRequester) {
            requesters.add(r.requester());
        }
        boolean joined = newConversation || newRequester;
        if (joined) {
            changed();
        }
        String subject = nodeRoutes ? "the node routes" : "namespace " + request.namespace();
        String message = joined
                ? subject + " on " + request.cluster() + (nodeRoutes ? " are" : " is") + " already being handled "
                + "(requested by " + request.requester().displayName() + ", now " + label(phase) + "); this "
                + "conversation follows the same remediation"
                : (nodeRoutes ? "repair of the node routes" : "remediation of namespace " + request.namespace())
                + " on " + request.cluster() + " started";
        return new JoinResult(joined, phase, message);
    }

    @Override
    public RemediationPhase phase() {
        return phase;
    }

    @Override
    public List<PlanStep> plan() {
        return diagnosis == null ? List.of() : diagnosis.plan();
    }

    @Override
    public List<DecisionRecord> decisions() {
        return List.copyOf(decisions);
    }

    @Override
    public RemediationSummary summary() {
        return summary;
    }

    @Override
    public RemediationStatus status() {
        return new RemediationStatus(workflowId, request.cluster(), request.namespace(), phase, diagnosis,
                fingerprint, requesters, chats.conversations(), decisions, steps,
                timings, laterDiagnosis, outcome, approvalDeadline, runTag());
    }

    @Override
    public List<ChatBinding> chats() {
        return chats.bindings();
    }

    // ---- internals ------------------------------------------------------------------------------------------

    private void createStubs() {
        RetryOptions readRetry = RetryOptions.newBuilder().setInitialInterval(Duration.ofSeconds(1))
                .setBackoffCoefficient(2).setMaximumInterval(Duration.ofSeconds(30)).setMaximumAttempts(5).build();
        diagnoser = Workflow.newActivityStub(DiagnosisActivities.class, ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMinutes(2)).setRetryOptions(readRetry).build());
        // Throttling and outages are retried with backoff; permissions, quota and bad input are not: a person
        // must act first, and retrying would only hide the message they need. An attempt may take as long as the
        // repair's own bounds (its retries, then the wait for Available), so it is never timed out and retried over
        // itself while healthy; a dead or stuck worker is noticed by its missing heartbeat instead.
        Duration stepLimit = Duration.ofSeconds(policy.stepTimeoutSeconds());
        Duration repairBound = RouteEntryRepair.longestRun(RepairPolicy.defaults());
        repairer = Workflow.newActivityStub(RepairActivities.class, ActivityOptions.newBuilder()
                .setStartToCloseTimeout(stepLimit.compareTo(repairBound) >= 0 ? stepLimit : repairBound)
                // The step heartbeats every couple of seconds between cloud calls, each of which gives up in 15 s.
                .setHeartbeatTimeout(Duration.ofSeconds(30))
                .setRetryOptions(RetryOptions.newBuilder().setInitialInterval(Duration.ofSeconds(2))
                        .setBackoffCoefficient(2).setMaximumInterval(Duration.ofSeconds(30)).setMaximumAttempts(5)
                        .setDoNotRetry(RepairActivities.PERMANENT).build())
                .build());
        long longest = Math.max(policy.apiServiceTimeoutSeconds(), policy.namespaceTimeoutSeconds());
        verifier = Workflow.newActivityStub(VerifyActivities.class, ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(longest + 60))
                .setHeartbeatTimeout(Duration.ofSeconds(10))
                .setRetryOptions(RetryOptions.newBuilder().setInitialInterval(Duration.ofSeconds(1))
                        .setMaximumAttempts(3).build())
                .build());
        chains = Workflow.newActivityStub(ChainActivities.class, ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMinutes(1)).setRetryOptions(RetryOptions.newBuilder()
                        .setInitialInterval(Duration.ofSeconds(1)).setMaximumAttempts(3).build()).build());
        reports = Workflow.newActivityStub(ReportActivities.class, ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMinutes(1)).setRetryOptions(readRetry).build());
        chats.start(bindings, readRetry);
    }

    /** Null (with {@link #outcome} set) when the cluster could not be diagnosed even after retries. */
    private Diagnosis diagnose() {
        try {
            Diagnosis d = nodeRoutes ? diagnoser.auditNodeRoutes(request.cluster())
                    : diagnoser.diagnose(request.cluster(), request.namespace());
            changed();
            return d;
        } catch (ActivityFailure e) {
            outcome = (nodeRoutes ? "could not audit the node routes" : "could not diagnose namespace "
                    + request.namespace()) + " on " + request.cluster() + ": " + rootMessage(e);
            return null;
        }
    }

    /**
     * The chain as diagnosed, link by link, into the history (the RecordChain activity's result): after a repair the
     * cluster no longer shows what was broken. A failure to read it costs the picture, never the remediation.
     */
    private void recordChain(Diagnosis d) {
        if (!recordChains || d.state() != NamespaceState.STUCK) {
            return;
        }
        try {
            chains.recordChain(new ChainQuery(request.cluster(), request.namespace(), List.of(), d.plan(), List.of(),
                    d.causes().stream().map(Cause::kind).collect(Collectors.toSet())));
        } catch (ActivityFailure e) {
            log.warn("cause chain of {} not recorded: {}", workflowId, rootMessage(e));
        }
    }

    private void publishLoop() {
        while (true) {
            Workflow.await(() -> published < version);
            int drawing = version;
            chats.drawLive(RemediationMessages.live(status()));
            published = drawing;
        }
    }

    private RemediationSummary finish(RemediationPhase end, String message) {
        outcome = message;
        enter(end);
        RemediationMetrics.finished(request.cluster(), end);
        if (recordChains && Workflow.getTypedSearchAttributes().containsKey(RemediationSearchAttributes.CLUSTER)) {
            // Only runs started with the attributes, i.e. on a server that has them registered.
            Workflow.upsertTypedSearchAttributes(RemediationSearchAttributes.OUTCOME.valueSet(end.name()));
        }
        List<String> causes = diagnosis == null ? List.of()
                : diagnosis.causes().stream().map(c -> c.kind() + ": " + c.summary()).toList();
        List<String> changes = steps.stream().filter(StepResult::succeeded).map(VerifyTargets::change).toList();
        summary = new RemediationSummary(workflowId, request.cluster(), request.namespace(), end,
                diagnosis == null ? null : diagnosis.verdict(), causes,
                accepted != null && accepted.decision() == Decision.APPROVE ? accepted.user().displayName() : null,
                changes, timings, message);
        changed();
        Workflow.await(() -> published == version);
        chats.postOnce(RemediationIds.summaryPostKey(workflowId), RemediationMessages.summary(summary), "summary");
        if (recordChains && chats.recordsBindings()) {
            postReport();
        } else if (recordChains) {
            try {
                reports.attachReport(summary, chats.conversations());
            } catch (ActivityFailure e) {
                log.warn("report of {} not sent: {}", workflowId, rootMessage(e));
            }
        }
        return summary;
    }

    /** The post-incident report, written from the history so far and posted once to every conversation. */
    private void postReport() {
        ChatMessage written;
        try {
            written = reports.writeReport(summary);
        } catch (ActivityFailure e) {
            log.warn("report of {} not written: {}", workflowId, rootMessage(e));
            return;
        }
        chats.postOnce(RemediationIds.reportPostKey(workflowId, runTag()), written, "report");
    }

    private void enter(RemediationPhase next) {
        long now = Workflow.currentTimeMillis();
        PhaseTiming last = timings.get(timings.size() - 1);
        if (last.endedAtMillis() == 0) {
            timings.set(timings.size() - 1, new PhaseTiming(last.phase(), last.startedAtMillis(), now));
            RemediationMetrics.phaseEnded(last.phase(), next, now - last.startedAtMillis());
        }
        timings.add(new PhaseTiming(next, now, next.isFinal() ? now : 0));
        phase = next;
        changed();
    }

    private void changed() {
        version++;
    }

    /** One of the cluster's approver roles, or a person the cluster names as an approver. */
    private boolean isApprover(ChatUser user) {
        return user.roles().stream().anyMatch(policy.approverRoles()::contains)
                || user.person() != null && policy.approvers().contains(user.person());
    }

    /** By person, not by account: asking in Discord and approving in the console is still one person. */
    private boolean isRequester(ChatUser user) {
        return requesters.stream().anyMatch(u -> u.identity().equals(user.identity()));
    }

    /**
     * Of the run id written in the start event, not {@link io.temporal.workflow.WorkflowInfo#getRunId()}: the same
     * in every replay, whoever replays, and this run's own id for every remediation /ns-stuck starts.
     */
    private String runTag() {
        return RemediationIds.runTag(Workflow.getInfo().getOriginalExecutionRunId());
    }

    private static String nothingToDo(Diagnosis d) {
        if (d.state() != NamespaceState.STUCK) {
            return d.verdict() + ". Nothing to repair.";
        }
        StringBuilder sb = new StringBuilder(d.verdict()).append(". Unstuck has no automatic repair for this; "
                + "a person must act on:");
        for (Cause c : d.causes()) {
            sb.append(" ").append(c.kind()).append(": ").append(c.summary()).append(".");
        }
        return sb.toString();
    }

    private static String stepFailure(int n, PlanStep step, ActivityFailure e) {
        return RemediationFailures.stepFailure(n, step, e);
    }

    private static String rootMessage(TemporalFailure e) {
        return RemediationFailures.rootMessage(e);
    }

    static String label(RemediationPhase p) {
        return RemediationMessages.label(p);
    }

    private static String minutes(long seconds) {
        return seconds % 60 == 0 ? seconds / 60 + " min" : seconds + " s";
    }
}
