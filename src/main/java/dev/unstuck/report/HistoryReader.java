package dev.unstuck.report;

import dev.unstuck.chain.ChainSnapshot;
import dev.unstuck.diagnosis.Diagnosis;
import dev.unstuck.diagnosis.NamespaceState;
import dev.unstuck.remediation.PlanFingerprint;
import dev.unstuck.remediation.PlanStep;
import dev.unstuck.remediation.StepResult;
import dev.unstuck.workflow.ApiServiceCheck;
import dev.unstuck.workflow.Decision;
import dev.unstuck.workflow.DecisionRequest;
import dev.unstuck.workflow.DecisionResult;
import dev.unstuck.workflow.DecisionVerdict;
import dev.unstuck.workflow.JoinRequest;
import dev.unstuck.workflow.RemediationRequest;
import dev.unstuck.workflow.RemediationSummary;
import dev.unstuck.workflow.ThrottledClicks;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.GlobalDataConverter;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the events of one run's history into a {@link RunRecord}. Reads only the history: payloads are decoded with
 * the same data converter the workers use, times are the events' own.
 */
public final class HistoryReader {
    // How the live message and posts were shown, not events of the incident.
    private static final java.util.Set<String> CHAT_ACTIVITIES = java.util.Set.of("ShowLive", "Post", "UpdateLive",
            "PostOnce");
    private static final java.util.Set<String> REPORT_ACTIVITIES = java.util.Set.of("WriteReport", "AttachReport");

    private final DataConverter converter;

    public HistoryReader(DataConverter converter) {
        this.converter = converter;
    }

    public HistoryReader() {
        this(GlobalDataConverter.get());
    }

    /** @param workflowId the id the history belongs to (a history's events do not name it) */
    public RunRecord read(String workflowId, List<HistoryEvent> events) {
        return new Pass(workflowId).read(events);
    }

    /** One pass over one history. */
    private final class Pass {
        private final String workflowId;
        private String runId;
        private RemediationRequest request;
        private Instant requestedAt;
        private final List<RunRecord.Joined> joined = new ArrayList<>();
        private final List<RunRecord.Diagnosed> diagnoses = new ArrayList<>();
        private final List<RunRecord.ChainAt> chains = new ArrayList<>();
        private final List<RunRecord.Attempt> attempts = new ArrayList<>();
        private final List<RunRecord.StepAt> steps = new ArrayList<>();
        private final List<RunRecord.Note> notes = new ArrayList<>();
        private final Map<Long, HistoryEvent> scheduled = new HashMap<>();
        private final Map<Long, Integer> attemptOf = new HashMap<>();
        private final Map<String, DecisionRequest> decideRequests = new HashMap<>();
        private final Map<String, Instant> decideTimes = new HashMap<>();
        private List<String> verifyApiServices = List.of();
        private Instant availableAt;
        private List<String> stillUnavailable = List.of();
        private Instant goneAt;
        private RemediationSummary summary;
        private Instant endedAt;
        private String closed = "RUNNING";

        Pass(String workflowId) {
            this.workflowId = workflowId;
        }

        RunRecord read(List<HistoryEvent> events) {
            for (HistoryEvent e : events) {
                event(e, time(e));
            }
            if (request == null) {
                throw new IllegalArgumentException("not the history of a remediation run: it has no start event");
            }
            if (summary == null) {
                endingSummary();
            }
            return new RunRecord(workflowId, runId, request.cluster(), request.namespace(), requestedAt,
                    request.requester(), request.conversation(), request.policy(), joined, diagnoses, chains,
                    attempts, steps, new RunRecord.Verification(verifyApiServices, availableAt, stillUnavailable,
                    goneAt), notes, summary, endedAt, closed, HistoryDigest.of(events));
        }

