package dev.unstuck.report;

import dev.unstuck.chain.CauseChain;
import dev.unstuck.chain.ChainLink;
import dev.unstuck.chain.ChainSnapshot;
import dev.unstuck.chat.ChatUser;
import dev.unstuck.chat.Conversation;
import dev.unstuck.cloud.RouteEntryRepair;
import dev.unstuck.diagnosis.Cause;
import dev.unstuck.diagnosis.Diagnosis;
import dev.unstuck.remediation.PlanFingerprint;
import dev.unstuck.remediation.PlanStep;
import dev.unstuck.remediation.RemediationAction;
import dev.unstuck.workflow.PhaseTiming;
import dev.unstuck.workflow.RemediationMessages;
import dev.unstuck.workflow.RemediationPhase;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static dev.unstuck.report.Markdown.cell;
import static dev.unstuck.report.Markdown.code;
import static dev.unstuck.report.Markdown.dateTime;
import static dev.unstuck.report.Markdown.duration;
import static dev.unstuck.report.Markdown.quote;
import static dev.unstuck.report.Markdown.time;

/**
 * The post-incident report of one remediation run, in Markdown, from its history alone: the same history always
 * gives the same text (times are the events', in UTC), so a report can be checked against Temporal later
 * ({@link ReportCheck}). It ends with the digest of the history it was built from.
 */
public final class IncidentReport {
    /** The last line's prefix; {@link ReportCheck} reads the digest back from it. */
    public static final String DIGEST_LINE = "History digest: sha256 ";

    private IncidentReport() {
    }

    public static String markdown(RunRecord r) {
        StringBuilder md = new StringBuilder();
        header(r, md);
        impact(r, md);
        causes(r, md);
        timeline(r, md);
        decisions(r, md);
        changes(r, md);
        verification(r, md);
        phases(r, md);
        followUps(r, md);
        md.append("---\n\n").append(DIGEST_LINE).append(code(r.digest().sha256())).append(" over events 1-")
                .append(r.digest().events()).append(" of run ").append(code(r.runId())).append(" of ")
                .append(code(r.workflowId())).append(". Check it with `unstuck report --verify FILE`.\n\n")
                .append(new ReportCheck.Source(r.workflowId(), r.runId(), r.digest().events(), r.digest().sha256())
                        .trailer()).append('\n');
        return md.toString();
    }

    private static void header(RunRecord r, StringBuilder md) {
        if (r.repairsNodeRoutes()) {
            md.append("# Incident report: nodes without their VPC route on ").append(code(r.cluster()))
                    .append("\n\n");
        } else {
            md.append("# Incident report: namespace ").append(code(r.namespace())).append(" stuck in Terminating on ")
                    .append(code(r.cluster())).append("\n\n");
        }
        md.append("**").append(outcome(r)).append("**");
        if (r.summary() != null) {
            md.append(": ").append(r.summary().message());
        }
        md.append("\n\n| | |\n| --- | --- |\n");
        md.append("| Remediation | ").append(code(r.workflowId())).append(", run ").append(code(r.runId())).append(" |\n");
        md.append("| Requested | ").append(dateTime(r.requestedAt())).append(" by ").append(cell(who(r.requester())))
                .append(" in ").append(cell(where(r.conversation()))).append(" |\n");
        RunRecord.Attempt approval = r.approval();
        md.append("| Approved | ").append(approval == null ? "no" : cell(who(approval.user())) + ", "
                + dateTime(approval.at())).append(" |\n");
        md.append("| Ended | ").append(r.endedAt() == null ? "still running" : dateTime(r.endedAt()) + ", "
                + duration(Duration.between(r.requestedAt(), r.endedAt())) + " after the request").append(" |\n\n");
    }

