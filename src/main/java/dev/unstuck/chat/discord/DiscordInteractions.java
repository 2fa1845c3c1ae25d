package dev.unstuck.chat.discord;

import dev.unstuck.chat.ChatUser;
import dev.unstuck.chat.ClickThrottle;
import dev.unstuck.chat.Conversation;
import dev.unstuck.chat.People;
import dev.unstuck.chat.UserRateLimiter;
import dev.unstuck.config.ClusterRegistry;
import dev.unstuck.diagnosis.NamespaceName;
import dev.unstuck.ops.DiscordAckTimer;
import dev.unstuck.watch.AlertIds;
import dev.unstuck.watch.AlertService;
import dev.unstuck.workflow.RemediationIds;
import dev.unstuck.workflow.RemediationMessages;
import dev.unstuck.workflow.RemediationService;
import dev.unstuck.workflow.RemediationStatus;
import dev.unstuck.workflow.StartResult;
import io.temporal.client.WorkflowNotFoundException;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.Interaction;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.requests.restaction.interactions.ReplyCallbackAction;
import net.dv8tion.jda.api.utils.messages.MessageCreateBuilder;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Slash commands, buttons and autocomplete. Every interaction is acknowledged on JDA's event thread at once
 * (Discord drops it after 3 s) and the work that can take longer (Temporal calls, cluster reads) runs on a pool of
 * our own, answering through the interaction hook.
 */
public final class DiscordInteractions extends ListenerAdapter {
    private static final Logger log = LoggerFactory.getLogger(DiscordInteractions.class);
    private static final Duration AUTOCOMPLETE_WAIT = Duration.ofMillis(1500);
    private static final int MAX_CHOICES = 25;

    private final RemediationService service;
    private final ClusterRegistry clusters;
    private final DiscordChatPort chat;
    private final DiscordProperties props;
    private final DiscordUsers users;
    private final UserRateLimiter rateLimiter;
    private final DiscordPlaces places;
    private final DiscordButtons buttons;
    private final DiscordAlerts alerts;
    private final TerminatingNamespaces namespaces;
    private final String temporalUiUrl;
    private final String temporalNamespace;
    private final ExecutorService work;
    private final DiscordAckTimer ackTimer;
    private final DiscordHistory history;
    private volatile boolean accepting = true;

    public DiscordInteractions(RemediationService service, ClusterRegistry clusters, DiscordChatPort chat,
                               DiscordProperties props, People people, ClickThrottle clicks, String temporalUiUrl,
                               String temporalNamespace) {
        this(service, clusters, chat, props, people, clicks, temporalUiUrl, temporalNamespace, DiscordAckTimer.NONE);
    }

    public DiscordInteractions(RemediationService service, ClusterRegistry clusters, DiscordChatPort chat,
                               DiscordProperties props, People people, ClickThrottle clicks, String temporalUiUrl,
                               String temporalNamespace, DiscordAckTimer ackTimer) {
        this(service, clusters, chat, props, people, clicks, temporalUiUrl, temporalNamespace, ackTimer, null);
    }

    /** @param alerts the watchers' cards; null when nothing serves them (their buttons are then refused) */
    public DiscordInteractions(RemediationService service, ClusterRegistry clusters, DiscordChatPort chat,
                               DiscordProperties props, People people, ClickThrottle clicks, String temporalUiUrl,
                               String temporalNamespace, DiscordAckTimer ackTimer, AlertService alerts) {
        this.ackTimer = ackTimer;
        this.service = service;
        this.clusters = clusters;
        this.chat = chat;
        this.props = props;
        this.users = new DiscordUsers(props, clusters, people);
        this.places = new DiscordPlaces(props);
        this.rateLimiter = new UserRateLimiter(props.rateLimit().commands(), props.rateLimit().per(),
                System::nanoTime, "unstuck.discord.rate-limit");
        this.temporalUiUrl = temporalUiUrl == null || temporalUiUrl.isBlank() ? null
                : temporalUiUrl.replaceAll("/+$", "");
        this.temporalNamespace = temporalNamespace;
        // Few threads: the work is Temporal round trips, and more threads would only take CPU from the acks.
        this.work = Executors.newFixedThreadPool(4, named("unstuck-discord-work"));
        this.namespaces = new TerminatingNamespaces(clusters, work, Duration.ofSeconds(30));
        this.buttons = new DiscordButtons(service, clusters, users, clicks, places, work, this::acked);
        this.history = new DiscordHistory(service, this.temporalUiUrl, temporalNamespace);
        this.alerts = alerts == null ? null : new DiscordAlerts(alerts, users, clicks, places, work, this::acked);
    }

