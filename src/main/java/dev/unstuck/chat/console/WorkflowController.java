package dev.unstuck.chat.console;

import dev.unstuck.workflow.RemediationMessages;
import dev.unstuck.workflow.RemediationService;
import dev.unstuck.workflow.RemediationStatus;
import dev.unstuck.workflow.TimelineEvent;
import dev.unstuck.workflow.VerifyTargets;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowNotFoundException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/workflows/<workflowId>/history} and {@code .../status}. Workflow ids hold '/', so the path is taken
 * whole ({@code {*path}}) and split at the last segment; clients may send the id raw or with %2F.
 */
@RestController
@ConditionalOnConsole
public class WorkflowController {
    private final RemediationService remediation;
    private final CauseChainReader chains;
    private final Clock clock;

    public WorkflowController(RemediationService remediation, CauseChainReader chains) {
        this.remediation = remediation;
        this.chains = chains;
        this.clock = Clock.systemUTC();
    }

    @GetMapping("/api/workflows/{*path}")
    public ResponseEntity<?> workflow(@PathVariable String path) {
        int slash = path.lastIndexOf('/');
        String id = slash <= 0 ? "" : path.substring(1, slash);
        String what = path.substring(slash + 1);
        if (id.isEmpty() || !(what.equals("history") || what.equals("status"))) {
            return ConsoleController.notFound("use /api/workflows/<workflowId>/history or .../status");
        }
        try {
            return ResponseEntity.ok(what.equals("history") ? Map.of("events", history(id)) : status(id));
        } catch (WorkflowNotFoundException e) {
            return ConsoleController.notFound("no workflow " + ConsoleController.printable(id));
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return ConsoleController.notFound("no workflow " + ConsoleController.printable(id));
            }
            throw e;
        }
    }

    private List<TimelineEvent> history(String id) {
        return remediation.history(id);
    }

    private WorkflowView status(String id) {
        RemediationStatus s = remediation.status(id);
        long now = clock.millis();
        List<PhaseView> timings = s.timings().stream().filter(t -> !t.phase().isFinal())
                .map(t -> new PhaseView(t.phase().name(), RemediationMessages.label(t.phase()),
                        t.endedAtMillis() == 0 ? Math.max(0, now - t.startedAtMillis()) : t.durationMillis(),
                        t.endedAtMillis() == 0))
                .toList();
        List<String> changes = s.steps().stream().map(r -> r.succeeded() ? VerifyTargets.change(r)
                : r.status() + ": " + r.message()).toList();
        return new WorkflowView(s.workflowId(), s.cluster(), s.namespace(), s.phase().name(),
                RemediationMessages.label(s.phase()), s.phase().isFinal(), s.outcome(), timings, changes,
                chains.chains(s));
    }
}
