package dev.unstuck.watch;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * What the route-audit Schedule starts for a cluster every {@code unstuck.watch.route-audit-every}: it tells the
 * cluster's watcher to audit now, and ends.
 */
@WorkflowInterface
public interface RouteAuditTickWorkflow {
    @WorkflowMethod(name = "RouteAuditTick")
    void run(String cluster);
}
