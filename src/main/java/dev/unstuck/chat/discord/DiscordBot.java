package dev.unstuck.chat.discord;

import dev.unstuck.ha.LeaderDuty;
import dev.unstuck.ha.LeaseElection;
import dev.unstuck.ops.GatewayLeadership;
import io.temporal.worker.WorkerFactory;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.events.session.ReadyEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.utils.Compression;
import net.dv8tion.jda.api.utils.ConcurrentSessionController;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bot's life. With a Lease ({@link LeaseElection}) the replica holding it opens the Discord gateway and the
 * Discord chat worker, and closes both the moment it loses the Lease; without one (the sandbox, or a single replica)
 * the gateway opens at start. On shutdown it stops taking commands, lets the ones being answered finish, closes the
 * connection and only then releases the Lease, all before the Temporal client and clusters it uses go away (a
 * lifecycle phase stops before any bean is destroyed). JDA reconnects and resumes sessions by itself.
 */
public final class DiscordBot implements SmartLifecycle, LeaderDuty {
    private static final Logger log = LoggerFactory.getLogger(DiscordBot.class);

    private final DiscordProperties props;
    private final DiscordSession session;
    private final DiscordInteractions interactions;
    private final DiscordChatPort chat;
    private final DiscordChatWorker chatWorker;
    private final LeaseElection election;
    private final GatewayLeadership leadership;
    private final Object sessions = new Object();
    private ExecutorService eventPool;
    private volatile JDA jda;
    private volatile boolean running;

    /** @param election null to hold the gateway without a Lease */
    DiscordBot(DiscordProperties props, DiscordSession session, DiscordInteractions interactions,
               DiscordChatPort chat, DiscordChatWorker chatWorker, LeaseElection election,
               GatewayLeadership leadership) {
        this.props = props;
        this.session = session;
        this.interactions = interactions;
        this.chat = chat;
        this.chatWorker = chatWorker;
        this.election = election;
        this.leadership = leadership;
    }

    private static ThreadFactory eventThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "unstuck-discord-events-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void start() {
        running = true;
        if (election == null) {
            log.info("Holding the Discord gateway without a lease: run this process as the only replica");
            take();
            return;
        }
        election.start(this);
        // A single replica, or the first of several, answers Discord before start-up ends; another replica holding
        // the Lease ends the wait at once.
        long deadline = System.nanoTime() + props.readyTimeout().toNanos();
        while (System.nanoTime() < deadline && !session.connected() && !heldElsewhere()) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private boolean heldElsewhere() {
        String holder = election.holder();
        return holder != null && !holder.equals(election.settings().identity());
    }

