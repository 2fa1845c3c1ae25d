package dev.unstuck.workflow;

import dev.unstuck.diagnosis.Cause;
import dev.unstuck.diagnosis.CauseKind;
import dev.unstuck.diagnosis.Diagnosis;
import dev.unstuck.remediation.PlanStep;
import dev.unstuck.remediation.RemediationAction;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Which APIServices a repair must bring back: pure, so the workflow can call it. */
public final class VerifyTargets {
    // The engine's APISERVICE_UNAVAILABLE summaries always begin "APIService <name> is not Available".
    private static final Pattern NAMED = Pattern.compile("^APIService (\\S+) is not Available");

    private VerifyTargets() {
    }

    /** Unavailable APIServices of the diagnosis, minus those the plan deletes (they are meant to go away). */
    public static List<String> apiServices(Diagnosis diagnosis) {
        Set<String> deleted = diagnosis.plan().stream()
                .filter(s -> s.action() == RemediationAction.DELETE_APISERVICE)
                .map(s -> s.parameter("apiService")).collect(Collectors.toSet());
        List<String> names = new ArrayList<>();
        for (Cause c : diagnosis.causes()) {
            if (c.kind() != CauseKind.APISERVICE_UNAVAILABLE) {
                continue;
            }
            Matcher m = NAMED.matcher(c.summary());
            if (m.find() && !deleted.contains(m.group(1)) && !names.contains(m.group(1))) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** One line per change a succeeded step made (or found already made), naming route entry ids. */
    public static String change(dev.unstuck.remediation.StepResult r) {
        PlanStep s = r.step();
        return switch (r.status()) {
            case CREATED -> "created route entry " + r.routeEntryId() + ": " + route(s);
            case ALREADY_PRESENT -> "route " + route(s) + " was already present as " + r.routeEntryId()
                    + " (nothing written)";
            case DELETED -> r.message();
            default -> r.status() + " " + s.describe() + ": " + r.message();
        };
    }

    private static String route(PlanStep s) {
        return s.parameter("destinationCidrBlock") + " -> " + s.parameter("nextHopId") + " in "
                + s.parameter("routeTableId");
    }
}
