package dev.unstuck.chat.discord;

import net.dv8tion.jda.api.requests.restaction.interactions.ReplyCallbackAction;
import dev.unstuck.chat.ChatMessage;
import dev.unstuck.chat.ChatUser;
import dev.unstuck.chat.ClickThrottle;
import dev.unstuck.chat.RefusalLog;
import dev.unstuck.config.ClusterRegistry;
import dev.unstuck.workflow.ButtonClick;
import dev.unstuck.workflow.DecisionResult;
import dev.unstuck.workflow.RemediationIds;
import dev.unstuck.workflow.RemediationMessages;
import dev.unstuck.workflow.RemediationService;
import dev.unstuck.workflow.RemediationStatus;
import io.temporal.client.WorkflowNotFoundException;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.interactions.Interaction;
import net.dv8tion.jda.api.interactions.InteractionHook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Approve, Reject and Details on a live message. Refusals are answered at once, on JDA's event thread; a click that
 * reaches a remediation is acknowledged at once and judged on the work pool, the verdict edited in after.
 */
final class DiscordButtons {
    private static final Logger log = LoggerFactory.getLogger(DiscordButtons.class);

    private final RemediationService service;
    private final ClusterRegistry clusters;
    private final DiscordUsers users;
    private final ClickThrottle clicks;
    private final DiscordPlaces places;
    private final Executor work;
    private final Acknowledger ack;

    /** Sends an interaction's acknowledgement (and times it). */
    interface Acknowledger {
        CompletableFuture<InteractionHook> acked(Interaction e, ReplyCallbackAction ack);
    }

    DiscordButtons(RemediationService service, ClusterRegistry clusters, DiscordUsers users, ClickThrottle clicks,
                   DiscordPlaces places, Executor work, Acknowledger ack) {
        this.ack = ack;
        this.service = service;
        this.clusters = clusters;
        this.users = users;
        this.clicks = clicks;
        this.places = places;
        this.work = work;
    }

    /**
     * A click, judged in this order: the click rate limit (every click counts, forged ones too), the server and
     * channel, the button (ours, and of the remediation this message shows), then the remediation itself, which
     * records its verdict. What is refused before it reaches a remediation goes to the refusal log.
     */
    void onClick(ButtonInteractionEvent e) {
        ChatUser clicker = users.of(e.getUser());
        Optional<ButtonClick> click = RemediationIds.parseButton(e.getComponentId());
        Duration wait = clicks.admit(clicker, click.map(ButtonClick::workflowId).orElse(null),
                click.map(c -> c.action().name().toLowerCase()).orElse("unknown"));
        if (!wait.isZero()) {
            e.reply(clicks.slowDown(wait)).setEphemeral(true).queue();
            return;
        }
        Optional<String> refused = places.refusal(e);
        if (refused.isEmpty() && click.isEmpty()) {
            refused = Optional.of("That button is not one of Unstuck's current buttons: nothing was done. Use the"
                    + " buttons of the latest message.");
        }
        if (refused.isEmpty() && !showsWorkflow(e.getMessage(), click.get().workflowId())) {
            refused = Optional.of("That button does not belong to this message: nothing was done.");
        }
        if (refused.isPresent()) {
            RefusalLog.refused(DiscordChatPort.ADAPTER, clicker.id(), "click on button '" + e.getComponentId()
                    + "' in " + where(e), refused.get());
            e.reply(refused.get()).setEphemeral(true).queue();
            return;
        }
        Member member = e.getMember();
        ack.acked(e, e.deferReply(true))
                .thenAcceptAsync(hook -> click(hook, click.get(), member), work)
                .exceptionally(t -> DiscordInteractions.failed("button " + click.get().action(), t));
    }

    /** Whether the clicked message is one this remediation drew: each of its buttons names its workflow. */
    private static boolean showsWorkflow(Message message, String workflowId) {
        return message != null && message.getComponentTree().findAll(Button.class).stream()
                .map(b -> RemediationIds.parseButton(b.getCustomId()))
                .anyMatch(b -> b.isPresent() && b.get().workflowId().equals(workflowId));
    }

    private static String where(Interaction e) {
        return "guild " + (e.getGuild() == null ? "-" : e.getGuild().getId()) + " channel " + e.getChannelId();
    }

    private void click(InteractionHook hook, ButtonClick click, Member member) {
        String workflowId = click.workflowId();
        if (!click.decides()) {
            details(hook, workflowId);
            return;
        }
        ChatUser user = users.of(member, clusterOf(workflowId));
        DecisionResult result = service.decide(click, user);
        log.info("{} clicked {} on {}: {}", user.displayName(), click.action(), workflowId, result.verdict());
        hook.editOriginal(verdictText(result)).queue();
    }

    static String verdictText(DecisionResult r) {
        return switch (r.verdict()) {
            case APPROVED -> "\u2705 Approved: repairing now. The live message follows each step.";
            case REJECTED -> "\ud83d\uded1 Rejected: nothing will be executed.";
            case NOT_AN_APPROVER -> "\u26d4 Not an approver: " + r.message() + ".";
            case SELF_APPROVAL -> "\u26d4 You cannot approve your own request: " + r.message() + ".";
            case PLAN_CHANGED -> "\ud83d\udd04 The plan changed, re-checking: " + r.message() + ".";
            case ALREADY_DECIDED -> "\u2139\ufe0f Already decided: " + r.message() + ".";
            case NOT_WAITING -> "\u2139\ufe0f Not waiting for a decision: " + r.message() + ".";
            case EARLIER_RUN -> "\u26d4 This button belongs to an earlier run of this remediation: nothing was"
                    + " done. Use the buttons on the latest message.";
            case RATE_LIMITED -> "\u26d4 Slow down: " + r.message() + ".";
        };
    }

    private void details(InteractionHook hook, String workflowId) {
        RemediationStatus s;
        try {
            s = service.status(workflowId);
        } catch (WorkflowNotFoundException notFound) {
            hook.editOriginal("This remediation is no longer known: " + workflowId).queue();
            return;
        }
        ChatMessage m = RemediationMessages.live(s);
        StringBuilder sb = new StringBuilder("**" + m.title() + "**\n" + DiscordRenderer.description(m) + "\n");
        m.fields().forEach(f -> sb.append("\n**").append(f.name()).append("**\n").append(f.value()).append('\n'));
        DiscordInteractions.reply(hook, sb.toString());
    }

    private String clusterOf(String workflowId) {
        String[] parts = workflowId.split("/");
        if (parts.length >= 2 && clusters.contains(parts[1])) {
            return parts[1];
        }
        // An over-long id ends in a digest and may have lost the cluster: the workflow knows it.
        return service.status(workflowId).cluster();
    }
}
