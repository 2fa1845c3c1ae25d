package dev.unstuck.chat.console;

import dev.unstuck.chat.Conversation;
import dev.unstuck.config.ClusterRegistry;
import dev.unstuck.workflow.ButtonClick;
import dev.unstuck.workflow.Decision;
import dev.unstuck.workflow.DecisionRequest;
import dev.unstuck.workflow.DecisionResult;
import dev.unstuck.workflow.RemediationIds;
import dev.unstuck.workflow.RemediationService;
import dev.unstuck.workflow.StartResult;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The chat half of the console: commands in, conversations out, button clicks answered like Discord does. */
@RestController
@ConditionalOnConsole
@RequestMapping("/api/console")
public class ConsoleController {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
    private static final int MAX_ROLES = 20;

    private final ConsoleChatPort chat;
    private final RemediationService remediation;
    private final ClusterRegistry clusters;
    private final ConsoleProperties props;

    public ConsoleController(ConsoleChatPort chat, RemediationService remediation, ClusterRegistry clusters,
                             ConsoleProperties props) {
        this.chat = chat;
        this.remediation = remediation;
        this.clusters = clusters;
        this.props = props;
    }

    /** What the page needs to draw the user picker, or who is signed in. */
    @GetMapping("/session")
    public Map<String, Object> session(HttpServletRequest http) {
        Object signedIn = http.getAttribute(ConsoleAuthFilter.IDENTITY);
        List<Map<String, Object>> users = props.users().entrySet().stream()
                .map(e -> Map.<String, Object>of("name", e.getKey(), "roles", e.getValue().roles())).toList();
        return Map.of("auth", props.auth().name().toLowerCase(), "users", signedIn == null ? users : List.of(),
                "signedIn", signedIn == null ? Map.of() : signedIn,
                "clusters", clusters.aliases().stream().sorted().toList());
    }

    @PostMapping("/commands")
    public ResponseEntity<Map<String, String>> command(@RequestBody ConsoleCommandRequest body,
                                                       HttpServletRequest http) {
        if (body == null) {
            throw new ConsoleInputException("the request body must be a JSON object with user, roles and text");
        }
        ConsoleIdentity who = identity(http, body.user(), body.roles());
        ConsoleCommand command = ConsoleCommand.parse(body.text(), defaultCluster(), clusters.aliases());
        Conversation conversation = chat.open(who.name(), body.text().strip());
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

    /** {@code {*buttonId}}: button ids hold the workflow id, which holds '/'. */
    @PostMapping("/conversations/{id}/buttons/{*buttonId}")
    public ResponseEntity<?> click(@PathVariable String id, @PathVariable String buttonId,
                                   @RequestBody ConsoleClickRequest body, HttpServletRequest http) {
        if (body == null) {
            throw new ConsoleInputException("the request body must be a JSON object with user and roles");
        }
        ConsoleIdentity who = identity(http, body.user(), body.roles());
        var view = chat.view(id);
        if (view.isEmpty()) {
            return notFound("no conversation " + printable(id));
        }
        String button = buttonId.startsWith("/") ? buttonId.substring(1) : buttonId;
        ButtonClick click = RemediationIds.parseButton(button)
                .orElseThrow(() -> new ConsoleInputException("unknown button '" + printable(button) + "'"));
        if (!click.workflowId().equals(view.get().workflowId())) {
            throw new ConsoleInputException("that button belongs to another conversation");
        }
        Conversation conversation = new Conversation(ConsoleChatPort.ADAPTER, id, Map.of());
        if (click.action().equals("details")) {
            String reply = "timeline and cause chain: /history.html?workflow="
                    + URLEncoder.encode(click.workflowId(), StandardCharsets.UTF_8);
            return ResponseEntity.ok(Map.of("reply", reply));
        }
        Decision decision = click.action().equals("approve") ? Decision.APPROVE : Decision.REJECT;
        chat.said(conversation, who.name(), "clicked " + (decision == Decision.APPROVE ? "Approve" : "Reject"));
        DecisionResult result = remediation.decide(click.workflowId(), new DecisionRequest(who.chatUser(), decision,
                click.fingerprint()));
        // Discord shows the verdict to the clicker only; the console keeps it in the transcript for later readers.
        chat.reply(conversation, who.name() + ": " + result.verdict() + ", " + result.message());
        return ResponseEntity.ok(Map.of("reply", result.message(), "verdict", result.verdict().name()));
    }

    /**
     * The signed-in user when the console authenticates, whatever the body claims; otherwise the body's user, with
     * the configured roles when the body names none.
     */
    private ConsoleIdentity identity(HttpServletRequest http, String user, List<String> roles) {
        Object signedIn = http.getAttribute(ConsoleAuthFilter.IDENTITY);
        if (signedIn instanceof ConsoleIdentity identity) {
            return identity;
        }
        if (user == null || user.isBlank()) {
            throw new ConsoleInputException("say who you are: \"user\" is missing");
        }
        if (!NAME.matcher(user).matches()) {
            throw new ConsoleInputException("user '" + printable(user) + "' must be 1-64 letters, digits, '.', '_',"
                    + " '@' or '-'");
        }
        if (roles == null) {
            ConsoleAccount account = props.users().get(user);
            return new ConsoleIdentity(user, account == null ? List.of() : account.roles());
        }
        if (roles.size() > MAX_ROLES || roles.stream().anyMatch(r -> r == null || !NAME.matcher(r).matches())) {
            throw new ConsoleInputException("roles must be at most " + MAX_ROLES + " names of letters, digits, '.',"
                    + " '_', '@' or '-'");
        }
        return new ConsoleIdentity(user, roles);
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