    // ---- slash commands ------------------------------------------------------------------------------------

    @Override
    public void onSlashCommandInteraction(SlashCommandInteractionEvent e) {
        String name = e.getName();
        if (!name.equals(DiscordCommands.STUCK) && !name.equals(DiscordCommands.STATUS)
                && !name.equals(DiscordCommands.HISTORY) && !(name.equals(DiscordCommands.MUTE) && alerts != null)) {
            return;
        }
        Optional<String> refused = refusal(e);
        if (refused.isPresent()) {
            e.reply(refused.get()).setEphemeral(true).queue();
            return;
        }
        Duration wait = rateLimiter.tryAcquire(e.getUser().getId());
        if (!wait.isZero()) {
            e.reply("Slow down: at most " + props.rateLimit().commands() + " commands per "
                    + UserRateLimiter.human(props.rateLimit().per()) + "; try again in " + Math.max(1, wait.toSeconds()) + " s.")
                    .setEphemeral(true).queue();
            return;
        }
        String namespace = option(e, DiscordCommands.NAMESPACE);
        String clusterOption = option(e, DiscordCommands.CLUSTER);
        String workflowId = option(e, DiscordCommands.WORKFLOW_ID);
        Optional<String> badInput = badInput(name, namespace, clusterOption, workflowId);
        if (badInput.isPresent()) {
            e.reply(badInput.get()).setEphemeral(true).queue();
            return;
        }
        String cluster = cluster(clusterOption).orElseThrow();
        Member member = e.getMember();
        switch (name) {
            case DiscordCommands.STUCK -> {
                String guildId = e.getGuild().getId();
                String channelId = e.getChannel().getId();
                acked(e, e.deferReply())
                        .thenAcceptAsync(hook -> startLive(hook, guildId, channelId, users.of(member, cluster),
                                cluster, namespace), work)
                        .exceptionally(t -> failed("/" + name, t));
            }
            case DiscordCommands.MUTE -> alerts.onMute(e, member, cluster, option(e, DiscordCommands.FOR));
            case DiscordCommands.STATUS -> acked(e, e.deferReply(true))
                    .thenAcceptAsync(hook -> status(hook, cluster, namespace), work)
                    .exceptionally(t -> failed("/" + name, t));
            default -> acked(e, e.deferReply(true))
                    .thenAcceptAsync(hook -> history(hook, workflowId != null ? workflowId
                            : RemediationIds.workflowId(cluster, namespace)), work)
                    .exceptionally(t -> failed("/" + name, t));
        }
    }

    /** Sends the acknowledgement and times it from the interaction's creation, as Discord's 3 s limit counts. */
    CompletableFuture<InteractionHook> acked(Interaction e, ReplyCallbackAction ack) {
        return ack.submit().whenComplete((hook, failed) -> {
            if (failed == null) {
                ackTimer.acknowledged(e.getTimeCreated().toInstant(), Instant.now());
            }
        });
    }

    private Optional<String> badInput(String command, String namespace, String clusterOption, String workflowId) {
        if (clusterOption != null && !clusters.contains(clusterOption)) {
            return Optional.of("Unknown cluster '" + clusterOption + "'; known: " + sorted(clusters.aliases()) + ".");
        }
        if (cluster(clusterOption).isEmpty()) {
            return Optional.of("Which cluster? Add cluster: one of " + sorted(clusters.aliases()) + ".");
        }
        if (namespace == null) {
            if (command.equals(DiscordCommands.STUCK)) {
                return Optional.of("Missing option namespace: /" + command + " namespace:<name>.");
            }
            if (command.equals(DiscordCommands.HISTORY) && workflowId == null) {
                return Optional.of("Give namespace:<name> or workflow-id:<id>.");
            }
            return Optional.empty();
        }
        return NamespaceName.problem(namespace).map(p -> "Invalid namespace: " + p);
    }

