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
 * @param routeControllerEvidence what the cloud says about the route controller's configuration (e.g. its VPC id
 *                    does not exist), merged into ROUTE_CONTROLLER_FAILING
 * @param problem     why the cloud could not be inspected (credentials, permissions, outage), or null
 */
public record NetworkFindings(List<Cause> pathCauses, List<PlanStep> plan, List<Cause> auditCauses,
                              List<PlanStep> auditPlan, List<String> routeControllerEvidence, String problem) {
    public NetworkFindings {
        pathCauses = List.copyOf(pathCauses);
        plan = List.copyOf(plan);
        auditCauses = List.copyOf(auditCauses);
        auditPlan = List.copyOf(auditPlan);
        routeControllerEvidence = List.copyOf(routeControllerEvidence);
    }

    public NetworkFindings(List<Cause> pathCauses, List<PlanStep> plan, List<Cause> auditCauses,
                           List<PlanStep> auditPlan) {
        this(pathCauses, plan, auditCauses, auditPlan, List.of(), null);
    }

    /** The cloud could not be asked; the chain then ends at the unreachable pods, with this reason as evidence. */
    public static NetworkFindings unavailable(String problem) {
        return new NetworkFindings(List.of(), List.of(), List.of(), List.of(), List.of(), problem);
    }

    public static final NetworkFindings NONE = new NetworkFindings(List.of(), List.of(), List.of(), List.of());
}
