package dev.unstuck.chat.console;

import dev.unstuck.chat.ClickThrottle;
import dev.unstuck.chat.Conversation;
import dev.unstuck.chat.RefusalLog;
import dev.unstuck.watch.AlertClickResult;
import dev.unstuck.watch.AlertIds;
import dev.unstuck.watch.AlertService;
import dev.unstuck.watch.MuteDuration;
import dev.unstuck.watch.MuteResult;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The console's Alerts view: the watchers' cards, their buttons, and the mute. Clicks follow the console's rules for
 * any button: the same sign-in, the same click limit, refusals to the refusal log; what a click starts is a
 * remediation like any other, with the clicker as its requester.
 */
@RestController
@ConditionalOnConsole
@RequestMapping("/api/alerts")
public class AlertsController {
    private final AlertService alerts;
    private final ConsoleChatPort chat;
    private final ConsoleController console;
    private final ClickThrottle throttle;

    public AlertsController(AlertService alerts, ConsoleChatPort chat, ConsoleController console,
                            ClickThrottle throttle) {
        this.alerts = alerts;
        this.chat = chat;
        this.console = console;
        this.throttle = throttle;
    }

    @GetMapping
    public Map<String, Object> list() {
        return Map.of("alerts", alerts.alerts().stream().map(AlertView::of).toList());
    }

    /**
     * A click on a card's button, answered as a conversation button is: {@code {"reply","verdict"}}, plus
     * {@code conversationId} and {@code open} when a remediation was started or joined, where it now talks.
     */
    @PostMapping("/{id}/buttons/{buttonId}")
    public ResponseEntity<?> click(@PathVariable String id, @PathVariable String buttonId,
                                   @RequestBody ConsoleClickRequest body) {
        if (body == null) {
            throw new ConsoleInputException("the request body must be a JSON object with user");
        }
        ConsoleIdentity who = console.identity(body.user());
        Duration wait = throttle.admit(who.chatUser(), null, "alert");
        if (!wait.isZero()) {
            return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                    .header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, wait.toSeconds())))
                    .body(new ApiError(throttle.slowDown(wait)));
        }
        Optional<AlertIds.AlertButton> button = AlertIds.parseButton(buttonId);
        if (button.isEmpty()) {
            return refused(who, buttonId, HttpStatus.BAD_REQUEST, "unknown button '"
                    + ConsoleController.printable(buttonId) + "': not one of the alert cards' buttons");
        }
        if (!button.get().alertId().equals(id)) {
            return refused(who, buttonId, HttpStatus.BAD_REQUEST, "that button belongs to another card");
        }
        if (alerts.alert(id).isEmpty()) {
            return refused(who, buttonId, HttpStatus.NOT_FOUND, "no alert " + ConsoleController.printable(id));
        }
        AtomicReference<Conversation> opened = new AtomicReference<>();
        AlertClickResult result = alerts.click(buttonId, who.chatUser(), workflowId -> {
            Conversation c = chat.open(who.name(), "clicked " + (button.get().action()
                    == AlertIds.Action.OPEN_REPAIR_PLAN ? "Open repair plan" : "Start remediation") + " on alert " + id,
                    workflowId);
            opened.set(c);
            return c;
        });
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("reply", result.message());
        answer.put("verdict", result.verdict().name());
        Conversation c = opened.get();
        if (c != null && result.started()) {
            chat.attach(c, result.workflowId());
            chat.reply(c, result.message());
            answer.put("conversationId", c.conversationId());
            answer.put("open", "/#" + c.conversationId());
        } else if (c != null) {
            chat.discard(c);
        }
        return ResponseEntity.ok(answer);
    }

    /** Mutes a cluster's new cards; the cluster's approvers only, judged and recorded by its watcher. */
    @PostMapping("/mute")
    public ResponseEntity<?> mute(@RequestBody AlertMuteRequest body) {
        if (body == null || body.cluster() == null || body.cluster().isBlank()) {
            throw new ConsoleInputException("the request body must be a JSON object with cluster and for, e.g."
                    + " {\"cluster\":\"prod\",\"for\":\"30m\"}");
        }
        ConsoleIdentity who = console.identity(body.user());
        MuteResult result;
        try {
            result = alerts.mute(body.cluster().strip(), who.chatUser(), MuteDuration.parse(body.duration()));
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ConsoleInputException(e.getMessage());
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("reply", result.message());
        answer.put("verdict", result.verdict().name());
        if (result.untilMillis() != 0) {
            answer.put("until", java.time.Instant.ofEpochMilli(result.untilMillis()).toString());
        }
        return ResponseEntity.ok(answer);
    }

    private ResponseEntity<?> refused(ConsoleIdentity who, String button, HttpStatus status, String answer) {
        RefusalLog.refused(ConsoleChatPort.ADAPTER, who.chatUser().id(), "click on alert button '"
                + ConsoleController.printable(button) + "'", answer);
        return ResponseEntity.status(status).body(new ApiError(answer));
    }
}
