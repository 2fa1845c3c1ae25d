package dev.unstuck.watch;

import dev.unstuck.config.ApprovalRules;
import dev.unstuck.config.ClusterRegistry;
import dev.unstuck.workflow.RemediationIds;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.client.schedules.ScheduleUpdate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Starts (or re-configures) one watcher per configured cluster, from every replica: signal-with-start on the id
 * {@code unstuck-watch/<cluster>} starts it once and only hands the others' settings to the running one. The route
 * audit runs on a Temporal Schedule where the server serves Schedules; the embedded test server does not (it answers
 * UNIMPLEMENTED), and then the watcher's own durable timer runs it.
 */
public final class WatchStarter {
    private static final Logger log = LoggerFactory.getLogger(WatchStarter.class);

    private final WorkflowClient client;
    private final ClusterRegistry clusters;
    private final WatchProperties props;

    public WatchStarter(WorkflowClient client, ClusterRegistry clusters, WatchProperties props) {
        this.client = client;
        this.clusters = clusters;
        this.props = props;
    }

    /** Starts every cluster's watcher; a cluster that fails is logged, the others still start. */
    public void startAll() {
        for (String cluster : clusters.aliases().stream().sorted().toList()) {
            try {
                boolean scheduled = scheduleAudit(cluster);
                start(cluster, policy(cluster).withAuditOnOwnTimer(!scheduled));
            } catch (RuntimeException e) {
                log.error("watcher of cluster {} not started: {}", cluster, e.toString());
            }
        }
    }

    WatchPolicy policy(String cluster) {
        ApprovalRules rules = clusters.rules(cluster);
        List<AlertTarget> targets = props.discordChannels().getOrDefault(cluster, List.of()).stream()
                .map(id -> new AlertTarget("discord", id)).toList();
        return new WatchPolicy(props.namespaceStuckAfter().toSeconds(), props.apiserviceUnavailableAfter().toSeconds(),
                props.routeAuditEvery().toSeconds(), true, props.maxCardsPerHour(), props.flapWindow().toSeconds(),
                props.maxWait().toSeconds(), targets, rules.approverRoles(), rules.approvers());
    }

    private void start(String cluster, WatchPolicy policy) {
        WorkflowOptions options = WorkflowOptions.newBuilder().setWorkflowId(AlertIds.watcherId(cluster))
                .setTaskQueue(RemediationIds.TASK_QUEUE).build();
        client.newUntypedWorkflowStub("ClusterWatch", options).signalWithStart("configure",
                new Object[]{policy}, new Object[]{new WatchRequest(cluster, policy, null)});
        log.info("watching cluster {}: cards after {} (namespaces) / {} (APIServices), route audit every {}{}",
                cluster, props.namespaceStuckAfter(), props.apiserviceUnavailableAfter(), props.routeAuditEvery(),
                policy.targets().isEmpty() ? "; cards in the console only"
                        : "; cards to " + policy.targets().size() + " Discord channel(s)");
    }

    /** True when a Schedule now triggers the cluster's route audit; false when the server serves no Schedules. */
    boolean scheduleAudit(String cluster) {
        ScheduleClient schedules = ScheduleClient.newInstance(client.getWorkflowServiceStubs(),
                ScheduleClientOptions.newBuilder().setNamespace(client.getOptions().getNamespace()).build());
        Schedule schedule = Schedule.newBuilder()
                .setAction(ScheduleActionStartWorkflow.newBuilder().setWorkflowType(RouteAuditTickWorkflow.class)
                        .setArguments(cluster)
                        .setOptions(WorkflowOptions.newBuilder().setWorkflowId(AlertIds.auditTickId(cluster))
                                .setTaskQueue(RemediationIds.TASK_QUEUE).build())
                        .build())
                .setSpec(ScheduleSpec.newBuilder().setIntervals(List.of(new ScheduleIntervalSpec(
                        props.routeAuditEvery()))).build())
                .setPolicy(SchedulePolicy.newBuilder().setOverlap(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP)
                        .build())
                .build();
        String id = AlertIds.auditTickId(cluster);
        try {
            schedules.createSchedule(id, schedule, ScheduleOptions.newBuilder().build());
            log.info("route audit of {} on Temporal Schedule {} every {}", cluster, id, props.routeAuditEvery());
            return true;
        } catch (ScheduleAlreadyRunningException e) {
            // Another replica (or an earlier start) made it: bring its period up to date.
            schedules.getHandle(id).update(input -> new ScheduleUpdate(schedule));
            return true;
        } catch (RuntimeException e) {
            if (unimplemented(e)) {
                log.info("this Temporal server serves no Schedules (the embedded test server does not): the route"
                        + " audit of {} runs on the watcher's own durable timer every {}", cluster,
                        props.routeAuditEvery());
                return false;
            }
            throw e;
        }
    }

    private static boolean unimplemented(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StatusRuntimeException s && s.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
                return true;
            }
        }
        return false;
    }
}
