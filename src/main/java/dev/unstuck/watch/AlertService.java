package dev.unstuck.watch;

import dev.unstuck.chat.ChatUser;
import dev.unstuck.chat.Conversation;
import dev.unstuck.config.ClusterRegistry;
import dev.unstuck.workflow.RemediationIds;
import dev.unstuck.workflow.RemediationService;
import dev.unstuck.workflow.StartResult;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What chat adapters call for cards: list them, answer a click on their buttons, mute a cluster. A click that starts
 * something goes through {@link RemediationService} like {@code /ns-stuck} does: the clicker is the requester, and
 * approval, four-eyes and the approvers are the remediation's, unchanged.
 */
public class AlertService {
    private static final Logger log = LoggerFactory.getLogger(AlertService.class);
    private static final Duration CACHED = Duration.ofSeconds(1);

    private final WorkflowClient client;
    private final RemediationService remediations;
    private final ClusterRegistry clusters;
    /** The last list, for a second: every open console page asks each second, the watchers need not answer each. */
    private volatile Listed listed = new Listed(0, List.of());

    private record Listed(long atNanos, List<AlertCard> cards) {
    }

    public AlertService(WorkflowClient client, RemediationService remediations, ClusterRegistry clusters) {
        this.client = client;
        this.remediations = remediations;
        this.clusters = clusters;
    }

    /** Every watched cluster's cards, open ones first, newest first; at most a second old. */
    public List<AlertCard> alerts() {
        Listed last = listed;
        long now = System.nanoTime();
        if (last.atNanos() != 0 && now - last.atNanos() < CACHED.toNanos()) {
            return last.cards();
        }
        List<AlertCard> all = new ArrayList<>();
        for (String cluster : clusters.aliases().stream().sorted().toList()) {
            try {
                all.addAll(watcher(cluster).alerts());
            } catch (WorkflowNotFoundException e) {
                // Not watched (watching off, or the watcher not started yet): no cards.
            } catch (RuntimeException e) {
                log.warn("alerts of {} not read: {}", cluster, e.toString());
            }
        }
        all.sort(Comparator.comparing((AlertCard c) -> c.resolvedAtMillis() != 0)
                .thenComparing(AlertCard::sinceMillis, Comparator.reverseOrder()));
        List<AlertCard> cards = List.copyOf(all);
        listed = new Listed(now, cards);
        return cards;
    }

