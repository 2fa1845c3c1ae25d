package dev.unstuck.chain;

import dev.unstuck.diagnosis.CauseKind;
import dev.unstuck.remediation.PlanStep;
import dev.unstuck.remediation.StepResult;

import java.util.List;
import java.util.Set;

/**
 * What to draw: the namespace, the APIServices to follow (empty: those its discovery failure names), and what the
 * run knows about routes without asking the cloud again.
 *
 * @param plan      the diagnosis's plan: a route it creates is missing from the table it names
 * @param steps     the steps executed so far: a route they created exists
 * @param causeKinds the diagnosis's cause kinds, so links the cluster cannot show (a conflicting route, a backend
 *                  that answers with errors) are coloured as diagnosed; empty for the picture of now
 */
public record ChainQuery(String cluster, String namespace, List<String> apiServices, List<PlanStep> plan,
                         List<StepResult> steps, Set<CauseKind> causeKinds) {
    public ChainQuery {
        apiServices = apiServices == null ? List.of() : List.copyOf(apiServices);
        plan = plan == null ? List.of() : List.copyOf(plan);
        steps = steps == null ? List.of() : List.copyOf(steps);
        causeKinds = causeKinds == null ? Set.of() : Set.copyOf(causeKinds);
    }
}