    /** Opens the gateway: this replica holds the Lease (or needs none). */
    @Override
    public void take() {
        CountDownLatch ready = new CountDownLatch(1);
        JDA connection;
        synchronized (sessions) {
            if (!running || jda != null) {
                return;
            }
            leadership.set(true);
            eventPool = Executors.newFixedThreadPool(4, eventThreads());
            // Interactions carry the member and its roles; no privileged intent (members, message content) is needed.
            JDABuilder builder = JDABuilder.createLight(props.token(), EnumSet.noneOf(GatewayIntent.class))
                    .setEnableShutdownHook(false)
                    // Events run on a small pool instead of the gateway's read thread, so one slow handler never
                    // delays the next interaction's acknowledgement (Discord allows 3 s).
                    .setEventPool(eventPool, true)
                    .addEventListeners(interactions, new ListenerAdapter() {
                        @Override
                        public void onReady(ReadyEvent event) {
                            registerCommands(event.getJDA());
                            interactions.warmUp();
                            ready.countDown();
                        }
                    });
            if (props.restBaseUrl() != null && !props.restBaseUrl().isBlank()) {
                builder.setRestConfig(new RestConfig().setBaseUrl(props.restBaseUrl()));
            }
            if (props.gatewayUrl() != null && !props.gatewayUrl().isBlank()) {
                String gateway = props.gatewayUrl();
                builder.setSessionController(new ConcurrentSessionController() {
                    @Override
                    public String getGateway() {
                        return gateway;
                    }
                }).setCompression(Compression.NONE);
            }
            try {
                connection = builder.build();
            } catch (RuntimeException e) {
                leadership.set(false);
                eventPool.shutdownNow();
                throw e;
            }
            if (props.applicationId() != null && !props.applicationId().isBlank()
                    && !props.applicationId().equals(connection.getSelfUser().getApplicationId())) {
                connection.shutdownNow();
                leadership.set(false);
                throw new IllegalStateException("unstuck.discord.token belongs to application "
                        + connection.getSelfUser().getApplicationId() + ", not unstuck.discord.application-id "
                        + props.applicationId());
            }
            jda = connection;
            session.connected(connection);
            chatWorker.start();
        }
        try {
            if (!ready.await(props.readyTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("Discord session not ready within {}; going on, commands are registered once it is",
                        props.readyTimeout());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("Discord bot {} logged in ({} command registration)", connection.getSelfUser().getName(),
                props.commandScope());
    }

    private void registerCommands(JDA connection) {
        if (props.commandScope() == DiscordProperties.CommandScope.GLOBAL) {
            connection.updateCommands().addCommands(DiscordCommands.all()).queue(
                    ok -> log.info("registered {} global slash commands", ok.size()),
                    e -> log.warn("global slash commands not registered: {}", e.toString()));
            return;
        }
        for (String id : props.guildIds()) {
            Guild guild = connection.getGuildById(id);
            if (guild == null) {
                log.warn("guild {} from unstuck.discord.guild-ids: the bot is not a member; no commands there", id);
                continue;
            }
            guild.updateCommands().addCommands(DiscordCommands.all()).queue(
                    ok -> log.info("registered {} slash commands in guild {}", ok.size(), guild.getName()),
                    e -> log.warn("slash commands not registered in guild {}: {}", guild.getName(), e.toString()));
        }
    }

    /** The Lease is lost: the gateway and the chat worker close at once, nothing queued is sent any more. */
    @Override
    public void giveUp() {
        close(Duration.ZERO);
    }

    /**
     * Closes the session. With a grace period, what is queued (acks, edits) is still sent first; without one the
     * connection is cut at once, because another replica may hold the gateway any moment.
     */
    private void close(Duration grace) {
        JDA connection;
        WorkerFactory worker;
        ExecutorService events;
        synchronized (sessions) {
            connection = jda;
            jda = null;
            events = eventPool;
            eventPool = null;
            leadership.set(false);
            worker = chatWorker.stop();
            if (connection == null) {
                return;
            }
            session.disconnected(connection);
            chat.sessionClosed();
            if (grace.isZero()) {
                connection.shutdownNow();
            } else {
                // shutdown() still sends what is queued (acks, edits); shutdownNow() only if that takes too long.
                connection.shutdown();
            }
        }
        try {
            if (!connection.awaitShutdown(grace.isZero() ? Duration.ofSeconds(5) : grace)) {
                connection.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            connection.shutdownNow();
        }
        DiscordChatWorker.awaitStopped(worker, Duration.ofSeconds(5));
        if (events != null) {
            events.shutdownNow();
        }
        log.info("Discord gateway closed{}", grace.isZero() ? " at once" : "");
    }

    @Override
    public void stop() {
        running = false;
        Duration timeout = props.shutdownTimeout();
        interactions.drain(timeout);
        close(timeout);
        if (election != null) {
            // Only now, with the gateway closed: the next holder never overlaps this one.
            election.close();
        }
        chat.close();
        log.info("Discord bot disconnected");
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // Stops among the first: before anything the answers need (Temporal, cluster clients) is closed.
        return SmartLifecycle.DEFAULT_PHASE - 512;
    }
}
