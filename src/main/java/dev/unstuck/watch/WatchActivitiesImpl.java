package dev.unstuck.watch;

import dev.unstuck.chat.ChatMessage;
import dev.unstuck.config.ClusterRegistry;
import dev.unstuck.diagnosis.NodeRouteAudit;
import dev.unstuck.remediation.StepResult;
import dev.unstuck.workflow.DecisionRecord;
import dev.unstuck.workflow.DecisionVerdict;
import dev.unstuck.workflow.PhaseTiming;
import dev.unstuck.workflow.RemediationIds;
import dev.unstuck.workflow.RemediationPhase;
import dev.unstuck.workflow.RemediationService;
import dev.unstuck.workflow.RemediationStatus;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import io.temporal.spring.boot.ActivityImpl;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The watcher's activities: thin adapters to the cluster informers, the route audit, the chat and Temporal. */
@Component
@ActivityImpl(taskQueues = RemediationIds.TASK_QUEUE)
public class WatchActivitiesImpl implements WatchActivities {
    // Well inside the observe activity's 20 s heartbeat timeout.
    private static final Duration HEARTBEAT = Duration.ofSeconds(2);
    private static final Set<RemediationPhase> REPAIRED_OR_REPAIRING = EnumSet.of(RemediationPhase.REPAIRING,
            RemediationPhase.VERIFYING_APISERVICE, RemediationPhase.WAITING_FOR_NAMESPACE, RemediationPhase.DONE,
            RemediationPhase.PARTIAL);

    private final ClusterRegistry clusters;
    private final ClusterObservers observers;
    private final RemediationService remediations;
    private final Map<String, AlertChannel> channels = new LinkedHashMap<>();

    @Autowired
    public WatchActivitiesImpl(ClusterRegistry clusters, ClusterObservers observers, RemediationService remediations,
                               ObjectProvider<AlertChannel> channels) {
        this(clusters, observers, remediations, channels.orderedStream().toList());
    }

    public WatchActivitiesImpl(ClusterRegistry clusters, ClusterObservers observers, RemediationService remediations,
                               List<AlertChannel> channels) {
        this.clusters = clusters;
        this.observers = observers;
        this.remediations = remediations;
        channels.forEach(c -> this.channels.put(c.adapter(), c));
    }

    @Override
    public ClusterSnapshot observe(String cluster, String knownFingerprint, long maxWaitMillis) {
        ActivityExecutionContext context = Activity.getExecutionContext();
        try {
            return observers.look(cluster, knownFingerprint, Duration.ofMillis(maxWaitMillis), HEARTBEAT,
                    () -> context.heartbeat(null));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApplicationFailure.newFailure("interrupted while watching " + cluster, "Interrupted");
        }
    }

    @Override
    public NodeRouteAudit auditNodeRoutes(String cluster) {
        return clusters.connection(cluster).engine().auditNodeRoutes();
    }

    @Override
    public String showCard(AlertTarget target, String cardKey, ChatMessage card, String messageId) {
        AlertChannel channel = channels.get(target.adapter());
        if (channel == null) {
            throw ApplicationFailure.newNonRetryableFailure("no chat adapter '" + target.adapter() + "' runs here;"
                    + " running: " + channels.keySet(), "NoAdapter");
        }
        return channel.show(target, cardKey, card, messageId);
    }

    @Override
    public String resolvedBy(String cluster, List<String> candidates, long sinceMillis) {
        for (String workflowId : candidates) {
            RemediationStatus s;
            try {
                s = remediations.status(workflowId);
            } catch (RuntimeException e) {
                continue; // never started, or long gone
            }
            long started = s.timings().stream().mapToLong(PhaseTiming::startedAtMillis).min().orElse(0);
            String approver = s.decisions().stream().filter(d -> d.verdict() == DecisionVerdict.APPROVED)
                    .reduce((a, b) -> b).map(DecisionRecord::user).map(u -> u.displayName()).orElse(null);
            // A write that has just gone through may not be in the remediation's steps yet: its approved repair
            // under way counts as well.
            boolean changed = s.steps().stream().anyMatch(StepResult::succeeded)
                    || approver != null && REPAIRED_OR_REPAIRING.contains(s.phase());
            if (changed && started >= sinceMillis) {
                return "by remediation " + workflowId + (approver == null ? "" : " (approved by " + approver + ")");
            }
        }
        return "by itself";
    }
}