    private static String outcome(RunRecord r) {
        if (r.summary() != null) {
            RemediationPhase p = r.summary().outcome();
            String label = RemediationMessages.label(p);
            return p.name() + (label.equalsIgnoreCase(p.name().replace('_', ' ')) ? "" : " (" + label + ")");
        }
        return r.finished() ? "ENDED WITHOUT A SUMMARY (" + r.closed() + ")" : "IN PROGRESS";
    }

    private static void impact(RunRecord r, StringBuilder md) {
        md.append("## Impact\n\n");
        Diagnosis first = r.diagnoses().isEmpty() ? null : r.diagnoses().get(0).diagnosis();
        if (r.repairsNodeRoutes()) {
            if (first == null) {
                md.append("- The run ended before the route audit of ").append(code(r.cluster())).append(" ran.\n\n");
                return;
            }
            md.append("- The route audit of ").append(code(r.cluster())).append(" (").append(dateTime(
                    r.diagnoses().get(0).at())).append(") found: ").append(first.verdict()).append(".\n");
            first.causes().forEach(c -> md.append("- ").append(c.kind()).append(": ").append(c.summary())
                    .append("\n"));
            md.append("- Pods on those nodes cannot be reached from the control plane: an aggregated API served there"
                    + " fails its discovery check, and namespaces being deleted get stuck on it.\n\n");
            return;
        }
        if (first == null) {
            md.append("- The run ended before it could diagnose namespace ").append(code(r.namespace())).append(".\n\n");
            return;
        }
        md.append("- Namespace ").append(code(r.namespace())).append(" on ").append(code(r.cluster())).append(" was ")
                .append(first.state()).append(": \"").append(first.verdict()).append("\" (first diagnosis, ")
                .append(dateTime(r.diagnoses().get(0).at())).append(").\n");
        ChainSnapshot chain = firstChain(r);
        if (chain != null && chain.terminatingSince() != null) {
            md.append("- Its deletion began ").append(dateTime(Instant.parse(chain.terminatingSince()))).append(".\n");
        }
        if (chain == null) {
            md.append("- Other namespaces held by the same APIService: not recorded (this run predates the recorded"
                    + " cause chain).\n");
        } else if (chain.apiServices().isEmpty()) {
            md.append("- No APIService was blamed, so no other namespace was looked at.\n");
        } else {
            md.append("- Other namespaces being deleted whose discovery failed on the same APIService (")
                    .append(String.join(", ", chain.apiServices().stream().map(Markdown::code).toList())).append("): ")
                    .append(chain.alsoBlocked().isEmpty() ? "none"
                            : String.join(", ", chain.alsoBlocked().stream().map(Markdown::code).toList()))
                    .append(".\n");
        }
        md.append('\n');
    }

    private static ChainSnapshot firstChain(RunRecord r) {
        return r.chains().isEmpty() ? null : r.chains().get(0).snapshot();
    }

    private static void causes(RunRecord r, StringBuilder md) {
        Diagnosis d = r.actedOn();
        if (d == null || d.causes().isEmpty()) {
            return;
        }
        Instant at = r.diagnoses().stream().filter(x -> x.diagnosis() == d).findFirst().map(RunRecord.Diagnosed::at)
                .orElse(null);
        md.append("## Cause chain\n\nAs diagnosed at ").append(dateTime(at)).append(", most fundamental last:\n\n");
        int n = 1;
        for (Cause c : d.causes()) {
            md.append(n++).append(". **").append(c.kind()).append("**: ").append(c.summary()).append("\n");
            for (String line : c.evidence()) {
                md.append("   ").append(quote(line)).append("\n");
            }
            md.append('\n');
        }
        if (!d.unresolved().isEmpty()) {
            md.append("What the plan does not repair: ").append(String.join("; ", d.unresolved().stream()
                    .map(c -> c.kind() + " (" + c.summary() + ")").toList())).append(".\n\n");
        }
        ChainSnapshot chain = r.chains().isEmpty() ? null : r.chains().get(r.chains().size() - 1).snapshot();
        if (chain == null) {
            return;
        }
        md.append("Link by link, as recorded right after that diagnosis:\n\n| link | object | state | detail |\n"
                + "| --- | --- | --- | --- |\n");
        for (CauseChain c : chain.chains()) {
            for (ChainLink l : c.links()) {
                md.append("| ").append(l.kind().name().toLowerCase().replace('_', ' ')).append(" | ")
                        .append(code(l.name())).append(" | ").append(l.state()).append(" | ").append(cell(l.detail()))
                        .append(" |\n");
            }
        }
        md.append('\n');
    }