    private void startLive(InteractionHook hook, String guildId, String channelId, ChatUser user, String cluster,
                           String namespace) {
        if (!accepting) {
            hook.editOriginal("Unstuck is shutting down; ask again in a minute.").queue();
            return;
        }
        Message placeholder = hook.hasCallbackResponse() && hook.getCallbackResponse().getMessage() != null
                ? hook.getCallbackResponse().getMessage() : hook.retrieveOriginal().complete();
        Conversation conversation = DiscordChatPort.conversation(guildId, channelId, placeholder.getId());
        chat.attachHook(placeholder.getId(), hook);
        StartResult started;
        try {
            started = service.startOrJoin(cluster, namespace, user, conversation);
        } catch (RuntimeException ex) {
            log.warn("remediation of {} on {} not started: {}", namespace, cluster, ex.toString());
            hook.editOriginal("Could not start the remediation of " + namespace + " on " + cluster + ": "
                    + ex.getMessage()).queue();
            return;
        }
        log.info("{} asked about namespace {} on {}: {} ({})", user.displayName(), namespace, cluster,
                started.joined() ? "joined" : "started", started.workflowId());
        if (started.joined()) {
            // Sent after the live message is drawn: a follow-up sent while the reply is still "thinking" would
            // take the reply's place.
            chat.whenShown(conversation, () -> hook.sendMessage(started.message()).setEphemeral(true).queue());
        }
    }

    private void status(InteractionHook hook, String cluster, String namespace) {
        if (namespace != null) {
            String workflowId = RemediationIds.workflowId(cluster, namespace);
            RemediationStatus s;
            try {
                s = service.status(workflowId);
            } catch (WorkflowNotFoundException notFound) {
                hook.editOriginal("No remediation of namespace " + namespace + " on " + cluster
                        + " has been asked for. Use /" + DiscordCommands.STUCK + " to start one.").queue();
                return;
            }
            DiscordRendering r = DiscordRenderer.renderWithoutButtons(RemediationMessages.live(s));
            hook.editOriginalEmbeds(r.embed()).complete();
            sendEphemeral(hook, r.overflow().stream().map(f -> "**" + f.name() + "**\n" + f.value()).toList());
            return;
        }
        List<StartResult> runs = service.runs();
        if (runs.isEmpty()) {
            hook.editOriginal("No remediations since Unstuck started.").queue();
            return;
        }
        List<String> lines = new ArrayList<>();
        for (StartResult run : runs.subList(Math.max(0, runs.size() - 20), runs.size())) {
            String line;
            try {
                RemediationStatus s = service.status(run.workflowId());
                line = "`" + s.workflowId() + "`: " + RemediationMessages.label(s.phase()) + " (asked by "
                        + s.requesters().stream().map(ChatUser::displayName).collect(Collectors.joining(", ")) + ")";
            } catch (RuntimeException ex) {
                line = "`" + run.workflowId() + "`: state unknown (" + ex.getMessage() + ")";
            }
            lines.add(line);
        }
        reply(hook, "**Remediations**\n" + String.join("\n", lines));
    }

    private void history(InteractionHook hook, String workflowId) {
        DiscordHistory.Answer answer;
        try {
            answer = history.answer(workflowId);
        } catch (RuntimeException ex) {
            hook.editOriginal("No history for `" + workflowId + "`: " + ex.getMessage()).queue();
            return;
        }
        reply(hook, answer.text());
        hook.sendFiles(answer.report()).setEphemeral(true).complete();
    }

    // ---- buttons -------------------------------------------------------------------------------------------

    @Override
    public void onButtonInteraction(ButtonInteractionEvent e) {
        if (alerts != null && AlertIds.isAlertButton(e.getComponentId())) {
            alerts.onClick(e);
            return;
        }
        buttons.onClick(e);
    }

