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
 * @param unresolved  causes that hold the namespace and that no step of {@code plan} addresses: after the plan the
 *                    namespace will still wait on these, and a person must decide
 * @param verifyApiServices the APIServices the plan must bring back to Available (structured, so nothing has to be
 *                    read back out of a summary sentence)
 */
public record Diagnosis(String namespace, NamespaceState state, String verdict, List<Cause> causes,
                        List<PlanStep> plan, List<PlanStep> auditPlan, List<Cause> unresolved,
                        List<String> verifyApiServices) {
    public Diagnosis {
        causes = List.copyOf(causes);
        plan = List.copyOf(plan);
        auditPlan = List.copyOf(auditPlan);
        unresolved = unresolved == null ? List.of() : List.copyOf(unresolved);
        verifyApiServices = verifyApiServices == null ? List.of() : List.copyOf(verifyApiServices);
    }

    public Diagnosis(String namespace, NamespaceState state, String verdict, List<Cause> causes,
                     List<PlanStep> plan, List<PlanStep> auditPlan) {
        this(namespace, state, verdict, causes, plan, auditPlan, List.of(), List.of());
    }

    public boolean hasCause(CauseKind kind) {
        return causes.stream().anyMatch(c -> c.kind() == kind);
    }
}
