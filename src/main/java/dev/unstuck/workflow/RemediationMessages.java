package dev.unstuck.workflow;

import dev.unstuck.chat.ButtonStyle;
import dev.unstuck.chat.ChatButton;
import dev.unstuck.chat.ChatField;
import dev.unstuck.chat.ChatMessage;
import dev.unstuck.chat.ChatUser;
import dev.unstuck.chat.PhaseLine;
import dev.unstuck.chat.PhaseMark;
import dev.unstuck.diagnosis.Cause;
import dev.unstuck.diagnosis.Diagnosis;
import dev.unstuck.remediation.PlanStep;
import dev.unstuck.remediation.StepResult;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Draws a remediation as chat-neutral messages. Pure and deterministic (no clock, no I/O): the workflow calls it,
 * and the same state always gives the same message, so replays draw what the original run drew.
 */
public final class RemediationMessages {
    private static final List<RemediationPhase> STAGES = List.of(RemediationPhase.DIAGNOSING,
            RemediationPhase.AWAITING_APPROVAL, RemediationPhase.REPAIRING, RemediationPhase.VERIFYING_APISERVICE,
            RemediationPhase.WAITING_FOR_NAMESPACE);
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private RemediationMessages() {
    }

    public static String label(RemediationPhase p) {
        return switch (p) {
            case DIAGNOSING -> "diagnosing";
            case AWAITING_APPROVAL -> "awaiting approval";
            case REPAIRING -> "repairing";
            case VERIFYING_APISERVICE -> "verifying APIService";
            case WAITING_FOR_NAMESPACE -> "waiting for namespace deletion";
            case DONE -> "done";
            case NOTHING_TO_DO -> "nothing to do";
            case FAILED -> "failed";
            case EXPIRED -> "expired";
            case REJECTED -> "rejected";
            case PARTIAL -> "partly repaired";
        };
    }

    /** The live message: checklist, cause chain with evidence, plan, decisions, and the buttons while they apply. */
    public static ChatMessage live(RemediationStatus s) {
        Diagnosis d = s.diagnosis();
        String title = subject(s.namespace()) + " on " + s.cluster() + ": " + label(s.phase());
        String summary = s.outcome() != null && s.phase().isFinal() ? s.outcome()
                : d != null ? d.verdict() : RemediationIds.isNodeRoutes(s.namespace())
                ? "Auditing every node's VPC route..." : "Diagnosing why namespace " + s.namespace()
                + " is not going away...";

        List<ChatField> fields = new ArrayList<>();
        if (d != null) {
            int i = 1;
            for (Cause c : d.causes()) {
                fields.add(new ChatField(i++ + ". " + c.kind(), c.summary() + c.evidence().stream()
                        .map(e -> "\n- " + e).collect(Collectors.joining())));
            }
            if (!d.plan().isEmpty()) {
                fields.add(new ChatField("Plan " + s.planFingerprint(), plan(d.plan())));
                List<String> failing = PlanChecks.failingPreflights(d.plan());
                if (!failing.isEmpty()) {
                    fields.add(new ChatField("This plan will not succeed", String.join("\n", failing)));
                }
                if (!d.unresolved().isEmpty()) {
                    fields.add(new ChatField("After this plan the namespace will still wait on",
                            d.unresolved().stream().map(c -> "- " + c.kind() + ": " + c.summary())
                                    .collect(Collectors.joining("\n"))));
                }
            }
        }
        fields.add(new ChatField("Requested by", s.requesters().stream().map(ChatUser::displayName)
                .collect(Collectors.joining(", "))));
        if (!s.decisions().isEmpty()) {
            fields.add(new ChatField("Decisions", s.decisions().stream()
                    .map(r -> time(r.atMillis()) + " " + r.user().displayName() + " " + r.decision().name()
                            .toLowerCase() + ": " + r.verdict() + " (" + r.reason() + ")")
                    .collect(Collectors.joining("\n"))));
        }
        if (!s.steps().isEmpty()) {
            fields.add(new ChatField("Executed", s.steps().stream().map(RemediationMessages::step)
                    .collect(Collectors.joining("\n"))));
        }
        if (s.laterDiagnosis() != null) {
            fields.add(new ChatField("Diagnosed again", s.laterDiagnosis().verdict() + s.laterDiagnosis().causes()
                    .stream().map(c -> "\n- " + c.kind() + ": " + c.summary()).collect(Collectors.joining())));
        }

        List<ChatButton> buttons = new ArrayList<>();
        boolean asked = s.timings().stream().anyMatch(t -> t.phase() == RemediationPhase.AWAITING_APPROVAL);
        if (s.planFingerprint() != null && asked && s.phase() != RemediationPhase.DIAGNOSING) {
            // Once decided (or expired) the buttons stay, disabled, so the message shows there was a choice and it
            // is over; the Decisions field says who made it and when.
            boolean open = s.phase() == RemediationPhase.AWAITING_APPROVAL;
            buttons.add(new ChatButton(RemediationIds.approveButton(s.workflowId(), s.runTag(),
                    s.planFingerprint()), "Approve", ButtonStyle.SUCCESS, !open));
            buttons.add(new ChatButton(RemediationIds.rejectButton(s.workflowId(), s.runTag(),
                    s.planFingerprint()), "Reject", ButtonStyle.DANGER, !open));
        }
        buttons.add(new ChatButton(RemediationIds.detailsButton(s.workflowId()), "Details", ButtonStyle.SECONDARY,
                false));
        String footer = s.workflowId() + (s.planFingerprint() == null ? "" : " | plan " + s.planFingerprint());
        return new ChatMessage(title, summary, checklist(s), fields, buttons, footer);
    }