    // ---- autocomplete --------------------------------------------------------------------------------------

    @Override
    public void onCommandAutoCompleteInteraction(CommandAutoCompleteInteractionEvent e) {
        if (!e.getName().startsWith(DiscordCommands.STUCK) || refusal(e).isPresent()) {
            e.replyChoiceStrings(List.of()).queue();
            return;
        }
        String typed = e.getFocusedOption().getValue();
        if (e.getFocusedOption().getName().equals(DiscordCommands.CLUSTER)) {
            e.replyChoiceStrings(matching(sorted(clusters.aliases()), typed)).queue();
            return;
        }
        Optional<String> cluster = cluster(option(e.getOption(DiscordCommands.CLUSTER)));
        if (cluster.isEmpty() || !e.getFocusedOption().getName().equals(DiscordCommands.NAMESPACE)) {
            e.replyChoiceStrings(List.of()).queue();
            return;
        }
        // Off the event thread: a cold cache means a namespace list, and other interactions must not wait on it.
        work.execute(() -> e.replyChoiceStrings(matching(namespaces.names(cluster.get(), AUTOCOMPLETE_WAIT), typed))
                .queue());
    }

    private static List<String> matching(List<String> names, String typed) {
        String prefix = typed == null ? "" : typed.toLowerCase();
        return names.stream().filter(n -> n.startsWith(prefix)).limit(MAX_CHOICES).toList();
    }

    /** Warms the namespace lists so the first autocomplete has them. */
    void warmUp() {
        clusters.aliases().forEach(alias -> work.execute(() -> namespaces.names(alias, Duration.ZERO)));
    }

    // ---- shared ----------------------------------------------------------------------------------------------

    private Optional<String> refusal(Interaction e) {
        return places.refusal(e);
    }

    private Optional<String> cluster(String option) {
        if (option != null) {
            return clusters.contains(option) ? Optional.of(option) : Optional.empty();
        }
        if (props.defaultCluster() != null && clusters.contains(props.defaultCluster())) {
            return Optional.of(props.defaultCluster());
        }
        return clusters.aliases().size() == 1 ? clusters.aliases().stream().findFirst() : Optional.empty();
    }

    private static String option(SlashCommandInteractionEvent e, String name) {
        return option(e.getOption(name));
    }

    private static String option(OptionMapping o) {
        if (o == null) {
            return null;
        }
        String v = o.getAsString().strip();
        return v.isEmpty() ? null : v;
    }

    /** Long text as ephemeral messages of at most 2000 characters: the first replaces "thinking", the rest follow. */
    static void reply(InteractionHook hook, String text) {
        List<String> chunks = DiscordRenderer.chunks(text.strip(), DiscordRenderer.MAX_CONTENT);
        // In order, each waiting for the last: a follow-up sent before the first edit lands would replace it.
        hook.editOriginal(chunks.get(0)).complete();
        sendEphemeral(hook, chunks.subList(1, chunks.size()));
    }

    private static void sendEphemeral(InteractionHook hook, List<String> texts) {
        for (String text : texts) {
            for (String chunk : DiscordRenderer.chunks(text, DiscordRenderer.MAX_CONTENT)) {
                MessageCreateData data = new MessageCreateBuilder().setContent(chunk)
                        .setAllowedMentions(EnumSet.noneOf(Message.MentionType.class)).build();
                hook.sendMessage(data).setEphemeral(true).complete();
            }
        }
    }

    static Void failed(String what, Throwable t) {
        log.warn("{} could not be answered: {}", what, t.toString());
        return null;
    }

    private static List<String> sorted(java.util.Set<String> s) {
        return s.stream().sorted().toList();
    }

    private static ThreadFactory named(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Stops taking commands and waits (bounded) for the ones being answered, before the connection closes. */
    void drain(Duration timeout) {
        accepting = false;
        work.shutdown();
        try {
            if (!work.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("{} Discord commands still running at shutdown were abandoned", work.shutdownNow().size());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            work.shutdownNow();
        }
    }
}
