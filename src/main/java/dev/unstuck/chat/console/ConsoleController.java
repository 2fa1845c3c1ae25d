package dev.unstuck.chat.console;

import dev.unstuck.chat.ClickThrottle;
import dev.unstuck.chat.Conversation;
import dev.unstuck.chat.People;
import dev.unstuck.chat.RefusalLog;
import dev.unstuck.config.ClusterRegistry;
import dev.unstuck.workflow.ButtonClick;
import dev.unstuck.workflow.DecisionResult;
import dev.unstuck.workflow.RemediationIds;
import dev.unstuck.workflow.RemediationService;
import dev.unstuck.workflow.StartResult;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** The chat half of the console: commands in, conversations out, button clicks answered like Discord does. */
@RestController
@ConditionalOnConsole
@RequestMapping("/api/console")
public class ConsoleController {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

    private final ConsoleChatPort chat;
    private final RemediationService remediation;
    private final ClusterRegistry clusters;
    private final ConsoleProperties props;
    private final People people;
    private final ClickThrottle throttle;

    public ConsoleController(ConsoleChatPort chat, RemediationService remediation, ClusterRegistry clusters,
                             ConsoleProperties props, People people, ClickThrottle throttle) {
        this.chat = chat;
        this.remediation = remediation;
        this.clusters = clusters;
        this.props = props;
        this.people = people;
        this.throttle = throttle;
    }

    /** What the page needs to draw the user picker, or who is signed in. */
    @GetMapping("/session")
    public Map<String, Object> session() {
        boolean signedIn = props.auth() != ConsoleAuthMode.NONE;
        List<Map<String, Object>> users = props.users().entrySet().stream()
                .map(e -> Map.<String, Object>of("name", e.getKey(), "roles", e.getValue().roles())).toList();
        return Map.of("auth", props.auth().name().toLowerCase(), "users", signedIn ? List.of() : users,
                "signedIn", signedIn ? signedIn() : Map.of(),
                "clusters", clusters.aliases().stream().sorted().toList());
    }

