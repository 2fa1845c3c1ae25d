package dev.unstuck.chat.discord;

import dev.unstuck.chat.ChatUser;
import dev.unstuck.chat.ClickThrottle;
import dev.unstuck.chat.Conversation;
import dev.unstuck.chat.RefusalLog;
import dev.unstuck.watch.AlertClickResult;
import dev.unstuck.watch.AlertIds;
import dev.unstuck.watch.AlertService;
import dev.unstuck.watch.MuteDuration;
import dev.unstuck.watch.MuteResult;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.channel.middleman.GuildMessageChannel;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.utils.messages.MessageCreateBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The cards' buttons and {@code /ns-stuck-mute} on Discord. A click is judged like a remediation button's (click
 * limit, server and channel, a button of this very message), acknowledged at once and answered privately. When it
 * starts a remediation, the live message is a new reply to the card in the card's channel: everyone on call sees the
 * remediation the card started, and whoever clicked is its requester.
 */
final class DiscordAlerts {
    private static final Logger log = LoggerFactory.getLogger(DiscordAlerts.class);

    private final AlertService alerts;
    private final DiscordUsers users;
    private final ClickThrottle clicks;
    private final DiscordPlaces places;
    private final Executor work;
    private final DiscordButtons.Acknowledger ack;

    DiscordAlerts(AlertService alerts, DiscordUsers users, ClickThrottle clicks, DiscordPlaces places, Executor work,
                  DiscordButtons.Acknowledger ack) {
        this.alerts = alerts;
        this.users = users;
        this.clicks = clicks;
        this.places = places;
        this.work = work;
        this.ack = ack;
    }

    void onClick(ButtonInteractionEvent e) {
        ChatUser clicker = users.of(e.getUser());
        Duration wait = clicks.admit(clicker, null, "alert");
        if (!wait.isZero()) {
            e.reply(clicks.slowDown(wait)).setEphemeral(true).queue();
            return;
        }
        Optional<String> refused = places.refusal(e);
        Optional<AlertIds.AlertButton> button = AlertIds.parseButton(e.getComponentId());
        if (refused.isEmpty() && button.isEmpty()) {
            refused = Optional.of("That button is not one of Unstuck's current buttons: nothing was done.");
        }
        if (refused.isEmpty() && !onMessage(e.getMessage(), e.getComponentId())) {
            refused = Optional.of("That button does not belong to this message: nothing was done.");
        }
        if (refused.isPresent()) {
            RefusalLog.refused(DiscordChatPort.ADAPTER, clicker.id(), "click on alert button '" + e.getComponentId()
                    + "' in channel " + e.getChannelId(), refused.get());
            e.reply(refused.get()).setEphemeral(true).queue();
            return;
        }
        Member member = e.getMember();
        GuildMessageChannel channel = e.getGuildChannel();
        String guildId = e.getGuild().getId();
        String cardId = e.getMessageId();
        String buttonId = e.getComponentId();
        ack.acked(e, e.deferReply(true))
                .thenAcceptAsync(hook -> click(hook, buttonId, button.get(), member, guildId, channel, cardId), work)
                .exceptionally(t -> DiscordInteractions.failed("alert button " + e.getComponentId(), t));
    }

    private void click(InteractionHook hook, String buttonId, AlertIds.AlertButton button, Member member,
                       String guildId, GuildMessageChannel channel, String cardId) {
        ChatUser user = users.of(member, button.cluster());
        AtomicReference<Message> placeholder = new AtomicReference<>();
        AlertClickResult result = alerts.click(buttonId, user, workflowId -> {
            Message m = channel.sendMessage(new MessageCreateBuilder().setContent((button.action()
                    == AlertIds.Action.OPEN_REPAIR_PLAN ? "Repair plan" : "Remediation") + " asked for by "
                    + member.getEffectiveName() + " from this card...")
                    .setAllowedMentions(EnumSet.noneOf(Message.MentionType.class)).build())
                    .setMessageReference(cardId).failOnInvalidReply(false).complete();
            placeholder.set(m);
            return DiscordChatPort.conversation(guildId, channel.getId(), m.getId());
        });
        Message m = placeholder.get();
        if (m != null && !result.started()) {
            m.delete().queue(ok -> { }, failed -> log.debug("placeholder {} not deleted: {}", m.getId(), failed));
        }
        log.info("{} clicked {} on card {}: {}", user.displayName(), button.action(), button.alertId(),
                result.verdict());
        hook.editOriginal(text(result)).queue();
    }

    static String text(AlertClickResult r) {
        return switch (r.verdict()) {
            case STARTED -> "\u25b6\ufe0f Started: " + r.message() + ". Follow it in the reply to the card; an"
                    + " approver of the cluster decides.";
            case JOINED -> "\u21aa\ufe0f Joined: " + r.message() + ".";
            case RESOLVED, NO_NAMESPACE, EARLIER_WATCHER, UNKNOWN_INCIDENT, NOT_WATCHED ->
                    "\u2139\ufe0f " + capital(r.message()) + ".";
            case FAILED -> "\u26d4 " + capital(r.message()) + ".";
        };
    }

    /** {@code /ns-stuck-mute cluster:<alias> for:<duration>}; the cluster's watcher judges who may. */
    void onMute(SlashCommandInteractionEvent e, Member member, String cluster, String duration) {
        Duration d;
        try {
            d = MuteDuration.parse(duration);
        } catch (IllegalArgumentException ex) {
            e.reply(ex.getMessage()).setEphemeral(true).queue();
            return;
        }
        Duration length = d;
        ack.acked(e, e.deferReply(true))
                .thenAcceptAsync(hook -> {
                    String answer;
                    try {
                        MuteResult r = alerts.mute(cluster, users.of(member, cluster), length);
                        answer = switch (r.verdict()) {
                            case MUTED -> "\ud83d\udd15 " + capital(r.message()) + ".";
                            case UNMUTED -> "\ud83d\udd14 " + capital(r.message()) + ".";
                            case NOT_AN_APPROVER -> "\u26d4 Not an approver: " + r.message() + ".";
                        };
                    } catch (IllegalArgumentException | IllegalStateException ex) {
                        answer = capital(ex.getMessage()) + ".";
                    }
                    hook.editOriginal(answer).queue();
                }, work)
                .exceptionally(t -> DiscordInteractions.failed("/" + DiscordCommands.MUTE, t));
    }

    /** Whether the clicked message carries this very button: a forged id names a card it is not on. */
    private static boolean onMessage(Message message, String componentId) {
        return message != null && message.getComponentTree().findAll(Button.class).stream()
                .anyMatch(b -> componentId.equals(b.getCustomId()));
    }

    private static String capital(String s) {
        return s == null || s.isEmpty() ? "" : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
