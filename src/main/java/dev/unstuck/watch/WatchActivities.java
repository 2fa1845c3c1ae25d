package dev.unstuck.watch;

import dev.unstuck.chat.ChatMessage;
import dev.unstuck.diagnosis.NodeRouteAudit;
import io.temporal.activity.ActivityInterface;

import java.util.List;

/** What the watcher does outside its workflow: look at the cluster, audit routes, post cards, ask who resolved. */
@ActivityInterface(namePrefix = "Watch")
public interface WatchActivities {

    /**
     * Watches the cluster (informers, no poll) and returns as soon as what the watcher judges from differs from
     * {@code knownFingerprint}, or after {@code maxWaitMillis} with the same picture. Heartbeats while it waits.
     */
    ClusterSnapshot observe(String cluster, String knownFingerprint, long maxWaitMillis);

    /** The cluster-wide route audit (read-only; writes are only dry-run). */
    NodeRouteAudit auditNodeRoutes(String cluster);

    /**
     * Posts the card (when {@code messageId} is null) or edits the posted one; returns the message id. A retried
     * post of the same {@code cardKey} is answered with the first message, never a second one.
     */
    String showCard(AlertTarget target, String cardKey, ChatMessage card, String messageId);

    /**
     * How an incident ended: "by remediation &lt;id&gt; (approved by bob)" when one of the remediations changed the
     * cluster since {@code sinceMillis}, else "by itself".
     */
    String resolvedBy(String cluster, List<String> remediations, long sinceMillis);
}
