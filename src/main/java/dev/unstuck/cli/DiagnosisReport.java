package dev.unstuck.cli;

import dev.unstuck.diagnosis.Cause;
import dev.unstuck.diagnosis.Diagnosis;
import dev.unstuck.remediation.PlanStep;
import dev.unstuck.remediation.StepResult;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders a diagnosis (and a repair's results) for a person on a terminal, or as JSON for scripts. */
final class DiagnosisReport {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private DiagnosisReport() {
    }

    static String text(Diagnosis d) {
        StringBuilder sb = new StringBuilder();
        sb.append(d.state()).append(": ").append(d.verdict()).append('\n');
        if (!d.causes().isEmpty()) {
            sb.append("\nCause chain (most fundamental last):\n");
            int i = 1;
            for (Cause c : d.causes()) {
                sb.append(String.format("%2d. %s: %s%n", i++, c.kind(), c.summary()));
                for (String e : c.evidence()) {
                    sb.append("      - ").append(e).append('\n');
                }
            }
        }
        if (!d.plan().isEmpty()) {
            sb.append(d.unresolved().isEmpty() ? "\nProposed repair (unblocks the namespace):\n"
                    : "\nProposed repair (does NOT free the namespace by itself):\n");
            appendSteps(sb, d.plan());
            if (!d.unresolved().isEmpty()) {
                sb.append("\nAfter this plan the namespace will still wait on (a person must decide):\n");
                for (Cause c : d.unresolved()) {
                    sb.append("  - ").append(c.kind()).append(": ").append(c.summary()).append('\n');
                }
            }
        } else if (!d.causes().isEmpty()) {
            sb.append("\nNo automatic repair proposed: the causes above need a person.\n");
        }
        if (!d.auditPlan().isEmpty()) {
            sb.append("\nOptional repair (cluster-wide route audit):\n");
            appendSteps(sb, d.auditPlan());
        }
        return sb.toString();
    }

    private static void appendSteps(StringBuilder sb, List<PlanStep> steps) {
        int i = 1;
        for (PlanStep s : steps) {
            sb.append(String.format("%2d. %s%n", i++, s.describe()));
            if (s.preflight() != null) {
                sb.append("      ").append(s.preflight().describe()).append('\n');
            }
        }
    }

    static Map<String, Object> json(Diagnosis d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("namespace", d.namespace());
        m.put("state", d.state().name());
        m.put("verdict", d.verdict());
        m.put("causes", causes(d.causes()));
        m.put("plan", steps(d.plan()));
        m.put("unresolved", causes(d.unresolved()));
        m.put("auditPlan", steps(d.auditPlan()));
        return m;
    }

    static List<Map<String, Object>> causes(List<Cause> list) {
        List<Map<String, Object>> causes = new ArrayList<>();
        for (Cause c : list) {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("kind", c.kind().name());
            cm.put("summary", c.summary());
            cm.put("evidence", c.evidence());
            causes.add(cm);
        }
        return causes;
    }

    static List<Map<String, Object>> steps(List<PlanStep> steps) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (PlanStep s : steps) {
            Map<String, Object> sm = new LinkedHashMap<>();
            sm.put("action", s.action().name());
            sm.putAll(s.parameters());
            if (s.preflight() != null) {
                Map<String, Object> pm = new LinkedHashMap<>();
                pm.put("verdict", s.preflight().verdict().name());
                pm.put("code", s.preflight().code());
                pm.put("message", s.preflight().message());
                pm.put("customEntries", s.preflight().customEntries());
                pm.put("quota", s.preflight().quota());
                sm.put("preflight", pm);
            }
            out.add(sm);
        }
        return out;
    }

    static Map<String, Object> executed(StepResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("action", r.step().action().name());
        m.put("routeEntryId", r.routeEntryId());
        m.put("status", r.status().name());
        m.put("message", r.message());
        return m;
    }

    static String toJson(Object value) {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value);
    }
}
