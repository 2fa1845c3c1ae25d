package dev.unstuck.watch;

import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import static org.awaitility.Awaitility.await;

/**
 * What a drill waits for before it breaks anything: the cluster's watcher has audited the routes once. A route
 * deleted before that audit is (rightly) a second card, the routes card; one deleted after it is seen only through
 * the APIService it breaks, until the next scheduled audit.
 */
public final class WatcherRounds {
    private static final String AUDIT = "WatchAuditNodeRoutes";

    private WatcherRounds() {
    }

    public static void awaitFirstAudit(WorkflowClient client, String cluster, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(100))
                .ignoreException(WorkflowNotFoundException.class)
                .until(() -> audited(client, cluster));
    }

    private static boolean audited(WorkflowClient client, String cluster) {
        Set<Long> audits = new HashSet<>();
        for (HistoryEvent e : client.fetchHistory(AlertIds.watcherId(cluster)).getEvents()) {
            if (e.hasActivityTaskScheduledEventAttributes()
                    && AUDIT.equals(e.getActivityTaskScheduledEventAttributes().getActivityType().getName())) {
                audits.add(e.getEventId());
            }
            if (e.hasActivityTaskCompletedEventAttributes()
                    && audits.contains(e.getActivityTaskCompletedEventAttributes().getScheduledEventId())) {
                return true;
            }
        }
        return false;
    }
}
