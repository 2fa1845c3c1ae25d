package dev.unstuck.workflow;

import io.temporal.activity.ActivityInterface;

import java.util.List;

/** Waits on the cluster with watches (no fixed poll), heartbeating so that a dead worker is noticed quickly. */
@ActivityInterface
public interface VerifyActivities {

    /** Waits until every named APIService reports Available=True, or the timeout passes. */
    ApiServiceCheck awaitApiServicesAvailable(String cluster, List<String> apiServices, long timeoutSeconds);

    /** Waits until the namespace no longer exists; false when it still does after the timeout. */
    boolean awaitNamespaceGone(String cluster, String namespace, long timeoutSeconds);
}
