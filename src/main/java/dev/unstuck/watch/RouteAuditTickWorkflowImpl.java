package dev.unstuck.watch;

import dev.unstuck.workflow.RemediationIds;
import io.temporal.failure.TemporalFailure;
import io.temporal.spring.boot.WorkflowImpl;
import io.temporal.workflow.Workflow;
import org.slf4j.Logger;

@WorkflowImpl(taskQueues = RemediationIds.TASK_QUEUE)
public class RouteAuditTickWorkflowImpl implements RouteAuditTickWorkflow {
    private static final Logger log = Workflow.getLogger(RouteAuditTickWorkflowImpl.class);

    @Override
    public void run(String cluster) {
        try {
            Workflow.newExternalWorkflowStub(ClusterWatchWorkflow.class, AlertIds.watcherId(cluster)).auditNow();
        } catch (TemporalFailure e) {
            // No watcher (watching turned off): the next replica that starts one audits at once anyway.
            log.info("route audit of {} not requested: {}", cluster, e.getMessage());
        }
    }
}
