package dev.unstuck.watch;

import dev.unstuck.chat.ChatUser;
import dev.unstuck.diagnosis.NodeRouteAudit;
import dev.unstuck.workflow.RemediationIds;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.spring.boot.WorkflowImpl;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import org.slf4j.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The watcher loop. Deterministic: the cluster is only ever seen through activities, time is the workflow's, and
 * every judgement is {@link IncidentBook}'s plain code. The incidents, with the message ids of their posted cards,
 * live in the workflow and travel into the next run when it continues as new, so a restarted or second replica edits
 * the cards already posted instead of posting them again.
 */
@WorkflowImpl(taskQueues = RemediationIds.TASK_QUEUE)
public class ClusterWatchWorkflowImpl implements ClusterWatchWorkflow {
    private static final Logger log = Workflow.getLogger(ClusterWatchWorkflowImpl.class);

    /** After a failed look (cluster unreachable), wait this long before the next. */
    private static final Duration AFTER_FAILURE = Duration.ofSeconds(30);

    private final String cluster;
    private final IncidentBook book;
    private WatchPolicy policy;
    private boolean nudged;
    private Promise<ClusterSnapshot> watching;
    private String fingerprint;

    @WorkflowInit
    public ClusterWatchWorkflowImpl(WatchRequest request) {
        Objects.requireNonNull(request, "request");
        this.cluster = request.cluster();
        this.policy = request.policy();
        this.book = new IncidentBook(request.state() != null ? request.state()
                : WatchState.fresh(Workflow.randomUUID().toString().replace("-", "").substring(0, 8)));
    }

    @Override
    public void run(WatchRequest ignored) {
        int rounds = 0;
        long resumeAt = 0;
        while (true) {
            long now = Workflow.currentTimeMillis();
            if (watching == null && now >= resumeAt) {
                long wait = Math.max(1000, book.nextDeadline(now, policy) - now);
                watching = Async.function(observer()::observe, cluster, fingerprint, wait);
            }
            if (watching != null) {
                Workflow.await(() -> watching.isCompleted() || nudged);
            } else {
                Workflow.await(Duration.ofMillis(Math.max(1, resumeAt - now)), () -> nudged);
            }
            nudged = false;
            if (watching != null && watching.isCompleted()) {
                try {
                    ClusterSnapshot snapshot = watching.get();
                    fingerprint = snapshot.fingerprint();
                    book.observe(snapshot, Workflow.currentTimeMillis(), policy);
                    if (log.isDebugEnabled()) {
                        long at = Workflow.currentTimeMillis();
                        log.debug("{} seen at {}: terminating {}, APIServices {}", cluster, at,
                                snapshot.terminating().stream().map(n -> n.name() + " for "
                                        + (at - n.deletingSinceMillis()) + " ms " + n.failingGroupVersions()).toList(),
                                snapshot.apiServices().stream().map(a -> a.name() + (a.available() ? " ok" : " DOWN"))
                                        .toList());
                    }
                } catch (ActivityFailure e) {
                    log.warn("cluster {} could not be watched: {}", cluster, rootMessage(e));
                    resumeAt = Workflow.currentTimeMillis() + AFTER_FAILURE.toMillis();
                }
                watching = null;
                rounds++;
            }
            if (book.lastSnapshot() != null && book.auditDue(Workflow.currentTimeMillis(), policy)) {
                audit();
            }
            publish();
            if (watching == null && (rounds >= policy.roundsPerRun() || Workflow.getInfo().isContinueAsNewSuggested())) {
                // Signals and the mute update finish first: what they changed goes into the next run.
                Workflow.await(Workflow::isEveryHandlerFinished);
                Workflow.continueAsNew(new WatchRequest(cluster, policy, book.state()));
            }
        }
    }

    /** The route audit; one that could not ask the cloud (or the cluster) is recorded as run and changes nothing. */
    private void audit() {
        NodeRouteAudit audit;
        try {
            audit = auditor().auditNodeRoutes(cluster);
        } catch (ActivityFailure e) {
            audit = new NodeRouteAudit(true, List.of(), List.of(), List.of(), List.of(), rootMessage(e));
        }
        if (audit.problem() != null) {
            log.warn("route audit of {} could not be made: {}", cluster, audit.problem());
        }
        book.audited(audit, Workflow.currentTimeMillis(), policy);
    }

    /** Shows what may be shown, says how resolved cards ended, and brings every post up to date. */
    private void publish() {
        book.show(Workflow.currentTimeMillis(), policy);
        WatchActivities chat = poster();
        for (Incident i : book.unexplainedResolutions()) {
            String how;
            try {
                how = chat.resolvedBy(cluster, remediationsOf(i), i.problemSinceMillis());
            } catch (ActivityFailure e) {
                how = "(how is unknown: " + rootMessage(e) + ")";
            }
            book.explain(i.number(), how);
        }
        for (IncidentBook.PostDue due : book.postsDue(policy)) {
            Incident i = due.incident();
            try {
                String messageId = chat.showCard(due.target(), AlertIds.alertId(cluster, book.epoch(), i.number()),
                        AlertCards.message(cluster, book.epoch(), i), due.messageId());
                book.posted(i.number(), new CardPost(due.target(), messageId, i.revision()));
            } catch (ActivityFailure e) {
                // The post stays due: the next round tries again, and edits never pile up (latest revision wins).
                log.warn("card {} not shown in {}: {}", i.number(), due.target(), rootMessage(e));
            }
        }
    }