    @PostMapping("/commands")
    public ResponseEntity<Map<String, String>> command(@RequestBody ConsoleCommandRequest body) {
        if (body == null) {
            throw new ConsoleInputException("the request body must be a JSON object with user and text");
        }
        ConsoleIdentity who = identity(body.user());
        ConsoleCommand command = ConsoleCommand.parse(body.text(), defaultCluster(), clusters.aliases());
        Conversation conversation = chat.open(who.name(), body.text().strip(),
                RemediationIds.workflowId(command.cluster(), command.namespace()));
        StartResult started;
        try {
            started = remediation.startOrJoin(command.cluster(), command.namespace(), who.chatUser(), conversation);
        } catch (IllegalArgumentException e) {
            chat.discard(conversation);
            throw new ConsoleInputException(e.getMessage());
        } catch (RuntimeException e) {
            chat.discard(conversation);
            throw e;
        }
        chat.attach(conversation, started.workflowId());
        chat.reply(conversation, started.message());
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("conversationId",
                conversation.conversationId()));
    }

    @GetMapping("/conversations/{id}")
    public ResponseEntity<?> conversation(@PathVariable String id) {
        return chat.view(id).<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> notFound("no conversation " + printable(id)));
    }

    /**
     * A click, judged in this order: the click rate limit (every click counts, forged ones too), the conversation,
     * the button (ours, and of this conversation's remediation), then the remediation itself, which records its
     * verdict. What is refused before it reaches a remediation goes to the refusal log.
     */
    @PostMapping("/conversations/{id}/buttons/{*buttonId}")
    public ResponseEntity<?> click(@PathVariable String id, @PathVariable String buttonId,
                                   @RequestBody ConsoleClickRequest body) {
        if (body == null) {
            throw new ConsoleInputException("the request body must be a JSON object with user");
        }
        ConsoleIdentity who = identity(body.user());
        String button = buttonId.startsWith("/") ? buttonId.substring(1) : buttonId;
        Optional<ButtonClick> click = RemediationIds.parseButton(button);
        Duration wait = throttle.admit(who.chatUser(), click.map(ButtonClick::workflowId).orElse(null),
                click.map(c -> c.action().name().toLowerCase()).orElse("unknown"));
        if (!wait.isZero()) {
            return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                    .header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, wait.toSeconds())))
                    .body(new ApiError(throttle.slowDown(wait)));
        }
        var view = chat.view(id);
        if (view.isEmpty()) {
            return refused(who, button, HttpStatus.NOT_FOUND, "no conversation " + printable(id));
        }
        if (click.isEmpty()) {
            return refused(who, button, HttpStatus.BAD_REQUEST, "unknown button '" + printable(button)
                    + "': not one of this console's buttons; use the buttons of the latest message");
        }
        if (!click.get().workflowId().equals(view.get().workflowId())) {
            return refused(who, button, HttpStatus.BAD_REQUEST, "that button belongs to another conversation");
        }
        Conversation conversation = new Conversation(ConsoleChatPort.ADAPTER, id, Map.of());
        if (!click.get().decides()) {
            String history = "/history.html?workflow=" + URLEncoder.encode(click.get().workflowId(),
                    StandardCharsets.UTF_8);
            return ResponseEntity.ok(Map.of("reply", "timeline and cause chain: " + history, "open", history));
        }
        chat.said(conversation, who.name(), "clicked " + (click.get().action() == ButtonClick.Action.APPROVE
                ? "Approve" : "Reject"));
        DecisionResult result = remediation.decide(click.get(), who.chatUser());
        // Discord shows the verdict to the clicker only; the console keeps it in the transcript for later readers.
        chat.reply(conversation, who.name() + ": " + result.verdict() + ", " + result.message());
        return ResponseEntity.ok(Map.of("reply", result.message(), "verdict", result.verdict().name()));
    }

    private ResponseEntity<?> refused(ConsoleIdentity who, String button, HttpStatus status, String answer) {
        RefusalLog.refused(ConsoleChatPort.ADAPTER, who.chatUser().id(), "click on button '" + button + "'", answer);
        return ResponseEntity.status(status).body(new ApiError(answer));
    }

    /**
     * Signed in, the signed-in user, whatever the body says. With auth none (the sandbox on loopback) the body
     * names one of the configured users. Roles come from configuration either way.
     */
    ConsoleIdentity identity(String claimed) {
        String name;
        if (props.auth() != ConsoleAuthMode.NONE) {
            name = SecurityContextHolder.getContext().getAuthentication().getName();
        } else {
            if (claimed == null || claimed.isBlank()) {
                throw new ConsoleInputException("say who you are: \"user\" is missing");
            }
            if (!NAME.matcher(claimed).matches()) {
                throw new ConsoleInputException("user '" + printable(claimed) + "' must be 1-64 letters, digits,"
                        + " '.', '_', '@' or '-'");
            }
            if (!props.users().containsKey(claimed)) {
                throw new ConsoleInputException("unknown user '" + claimed + "'; the console's users are "
                        + String.join(", ", props.users().keySet()) + " (unstuck.console.users)");
            }
            name = claimed;
        }
        ConsoleAccount account = props.users().get(name);
        return new ConsoleIdentity(name, account == null ? List.of() : account.roles(),
                people.personOf(ConsoleChatPort.ADAPTER + ":" + name).orElse(null));
    }

    private Map<String, Object> signedIn() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !auth.isAuthenticated()) {
            return Map.of();
        }
        ConsoleIdentity who = identity(null);
        return who.person() == null ? Map.of("name", who.name(), "roles", who.roles())
                : Map.of("name", who.name(), "roles", who.roles(), "person", who.person());
    }

    private String defaultCluster() {
        if (props.defaultCluster() != null) {
            return props.defaultCluster();
        }
        var aliases = clusters.aliases();
        return aliases.size() == 1 ? aliases.iterator().next() : null;
    }

    static ResponseEntity<?> notFound(String message) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(new ApiError(message));
    }

    static String printable(String s) {
        String clean = s.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 120 ? clean.substring(0, 117) + "..." : clean;
    }
}
