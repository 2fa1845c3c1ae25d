package dev.unstuck.chat.discord;

import dev.unstuck.workflow.ChatActivities;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.WorkerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The worker of the Discord chat task queue: running only while this replica holds the gateway, so every live
 * message edit and post is made by the replica with the Discord session, and calls scheduled while no replica holds
 * it wait in the queue for the next holder.
 */
final class DiscordChatWorker {
    private static final Logger log = LoggerFactory.getLogger(DiscordChatWorker.class);

    private final WorkflowClient client;
    private final ChatActivities activities;
    private WorkerFactory factory;

    DiscordChatWorker(WorkflowClient client, ChatActivities activities) {
        this.client = client;
        this.activities = activities;
    }

    synchronized void start() {
        if (factory != null) {
            return;
        }
        WorkerFactory f = WorkerFactory.newInstance(client);
        f.newWorker(ChatActivities.DISCORD_TASK_QUEUE).registerActivitiesImplementations(activities);
        f.start();
        factory = f;
        log.info("polling task queue {}: this replica draws the Discord messages", ChatActivities.DISCORD_TASK_QUEUE);
    }

    /**
     * Stops polling at once without waiting; calls in flight fail (their session is gone) and are retried by the
     * next holder. Returns the stopped factory for {@link #awaitStopped}.
     */
    synchronized WorkerFactory stop() {
        WorkerFactory f = factory;
        factory = null;
        if (f != null) {
            f.shutdownNow();
        }
        return f;
    }

    static void awaitStopped(WorkerFactory stopped, Duration grace) {
        if (stopped != null) {
            stopped.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