    /** The closing report: causes, who approved, what changed, how long each phase took. */
    public static ChatMessage summary(RemediationSummary s) {
        List<ChatField> fields = new ArrayList<>();
        if (!s.causes().isEmpty()) {
            fields.add(new ChatField("Causes", s.causes().stream().map(c -> "- " + c)
                    .collect(Collectors.joining("\n"))));
        }
        fields.add(new ChatField("Approved by", s.approvedBy() == null ? "nobody" : s.approvedBy()));
        fields.add(new ChatField("Changed", s.changes().isEmpty() ? "nothing"
                : s.changes().stream().map(c -> "- " + c).collect(Collectors.joining("\n"))));
        fields.add(new ChatField("Timings", s.timings().stream().filter(t -> !t.phase().isFinal())
                .map(t -> label(t.phase()) + ": " + duration(t.durationMillis())).collect(Collectors.joining("\n"))));
        return new ChatMessage(subject(s.namespace()) + " on " + s.cluster() + ": " + label(s.outcome()),
                s.message(), List.of(), fields, List.of(), s.workflowId());
    }

    /** "Namespace dev", or "Node routes" for the repair of what the route audit found. */
    public static String subject(String namespace) {
        return RemediationIds.isNodeRoutes(namespace) ? "Node routes" : "Namespace " + namespace;
    }

    private static List<PhaseLine> checklist(RemediationStatus s) {
        boolean ended = s.phase().isFinal();
        RemediationPhase stoppedIn = s.phase();
        if (ended) {
            stoppedIn = RemediationPhase.DIAGNOSING;
            for (PhaseTiming t : s.timings()) {
                if (!t.phase().isFinal()) {
                    stoppedIn = t.phase();
                }
            }
        }
        int at = STAGES.indexOf(stoppedIn);
        List<PhaseLine> lines = new ArrayList<>();
        for (int i = 0; i < STAGES.size(); i++) {
            RemediationPhase stage = STAGES.get(i);
            PhaseMark mark;
            if (i < at) {
                mark = PhaseMark.DONE;
            } else if (i > at) {
                mark = ended ? PhaseMark.SKIPPED : PhaseMark.PENDING;
            } else if (!ended) {
                mark = PhaseMark.ACTIVE;
            } else {
                mark = switch (s.phase()) {
                    case DONE, NOTHING_TO_DO, REJECTED -> PhaseMark.DONE;
                    default -> PhaseMark.FAILED;
                };
            }
            lines.add(new PhaseLine(label(stage), mark, detail(s, stage, mark)));
        }
        PhaseMark last = switch (s.phase()) {
            case DONE, NOTHING_TO_DO -> PhaseMark.DONE;
            case FAILED, EXPIRED, REJECTED, PARTIAL -> PhaseMark.FAILED;
            default -> PhaseMark.PENDING;
        };
        lines.add(new PhaseLine(ended ? label(s.phase()) : "done", last, null));
        return lines;
    }

    private static String detail(RemediationStatus s, RemediationPhase stage, PhaseMark mark) {
        if (mark == PhaseMark.PENDING || mark == PhaseMark.SKIPPED) {
            return null;
        }
        if (stage == RemediationPhase.AWAITING_APPROVAL && mark == PhaseMark.ACTIVE) {
            return "until " + time(s.approvalDeadlineMillis());
        }
        // Real controllers are not instant; say so, or people take a minute of silence for a hang.
        if (stage == RemediationPhase.VERIFYING_APISERVICE && mark == PhaseMark.ACTIVE) {
            return "the aggregator re-checks APIServices every 30 s";
        }
        if (stage == RemediationPhase.WAITING_FOR_NAMESPACE && mark == PhaseMark.ACTIVE) {
            return "the namespace controller retries at most every 60 s";
        }
        long total = s.timings().stream().filter(t -> t.phase() == stage).mapToLong(PhaseTiming::durationMillis)
                .sum();
        return mark == PhaseMark.ACTIVE ? null : duration(total);
    }

    private static String plan(List<PlanStep> plan) {
        StringBuilder sb = new StringBuilder();
        int i = 1;
        for (PlanStep step : plan) {
            sb.append(i == 1 ? "" : "\n").append(i++).append(". ").append(step.describe());
            if (step.preflight() != null) {
                sb.append("\n   ").append(step.preflight().describe());
            }
        }
        return sb.toString();
    }

    private static String step(StepResult r) {
        return "[" + r.status() + "] " + (r.succeeded() ? VerifyTargets.change(r) : r.message());
    }

    private static String time(long millis) {
        return HH_MM.format(Instant.ofEpochMilli(millis));
    }

    static String duration(long millis) {
        if (millis < 1000) {
            return millis + " ms";
        }
        long s = millis / 1000;
        return s < 120 ? String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0) : (s / 60) + " min " + (s % 60) + " s";
    }
}