        private void event(HistoryEvent e, Instant t) {
            switch (e.getEventType()) {
                case EVENT_TYPE_WORKFLOW_EXECUTION_STARTED -> {
                    var a = e.getWorkflowExecutionStartedEventAttributes();
                    runId = a.getOriginalExecutionRunId();
                    requestedAt = t;
                    request = decode(a.getInput(), 0, RemediationRequest.class);
                }
                case EVENT_TYPE_ACTIVITY_TASK_SCHEDULED -> scheduled.put(e.getEventId(), e);
                case EVENT_TYPE_ACTIVITY_TASK_STARTED -> attemptOf.put(e.getEventId(),
                        e.getActivityTaskStartedEventAttributes().getAttempt());
                case EVENT_TYPE_ACTIVITY_TASK_COMPLETED -> completed(e, t);
                case EVENT_TYPE_ACTIVITY_TASK_FAILED -> {
                    var a = e.getActivityTaskFailedEventAttributes();
                    failed(a.getScheduledEventId(), attemptOf.getOrDefault(a.getStartedEventId(), 1),
                            a.getFailure().getMessage(), t);
                }
                case EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT -> {
                    var a = e.getActivityTaskTimedOutEventAttributes();
                    failed(a.getScheduledEventId(), attemptOf.getOrDefault(a.getStartedEventId(), 1),
                            "timed out", t);
                }
                case EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT -> notes.add(new RunRecord.Note(t, "the worker running this "
                        + "remediation stopped answering; another worker took it over from its history"));
                case EVENT_TYPE_TIMER_FIRED -> notes.add(new RunRecord.Note(t, "the approval wait ran out"));
                case EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED -> {
                    var a = e.getWorkflowExecutionSignaledEventAttributes();
                    if ("clicksThrottled".equals(a.getSignalName())) {
                        ThrottledClicks c = decode(a.getInput(), 0, ThrottledClicks.class);
                        attempts.add(new RunRecord.Attempt(t, c.user(), c.decision(), null,
                                DecisionVerdict.RATE_LIMITED, c.clicks() + (c.clicks() == 1 ? " click" : " clicks")
                                + " refused without being judged: over the limit of " + c.limit(), c.clicks()));
                    }
                }
                case EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED -> accepted(e, t);
                case EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED -> {
                    var a = e.getWorkflowExecutionUpdateCompletedEventAttributes();
                    String id = a.getMeta().getUpdateId();
                    DecisionRequest r = decideRequests.remove(id);
                    if (r != null && a.getOutcome().hasSuccess()) {
                        DecisionResult result = converter.fromPayloads(0, Optional.of(a.getOutcome().getSuccess()),
                                DecisionResult.class, DecisionResult.class);
                        attempts.add(new RunRecord.Attempt(decideTimes.remove(id), r.user(), r.decision(),
                                r.planFingerprint(), result.verdict(), result.message(), 1));
                    }
                }
                case EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED -> {
                    summary = decode(e.getWorkflowExecutionCompletedEventAttributes().getResult(), 0,
                            RemediationSummary.class);
                    end(t, "COMPLETED");
                }
                case EVENT_TYPE_WORKFLOW_EXECUTION_FAILED -> {
                    notes.add(new RunRecord.Note(t, "the workflow failed: "
                            + e.getWorkflowExecutionFailedEventAttributes().getFailure().getMessage()));
                    end(t, "FAILED");
                }
                case EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT -> end(t, "TIMED_OUT");
                case EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED -> {
                    String reason = e.getWorkflowExecutionTerminatedEventAttributes().getReason();
                    notes.add(new RunRecord.Note(t, "terminated" + (reason.isEmpty() ? "" : ": " + reason)));
                    end(t, "TERMINATED");
                }
                case EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED -> end(t, "CANCELED");
                case EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW -> end(t, "CONTINUED_AS_NEW");
                default -> {
                }
            }
        }

        /**
         * A run that is sending its report has decided its outcome but not completed yet: the summary is the
         * argument of its WriteReport (earlier: AttachReport) activity, already in the history.
         */
        private void endingSummary() {
            scheduled.values().stream().filter(e -> REPORT_ACTIVITIES.contains(e.getActivityTaskScheduledEventAttributes()
                    .getActivityType().getName())).findFirst().ifPresent(e -> {
                        summary = decode(e.getActivityTaskScheduledEventAttributes().getInput(), 0,
                                RemediationSummary.class);
                        end(time(e), "ENDING");
                    });
        }

        private void end(Instant t, String how) {
            endedAt = t;
            closed = how;
        }

        private void accepted(HistoryEvent e, Instant t) {
            var req = e.getWorkflowExecutionUpdateAcceptedEventAttributes().getAcceptedRequest();
            String name = req.getInput().getName();
            if (name.equals("join")) {
                JoinRequest j = decode(req.getInput().getArgs(), 0, JoinRequest.class);
                joined.add(new RunRecord.Joined(t, j.requester(), j.conversation()));
            } else if (name.equals("decide")) {
                decideRequests.put(req.getMeta().getUpdateId(), decode(req.getInput().getArgs(), 0,
                        DecisionRequest.class));
                decideTimes.put(req.getMeta().getUpdateId(), t);
            }
        }