    /** The remediations that may have resolved an incident: those its card started, and those of its namespaces. */
    private List<String> remediationsOf(Incident i) {
        List<String> ids = new ArrayList<>(ownRemediations(i));
        // One repair often ends several incidents: a namespace's restores the route on its path, the node routes'
        // brings the APIService back. The incident's own remediations are asked first.
        book.incidents().stream().filter(other -> other.number() != i.number())
                .forEach(other -> ids.addAll(ownRemediations(other)));
        ids.add(RemediationIds.nodeRoutesWorkflowId(cluster));
        return ids.stream().distinct().toList();
    }

    private List<String> ownRemediations(Incident i) {
        List<String> ids = new ArrayList<>();
        i.remediations().forEach(l -> ids.add(l.workflowId()));
        if (i.kind() == IncidentKind.NODE_ROUTES_MISSING) {
            ids.add(RemediationIds.nodeRoutesWorkflowId(cluster));
        }
        i.namespaces().forEach(n -> ids.add(RemediationIds.workflowId(cluster, n.name())));
        return ids;
    }

    // ---- signals, updates, queries ------------------------------------------------------------------------

    @Override
    public void configure(WatchPolicy next) {
        if (next != null) {
            policy = next;
            nudged = true;
        }
    }

    @Override
    public void auditNow() {
        book.requestAudit();
        nudged = true;
    }

    @Override
    public void remediationStarted(RemediationStarted started) {
        if (started == null || started.link() == null) {
            return;
        }
        book.link(started.number(), started.link());
        nudged = true;
    }

    @Override
    public void validateMute(MuteRequest r) {
        if (r == null || r.user() == null || r.user().id() == null || r.seconds() < 0
                || r.seconds() > MuteRequest.MAX_SECONDS) {
            throw new IllegalArgumentException("a mute needs a user and a duration from 0 to 7 days");
        }
    }

    @Override
    public MuteResult mute(MuteRequest r) {
        ChatUser user = r.user();
        boolean approver = user.roles().stream().anyMatch(policy.approverRoles()::contains)
                || user.person() != null && policy.approvers().contains(user.person());
        if (!approver) {
            return new MuteResult(MuteVerdict.NOT_AN_APPROVER, "muting " + cluster + " needs one of the roles "
                    + policy.approverRoles() + (policy.approvers().isEmpty() ? "" : " or to be one of "
                    + policy.approvers()) + "; " + user.displayName() + " has " + user.roles(), 0);
        }
        nudged = true;
        long now = Workflow.currentTimeMillis();
        if (r.seconds() == 0) {
            book.mute(Mute.NONE);
            return new MuteResult(MuteVerdict.UNMUTED, "alerts of " + cluster + " are on again (unmuted by "
                    + user.displayName() + ")", 0);
        }
        long until = now + r.seconds() * 1000;
        book.mute(new Mute(until, user.displayName()));
        return new MuteResult(MuteVerdict.MUTED, "no new card for " + cluster + " until " + AlertCards.when(until)
                + " (muted by " + user.displayName() + "); cards already shown still change when their incident does",
                until);
    }

    @Override
    public List<AlertCard> alerts() {
        return book.incidents().stream().filter(Incident::shown)
                .sorted(Comparator.comparing((Incident i) -> !i.open()).thenComparing(Incident::number,
                        Comparator.reverseOrder()))
                .map(i -> AlertCards.card(cluster, book.epoch(), i)).toList();
    }

    @Override
    public List<Incident> incidents() {
        return book.incidents();
    }

    @Override
    public String epoch() {
        return book.epoch();
    }

    @Override
    public Mute muted() {
        return book.mute();
    }

    // ---- activity stubs ---------------------------------------------------------------------------------------

    private WatchActivities observer() {
        return Workflow.newActivityStub(WatchActivities.class, ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(policy.maxWaitSeconds() + 60))
                .setHeartbeatTimeout(Duration.ofSeconds(20))
                .setRetryOptions(RetryOptions.newBuilder().setInitialInterval(Duration.ofSeconds(2))
                        .setBackoffCoefficient(2).setMaximumAttempts(3).build())
                .build());
    }

    private WatchActivities auditor() {
        return Workflow.newActivityStub(WatchActivities.class, ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMinutes(2))
                .setRetryOptions(RetryOptions.newBuilder().setInitialInterval(Duration.ofSeconds(2))
                        .setBackoffCoefficient(2).setMaximumAttempts(3).build())
                .build());
    }

    private WatchActivities poster() {
        return Workflow.newActivityStub(WatchActivities.class, ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(30))
                .setRetryOptions(RetryOptions.newBuilder().setInitialInterval(Duration.ofSeconds(1))
                        .setBackoffCoefficient(2).setMaximumInterval(Duration.ofSeconds(10)).setMaximumAttempts(5)
                        .build())
                .build());
    }

    private static String rootMessage(TemporalFailure e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t instanceof ApplicationFailure af ? af.getOriginalMessage() : t.getMessage();
    }
}
