package dev.unstuck.diagnosis;

import dev.unstuck.remediation.PlanStep;

import java.util.List;

/**
 * The cluster-wide route audit on its own, without a stuck namespace: every node's route in the tables the
 * cloud-controller-manager manages (or the control plane's tables). A broken route controller rarely breaks just one
 * node, and the nodes it broke are visible long before a namespace gets stuck on one of them.
 *
 * @param routeBased         false on a pod network without per-node routes (Terway): nothing to audit
 * @param causes             NODE_ROUTES_MISSING per table that lacks routes, with the evidence
 * @param plan               one CREATE_ROUTE_ENTRY per missing route Unstuck may write, each dry-run checked
 * @param missing            the same routes with the node they belong to, for people
 * @param controllerEvidence what the cloud says about the route controller's configuration
 * @param problem            why the cloud could not be asked, or null
 */
public record NodeRouteAudit(boolean routeBased, List<Cause> causes, List<PlanStep> plan,
                             List<MissingNodeRoute> missing, List<String> controllerEvidence, String problem) {
    public NodeRouteAudit {
        causes = List.copyOf(causes);
        plan = List.copyOf(plan);
        missing = List.copyOf(missing);
        controllerEvidence = List.copyOf(controllerEvidence);
    }

    /** One route a node lacks in one table. */
    public record MissingNodeRoute(String routeTableId, String nodeName, String podCIDR, String instanceId) {
    }

    public boolean clean() {
        return problem == null && causes.isEmpty() && plan.isEmpty();
    }

    /**
     * The audit as the remediation workflow reads a diagnosis: STUCK with the audit's writes as the plan while some
     * route can be written, so approval, pre-flight and execution run exactly as for a namespace.
     *
     * @param subject what the remediation is called where a namespace name would stand
     */
    public Diagnosis toDiagnosis(String subject) {
        String verdict;
        if (problem != null) {
            verdict = "node routes could not be audited: " + problem;
        } else if (!routeBased) {
            verdict = "the pod network has no per-node VPC routes (Terway): nothing to audit";
        } else if (plan.isEmpty()) {
            verdict = causes.isEmpty() ? "every node's VPC route is in place"
                    : "node routes are not all in place, but none is missing outright (pending or conflicting"
                    + " entries): nothing Unstuck may write";
        } else {
            verdict = plan.size() + (plan.size() == 1 ? " node route is" : " node routes are") + " missing from the"
                    + " route tables the cloud-controller-manager manages";
        }
        NamespaceState state = plan.isEmpty() ? NamespaceState.ACTIVE : NamespaceState.STUCK;
        return new Diagnosis(subject, state, verdict, causes, plan, List.of(), List.of(), List.of());
    }
}
