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

/** Which APIServices a repair must bring back, and how a change is worded: pure, so the workflow can call it. */
public final class VerifyTargets {
    // Diagnoses recorded before they carried verifyApiServices only name them in their summaries, which always
    // begin "APIService <name> is not Available"; new runs read Diagnosis.verifyApiServices instead.
    private static final Pattern NAMED = Pattern.compile("^APIService (\\S+) is not Available");

    private VerifyTargets() {
    }

    /**
     * For replaying histories recorded before the diagnosis carried {@code verifyApiServices}: the unavailable
     * APIServices named in its causes, minus those the plan deletes (they are meant to go away).
     */
    static List<String> legacyApiServices(Diagnosis diagnosis) {
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
