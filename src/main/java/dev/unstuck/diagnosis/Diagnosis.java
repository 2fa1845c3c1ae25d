package dev.unstuck.diagnosis;

import dev.unstuck.remediation.PlanStep;

import java.util.List;

/**
 * What Unstuck found about one namespace.
 *
 * @param verdict     one line a person reads first ("namespace dev has been terminating for 180 min: stuck")
 * @param causes      ordered, most fundamental last
 * @param plan        the repairs that unblock this namespace; empty when none is proposed
 * @param auditPlan   optional repairs found by the cluster-wide audit that do not block this namespace
 */
public record Diagnosis(String namespace, NamespaceState state, String verdict, List<Cause> causes,
                        List<PlanStep> plan, List<PlanStep> auditPlan) {
    public Diagnosis {
        causes = List.copyOf(causes);
        plan = List.copyOf(plan);
        auditPlan = List.copyOf(auditPlan);
    }

    public boolean hasCause(CauseKind kind) {
        return causes.stream().anyMatch(c -> c.kind() == kind);
    }
}
