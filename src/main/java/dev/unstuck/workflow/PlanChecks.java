package dev.unstuck.workflow;

import dev.unstuck.diagnosis.Cause;
import dev.unstuck.diagnosis.Diagnosis;
import dev.unstuck.remediation.PlanStep;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** What a plan's pre-flight and its unresolved causes say, worded once for the workflow, chat and the CLI. */
public final class PlanChecks {
    private PlanChecks() {
    }

    /** "step 1 (CREATE_ROUTE_ENTRY ...): pre-flight: WOULD FAIL: QuotaExceeded: ..." per step that cannot succeed. */
    public static List<String> failingPreflights(List<PlanStep> plan) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < plan.size(); i++) {
            PlanStep step = plan.get(i);
            if (step.preflight() != null && step.preflight().wouldFail()) {
                out.add("step " + (i + 1) + " (" + step.describe() + "): " + step.preflight().describe());
            }
        }
        return out;
    }

    /**
     * The outcome of a plan that did its part while the namespace still waits on causes no step addresses, e.g.
     * "restored route 172.16.1.0/24 -> i-node2 in vtb-hz001 and metrics.k8s.io/v1beta1 is served again; namespace
     * ml-jobs still waits on: CONTENT_REMAINING: ... A person must decide on these."
     */
    public static String partial(String namespace, List<String> changes, List<String> recovered, Diagnosis after) {
        StringBuilder sb = new StringBuilder();
        sb.append(changes.isEmpty() ? "the plan changed nothing" : String.join("; ", changes));
        if (!recovered.isEmpty()) {
            sb.append("; APIService ").append(String.join(", ", recovered)).append(" is Available again");
        }
        sb.append(". Namespace ").append(namespace).append(" still waits on: ")
                .append(after.unresolved().stream().map(Cause::summary).collect(Collectors.joining("; ")))
                .append(". Unstuck has no repair for these: a person must decide.");
        return sb.toString();
    }
}