    private static void timeline(RunRecord r, StringBuilder md) {
        List<Line> lines = new ArrayList<>();
        lines.add(new Line(r.requestedAt(), who(r.requester()), "asked for the remediation of " + r.namespace()
                + " on " + r.cluster() + " in " + where(r.conversation())));
        joinedOthers(r).forEach(j -> lines.add(new Line(j.at(), who(j.who()), "asked about the same namespace in "
                + where(j.where()) + " and follows this run")));
        String shown = null;
        for (RunRecord.Diagnosed d : r.diagnoses()) {
            Diagnosis x = d.diagnosis();
            String plan = x.plan().isEmpty() ? "no plan" : "plan " + PlanFingerprint.of(x.plan())
                    + " of " + x.plan().size() + " step(s)";
            String again = shown == null || x.plan().isEmpty() ? ""
                    : shown.equals(PlanFingerprint.of(x.plan())) ? " (the same plan)"
                    : " (the plan changed)";
            lines.add(new Line(d.at(), "unstuck", (shown == null ? "diagnosed: " : "diagnosed again: ") + x.state()
                    + ", " + x.causes().size() + " cause(s), " + plan + again));
            if (!x.plan().isEmpty()) {
                shown = PlanFingerprint.of(x.plan());
            }
        }
        r.chains().forEach(c -> lines.add(new Line(c.at(), "unstuck", "recorded the cause chain: "
                + brokenLinks(c.snapshot()))));
        for (RunRecord.Attempt a : r.attempts()) {
            lines.add(new Line(a.at(), who(a.user()), clicked(a) + ": " + a.verdict() + " (" + a.reason() + ")"));
        }
        for (RunRecord.StepAt s : r.steps()) {
            lines.add(new Line(s.at(), "unstuck", "step " + s.number() + ": " + (s.result() != null
                    ? s.result().status() + ", " + s.result().message() : "failed: " + s.failure())
                    + (s.attempt() > 1 ? " (attempt " + s.attempt() + ")" : "")));
        }
        RunRecord.Verification v = r.verification();
        if (v.availableAt() != null) {
            lines.add(new Line(v.availableAt(), "cluster", "APIService " + String.join(", ", v.apiServices())
                    + " Available"));
        }
        if (v.namespaceGoneAt() != null) {
            lines.add(new Line(v.namespaceGoneAt(), "cluster", "namespace " + r.namespace() + " gone"));
        }
        r.notes().forEach(n -> lines.add(new Line(n.at(), "unstuck", n.what())));
        if (r.endedAt() != null) {
            lines.add(new Line(r.endedAt(), "unstuck", "ended: " + outcome(r)));
        }
        lines.sort(Comparator.comparing(Line::at));
        boolean oneDay = lines.stream().allMatch(l -> Markdown.sameDay(l.at(), r.requestedAt()));
        md.append("## Timeline (UTC").append(oneDay ? ", " + Markdown.day(r.requestedAt()) : "").append(")\n\n")
                .append("| time | who | what |\n| --- | --- | --- |\n");
        for (Line l : lines) {
            md.append("| ").append(oneDay ? time(l.at()) : dateTime(l.at())).append(" | ").append(cell(l.who()))
                    .append(" | ").append(cell(l.what())).append(" |\n");
        }
        md.append('\n');
    }

    private record Line(Instant at, String who, String what) {
    }

