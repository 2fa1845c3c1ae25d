package dev.unstuck.diagnosis;

import dev.unstuck.remediation.PlanStep;

import java.util.List;

/**
 * What the cloud inspection found.
 *
 * @param pathCauses  causes on the path of the unreachable pods (VPC_ROUTE_MISSING, ROUTE_CONFLICT, ROUTE_NOT_AVAILABLE)
 * @param plan        steps that unblock the namespace
 * @param auditCauses cluster-wide findings (NODE_ROUTES_MISSING) and the cloud check of the route controller
 * @param auditPlan   optional steps for the other nodes
 */
public record NetworkFindings(List<Cause> pathCauses, List<PlanStep> plan, List<Cause> auditCauses,
                              List<PlanStep> auditPlan) {
    public NetworkFindings {
        pathCauses = List.copyOf(pathCauses);
        plan = List.copyOf(plan);
        auditCauses = List.copyOf(auditCauses);
        auditPlan = List.copyOf(auditPlan);
    }

    public static final NetworkFindings NONE = new NetworkFindings(List.of(), List.of(), List.of(), List.of());
}