        private void completed(HistoryEvent e, Instant t) {
            var a = e.getActivityTaskCompletedEventAttributes();
            HistoryEvent s = scheduled.get(a.getScheduledEventId());
            String type = s == null ? "" : s.getActivityTaskScheduledEventAttributes().getActivityType().getName();
            int attempt = attemptOf.getOrDefault(a.getStartedEventId(), 1);
            if (attempt > 1 && !CHAT_ACTIVITIES.contains(type)) {
                notes.add(new RunRecord.Note(t, type + " succeeded on attempt " + attempt));
            }
            switch (type) {
                case "Diagnose", "AuditNodeRoutes" -> diagnosed(t, decode(a.getResult(), 0, Diagnosis.class));
                case "RecordChain" -> chains.add(new RunRecord.ChainAt(t, decode(a.getResult(), 0,
                        ChainSnapshot.class)));
                case "ExecuteStep" -> {
                    StepResult r = decode(a.getResult(), 0, StepResult.class);
                    steps.add(new RunRecord.StepAt(t, steps.size() + 1, r.step(), r, null, attempt));
                }
                case "AwaitApiServicesAvailable" -> {
                    verifyApiServices = List.of(decode(s.getActivityTaskScheduledEventAttributes().getInput(), 1,
                            String[].class));
                    ApiServiceCheck check = decode(a.getResult(), 0, ApiServiceCheck.class);
                    if (check.allAvailable()) {
                        availableAt = check.noticedAtMillis() > 0 ? Instant.ofEpochMilli(check.noticedAtMillis()) : t;
                    }
                    stillUnavailable = check.stillUnavailable();
                }
                case "AwaitNamespaceGone" -> {
                    if (Boolean.TRUE.equals(decode(a.getResult(), 0, Boolean.class)) && goneAt == null) {
                        goneAt = t;
                    }
                }
                default -> {
                }
            }
        }

        private void diagnosed(Instant t, Diagnosis d) {
            // A diagnosis after a step that finds the namespace gone is the proof the repair worked.
            if (d.state() == NamespaceState.NOT_FOUND && !steps.isEmpty() && goneAt == null) {
                goneAt = t;
            }
            RunRecord.Attempt approval = attempts.stream().filter(x -> x.verdict() == DecisionVerdict.APPROVED)
                    .reduce((a, b) -> b).orElse(null);
            Diagnosis previous = diagnoses.isEmpty() ? null : diagnoses.get(diagnoses.size() - 1).diagnosis();
            // The workflow looks once more after an approval; a plan that moved voids the approval (it records
            // that in its own state, which the history only shows as this diagnosis).
            if (approval != null && previous != null && steps.isEmpty() && approval.at().isAfter(
                    diagnoses.get(diagnoses.size() - 1).at()) && d.state() == NamespaceState.STUCK
                    && !PlanFingerprint.of(d.plan()).equals(approval.planFingerprint())) {
                attempts.add(new RunRecord.Attempt(t, approval.user(), Decision.APPROVE, approval.planFingerprint(),
                        DecisionVerdict.PLAN_CHANGED, "the cluster changed between the approval and the repair (plan "
                        + approval.planFingerprint() + " is now " + PlanFingerprint.of(d.plan())
                        + "): the approval no longer applies", 1));
            }
            diagnoses.add(new RunRecord.Diagnosed(t, d));
        }

        private void failed(long scheduledId, int attempt, String message, Instant t) {
            HistoryEvent s = scheduled.get(scheduledId);
            if (s == null) {
                return;
            }
            String type = s.getActivityTaskScheduledEventAttributes().getActivityType().getName();
            if (type.equals("ExecuteStep")) {
                PlanStep step = decode(s.getActivityTaskScheduledEventAttributes().getInput(), 1, PlanStep.class);
                steps.add(new RunRecord.StepAt(t, steps.size() + 1, step, null, message, attempt));
            } else if (!CHAT_ACTIVITIES.contains(type)) {
                notes.add(new RunRecord.Note(t, type + " failed after " + attempt + " attempt(s): " + message));
            }
        }

        private <T> T decode(Payloads payloads, int index, Class<T> type) {
            return converter.fromPayloads(index, Optional.of(payloads), type, type);
        }
    }

    private static Instant time(HistoryEvent e) {
        return Instant.ofEpochSecond(e.getEventTime().getSeconds(), e.getEventTime().getNanos());
    }
}
