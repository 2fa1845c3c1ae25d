package dev.unstuck.remediation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** One proposed repair with its parameters, in a stable order so that plan fingerprints are reproducible. */
public record PlanStep(RemediationAction action, Map<String, String> parameters) {
    public PlanStep {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
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
