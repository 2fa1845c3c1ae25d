package dev.unstuck.remediation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One proposed repair with its parameters, in a stable order so that plan fingerprints are reproducible.
 *
 * @param preflight what a dry run of the step said, or null when it was not checked. It is deliberately not part of
 *                  {@link #describe()} and so not of the plan's fingerprint: a check that was throttled once must not
 *                  make an approval stale.
 */
public record PlanStep(RemediationAction action, Map<String, String> parameters, Preflight preflight) {
    public PlanStep {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    public PlanStep(RemediationAction action, Map<String, String> parameters) {
        this(action, parameters, null);
    }

    public PlanStep withPreflight(Preflight checked) {
        return new PlanStep(action, parameters, checked);
    }

    public String parameter(String name) {
        return parameters.get(name);
    }

    /** "CREATE_ROUTE_ENTRY routeTableId=vtb-1 destinationCidrBlock=172.16.1.0/24 ..." */
    public String describe() {
        StringBuilder sb = new StringBuilder(action.name());
        parameters.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
        return sb.toString();
    }
}