    public Optional<AlertCard> alert(String id) {
        Optional<AlertIds.AlertRef> ref = AlertIds.parseAlert(id);
        if (ref.isEmpty() || !clusters.contains(ref.get().cluster())) {
            return Optional.empty();
        }
        try {
            return watcher(ref.get().cluster()).alerts().stream().filter(c -> c.id().equals(id)).findFirst();
        } catch (WorkflowNotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * A click on a card's button. {@code where} opens the conversation the remediation will talk in; it is called
     * only when a remediation is about to start or be joined.
     */
    public AlertClickResult click(String buttonId, ChatUser user, Function<String, Conversation> where) {
        Optional<AlertIds.AlertButton> parsed = AlertIds.parseButton(buttonId);
        if (parsed.isEmpty() || !clusters.contains(parsed.get().cluster())) {
            return new AlertClickResult(AlertVerdict.UNKNOWN_INCIDENT, "that button names no incident Unstuck"
                    + " knows", null);
        }
        AlertIds.AlertButton b = parsed.get();
        ClusterWatchWorkflow watcher = watcher(b.cluster());
        String epoch;
        List<Incident> incidents;
        try {
            epoch = watcher.epoch();
            incidents = watcher.incidents();
        } catch (WorkflowNotFoundException e) {
            return new AlertClickResult(AlertVerdict.NOT_WATCHED, "cluster " + b.cluster() + " is not watched right"
                    + " now; use /ns-stuck", null);
        }
        if (!epoch.equals(b.epoch())) {
            return new AlertClickResult(AlertVerdict.EARLIER_WATCHER, "this card belongs to an earlier watcher of "
                    + b.cluster() + ": nothing was started; use the latest card or /ns-stuck", null);
        }
        Optional<Incident> found = incidents.stream().filter(i -> i.number() == b.number()).findFirst();
        if (found.isEmpty()) {
            return new AlertClickResult(AlertVerdict.UNKNOWN_INCIDENT, "this incident is no longer kept: nothing was"
                    + " started", null);
        }
        Incident i = found.get();
        boolean routes = i.kind() == IncidentKind.NODE_ROUTES_MISSING;
        if (routes != (b.action() == AlertIds.Action.OPEN_REPAIR_PLAN)) {
            return new AlertClickResult(AlertVerdict.UNKNOWN_INCIDENT, "that button does not belong to this card",
                    null);
        }
        if (!i.open()) {
            return new AlertClickResult(AlertVerdict.RESOLVED, "this incident resolved at "
                    + AlertCards.when(i.resolvedAtMillis()) + (i.resolution() == null ? "" : " " + i.resolution())
                    + ": nothing was started", null);
        }
        String namespace = routes ? null : i.longestStuckNamespace();
        if (!routes && namespace == null) {
            return new AlertClickResult(AlertVerdict.NO_NAMESPACE, "no namespace is stuck on APIService "
                    + i.subject() + " yet; the remediation repairs a stuck namespace (and what holds it)", null);
        }
        StartResult started;
        try {
            // The conversation is opened for the workflow it will follow (a console conversation's id names it).
            started = routes ? remediations.startOrJoinNodeRoutes(b.cluster(), user,
                    where.apply(RemediationIds.workflowId(b.cluster(), RemediationIds.NODE_ROUTES)))
                    : remediations.startOrJoin(b.cluster(), namespace, user,
                    where.apply(RemediationIds.workflowId(b.cluster(), namespace)));
        } catch (RuntimeException e) {
            log.warn("remediation from card {} not started: {}", b.alertId(), e.toString());
            return new AlertClickResult(AlertVerdict.FAILED, "could not start the remediation: " + e.getMessage(),
                    null);
        }
        try {
            watcher.remediationStarted(new RemediationStarted(i.number(), new RemediationLink(started.workflowId(),
                    user.displayName(), System.currentTimeMillis())));
        } catch (RuntimeException e) {
            // The remediation runs all the same; only the card will not name it.
            log.warn("card {} not told of remediation {}: {}", b.alertId(), started.workflowId(), e.toString());
        }
        log.info("{} {} {} from card {}", user.displayName(), started.joined() ? "joined" : "started",
                started.workflowId(), b.alertId());
        return new AlertClickResult(started.joined() ? AlertVerdict.JOINED : AlertVerdict.STARTED,
                started.message(), started.workflowId());
    }

    /**
     * Mutes (or, with zero, unmutes) a cluster's new cards; the watcher judges who may.
     *
     * @throws IllegalArgumentException an unknown cluster or a duration out of range
     * @throws IllegalStateException    the cluster is not watched
     */
    public MuteResult mute(String cluster, ChatUser user, Duration duration) {
        if (!clusters.contains(cluster)) {
            throw new IllegalArgumentException("unknown cluster '" + cluster + "'; known: "
                    + clusters.aliases().stream().sorted().toList());
        }
        if (duration.isNegative() || duration.toSeconds() > MuteRequest.MAX_SECONDS) {
            throw new IllegalArgumentException("a mute lasts from 0 to 7 days");
        }
        try {
            return watcher(cluster).mute(new MuteRequest(user, duration.toSeconds()));
        } catch (WorkflowNotFoundException e) {
            throw new IllegalStateException("cluster " + cluster + " is not watched: nothing to mute");
        }
    }

    private ClusterWatchWorkflow watcher(String cluster) {
        return client.newWorkflowStub(ClusterWatchWorkflow.class, AlertIds.watcherId(cluster));
    }
}