    private static String brokenLinks(ChainSnapshot s) {
        List<String> broken = s.chains().stream().flatMap(c -> c.links().stream()).filter(ChainLink::broken)
                .map(l -> l.kind().name().toLowerCase().replace('_', ' ') + " " + l.name()).distinct().toList();
        return broken.isEmpty() ? "no broken link" : "broken: " + String.join(", ", broken);
    }

    private static String clicked(RunRecord.Attempt a) {
        String what = a.decision().name().toLowerCase();
        if (a.clicks() > 1 || a.planFingerprint() == null) {
            return what;
        }
        return what + " plan " + a.planFingerprint();
    }

    private static void decisions(RunRecord r, StringBuilder md) {
        md.append("## Decisions\n\n");
        md.append("- Requested by ").append(who(r.requester()));
        joinedOthers(r).stream().map(j -> who(j.who())).distinct().filter(w -> !w.equals(who(r.requester())))
                .forEach(w -> md.append(", also asked by ").append(w));
        md.append(".\n");
        md.append("- Approvers on ").append(code(r.cluster())).append(": roles ").append(r.policy().approverRoles())
                .append(r.policy().approvers().isEmpty() ? "" : ", people " + r.policy().approvers())
                .append("; four-eyes ").append(r.policy().fourEyes() ? "on" : "off").append(".\n");
        RunRecord.Attempt accepted = r.attempts().stream().filter(a -> !a.refused()).reduce((a, b) -> b).orElse(null);
        md.append("- ").append(accepted == null ? "Nobody approved or rejected the plan."
                : (accepted.verdict().name().equals("APPROVED") ? "Approved by " : "Rejected by ")
                + who(accepted.user()) + " at " + dateTime(accepted.at()) + (accepted.planFingerprint() == null ? ""
                : " (plan " + accepted.planFingerprint() + ")") + ".").append('\n');
        List<RunRecord.Attempt> refused = r.attempts().stream().filter(RunRecord.Attempt::refused).toList();
        if (refused.isEmpty()) {
            md.append("- No attempt was refused.\n\n");
            return;
        }
        md.append("\nRefused attempts:\n\n| time | who | clicked | verdict | why |\n| --- | --- | --- | --- | --- |\n");
        for (RunRecord.Attempt a : refused) {
            md.append("| ").append(time(a.at())).append(" | ").append(cell(who(a.user()))).append(" | ")
                    .append(cell(clicked(a))).append(" | ").append(a.verdict()).append(" | ").append(cell(a.reason()))
                    .append(" |\n");
        }
        md.append('\n');
    }

    private static void changes(RunRecord r, StringBuilder md) {
        md.append("## What was changed\n\n");
        if (r.steps().isEmpty()) {
            Diagnosis d = r.actedOn();
            md.append("Nothing: no step was executed");
            if (d != null && !d.plan().isEmpty()) {
                md.append(". The plan that was proposed:\n\n");
                for (PlanStep s : d.plan()) {
                    md.append("- ").append(code(s.describe()))
                            .append(s.preflight() == null ? "" : ", " + s.preflight().describe()).append('\n');
                }
                md.append('\n');
            } else {
                md.append(".\n\n");
            }
            return;
        }
        md.append("| step | result | route entry | route table | route | description | pre-flight |\n"
                + "| --- | --- | --- | --- | --- | --- | --- |\n");
        Diagnosis d = r.actedOn();
        for (RunRecord.StepAt s : r.steps()) {
            PlanStep planned = d == null ? null : d.plan().stream().filter(p -> p.describe().equals(s.step()
                    .describe())).findFirst().orElse(null);
            PlanStep step = s.step();
            boolean route = step.action() == RemediationAction.CREATE_ROUTE_ENTRY;
            md.append("| ").append(s.number()).append(". ").append(step.action()).append(" | ")
                    .append(cell(s.result() != null ? s.result().status().name() : "FAILED: " + s.failure()))
                    .append(" | ").append(code(s.result() == null ? null : s.result().routeEntryId())).append(" | ")
                    .append(route ? code(step.parameter("routeTableId")) : "-").append(" | ")
                    .append(route ? cell(step.parameter("destinationCidrBlock") + " -> " + step.parameter("nextHopId"))
                            : cell(step.describe())).append(" | ")
                    .append(route && s.result() != null && s.result().succeeded()
                            ? code(RouteEntryRepair.description(r.workflowId(), r.runId())) : "-")
                    .append(" | ").append(cell(planned == null || planned.preflight() == null ? "not recorded"
                            : planned.preflight().describe())).append(" |\n");
        }
        md.append('\n');
    }

