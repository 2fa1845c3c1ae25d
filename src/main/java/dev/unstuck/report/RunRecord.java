package dev.unstuck.report;

import dev.unstuck.chain.ChainSnapshot;
import dev.unstuck.chat.ChatUser;
import dev.unstuck.chat.Conversation;
import dev.unstuck.diagnosis.Diagnosis;
import dev.unstuck.remediation.PlanStep;
import dev.unstuck.remediation.StepResult;
import dev.unstuck.workflow.Decision;
import dev.unstuck.workflow.DecisionVerdict;
import dev.unstuck.workflow.RemediationPolicy;
import dev.unstuck.workflow.RemediationSummary;

import java.time.Instant;
import java.util.List;

/**
 * What the history of one remediation run says, read from its events alone (times are the events' own, UTC): the
 * request, every diagnosis and recorded cause chain, every decision attempt, every step, the verification and the
 * result. Everything a report or a picture needs; nothing here comes from a live cluster or a worker's memory.
 *
 * @param summary null while the run has not completed (or when it failed, timed out or was terminated)
 * @param closed  how the run ended as Temporal says it: COMPLETED, FAILED, TIMED_OUT, TERMINATED, CANCELED,
 *                CONTINUED_AS_NEW, or RUNNING; ENDING while it sends its report (the outcome is decided, the
 *                summary known, the run not completed yet)
 */
public record RunRecord(String workflowId, String runId, String cluster, String namespace, Instant requestedAt,
                        ChatUser requester, Conversation conversation, RemediationPolicy policy, List<Joined> joined,
                        List<Diagnosed> diagnoses, List<ChainAt> chains, List<Attempt> attempts, List<StepAt> steps,
                        Verification verification, List<Note> notes, RemediationSummary summary, Instant endedAt,
                        String closed, HistoryDigest digest) {
    public RunRecord {
        joined = List.copyOf(joined);
        diagnoses = List.copyOf(diagnoses);
        chains = List.copyOf(chains);
        attempts = List.copyOf(attempts);
        steps = List.copyOf(steps);
        notes = List.copyOf(notes);
    }

    /** A repair of the node routes the route audit found missing (started from a routes card), not of a namespace. */
    public boolean repairsNodeRoutes() {
        return dev.unstuck.workflow.RemediationIds.NODE_ROUTES.equals(namespace);
    }

    public boolean finished() {
        return !"RUNNING".equals(closed);
    }

    /** The diagnosis the plan acted on: the last one that found the namespace stuck, else the first. */
    public Diagnosis actedOn() {
        return diagnoses.stream().map(Diagnosed::diagnosis).filter(d -> !d.plan().isEmpty()).reduce((a, b) -> b)
                .or(() -> diagnoses.stream().map(Diagnosed::diagnosis).findFirst()).orElse(null);
    }

    /** The approval that let the plan run, if any. */
    public Attempt approval() {
        return attempts.stream().filter(a -> a.verdict() == DecisionVerdict.APPROVED).reduce((a, b) -> b).orElse(null);
    }

    /** Another person or conversation asking about the same namespace while the run was going. */
    public record Joined(Instant at, ChatUser who, Conversation where) {
    }

    public record Diagnosed(Instant at, Diagnosis diagnosis) {
    }

    /** A cause chain recorded right after a diagnosis. */
    public record ChainAt(Instant at, ChainSnapshot snapshot) {
    }

    /**
     * One click on Approve or Reject and how the workflow judged it; {@code clicks} counts a throttled flood (one
     * record for many clicks), 1 otherwise.
     */
    public record Attempt(Instant at, ChatUser user, Decision decision, String planFingerprint,
                          DecisionVerdict verdict, String reason, int clicks) {
        public boolean refused() {
            return verdict != DecisionVerdict.APPROVED && verdict != DecisionVerdict.REJECTED;
        }
    }

    /**
     * One plan step as executed: its result, or why it failed after {@code attempt} attempts.
     *
     * @param result null when the step failed (then {@code failure} says why)
     */
    public record StepAt(Instant at, int number, PlanStep step, StepResult result, String failure, int attempt) {
    }

    /**
     * @param apiServices         the APIServices watched until Available
     * @param availableAt         when the watch saw the last of them Available, null if it did not
     * @param stillUnavailable    those that were not, with their condition
     * @param namespaceGoneAt     when the namespace was seen gone, null if it was not
     */
    public record Verification(List<String> apiServices, Instant availableAt, List<String> stillUnavailable,
                               Instant namespaceGoneAt) {
        public Verification {
            apiServices = List.copyOf(apiServices);
            stillUnavailable = List.copyOf(stillUnavailable);
        }

        static final Verification NONE = new Verification(List.of(), null, List.of(), null);
    }

    /** Something the history shows that belongs in the timeline: a worker that stopped, a timer, a retry. */
    public record Note(Instant at, String what) {
    }
}