    private static void verification(RunRecord r, StringBuilder md) {
        md.append("## Verification\n\n");
        RunRecord.Verification v = r.verification();
        Instant written = r.steps().stream().filter(s -> s.result() != null && s.result().succeeded())
                .map(RunRecord.StepAt::at).reduce((a, b) -> b).orElse(null);
        if (r.steps().isEmpty()) {
            md.append("Nothing was repaired, so nothing was verified.\n\n");
            return;
        }
        if (r.repairsNodeRoutes()) {
            Diagnosis last = r.diagnoses().get(r.diagnoses().size() - 1).diagnosis();
            md.append("- The route audit after the steps, ").append(dateTime(r.diagnoses()
                    .get(r.diagnoses().size() - 1).at())).append(": ").append(last.verdict()).append(".\n\n");
            return;
        }
        if (v.availableAt() != null) {
            md.append("- APIService ").append(String.join(", ", v.apiServices().stream().map(Markdown::code).toList()))
                    .append(" Available at ").append(dateTime(v.availableAt()))
                    .append(written == null ? "" : ", " + duration(Duration.between(written, v.availableAt()))
                            + " after the last write").append(".\n");
        } else if (!v.stillUnavailable().isEmpty()) {
            md.append("- Still not Available when the watch gave up: ").append(String.join("; ", v.stillUnavailable()))
                    .append(".\n");
        } else {
            md.append("- No APIService was seen becoming Available.\n");
        }
        md.append("- Namespace ").append(code(r.namespace())).append(v.namespaceGoneAt() == null
                ? " was not seen gone by the end of the run" : " gone at " + dateTime(v.namespaceGoneAt())).append(".\n\n");
    }

    private static void phases(RunRecord r, StringBuilder md) {
        if (r.summary() == null) {
            return;
        }
        md.append("## Time per phase\n\n| phase | time |\n| --- | --- |\n");
        for (PhaseTiming t : r.summary().timings()) {
            if (t.phase().isFinal()) {
                continue;
            }
            md.append("| ").append(RemediationMessages.label(t.phase())).append(" | ")
                    .append(duration(Duration.ofMillis(t.durationMillis()))).append(" |\n");
        }
        md.append('\n');
    }

    private static void followUps(RunRecord r, StringBuilder md) {
        List<String> items = FollowUps.of(r);
        md.append("## Follow-ups\n\n");
        if (items.isEmpty()) {
            md.append("None found in the record.\n\n");
            return;
        }
        items.forEach(i -> md.append("- ").append(i).append('\n'));
        md.append('\n');
    }

    static String who(ChatUser u) {
        if (u == null) {
            return "-";
        }
        return u.displayName() + " (" + u.id() + (u.person() == null ? "" : ", person " + u.person()) + ")";
    }

    /** Joins other than the request itself (every request is sent as a join, the first one too). */
    private static List<RunRecord.Joined> joinedOthers(RunRecord r) {
        return r.joined().stream().filter(j -> !(j.who().identity().equals(r.requester().identity())
                && j.where().adapter().equals(r.conversation().adapter())
                && j.where().conversationId().equals(r.conversation().conversationId()))).toList();
    }

    private static String where(Conversation c) {
        return c == null ? "-" : c.adapter() + " " + c.conversationId();
    }
}
