package dev.unstuck.chat.discord;

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
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.TimeUnit;

/**
 * The bot's life: log in, register the slash commands, and on shutdown stop taking commands, let the ones being
 * answered finish, then close the connection, all before the Temporal client and clusters it uses go away (a
 * lifecycle phase stops before any bean is destroyed). JDA reconnects and resumes sessions by itself.
 */
public final class DiscordBot implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(DiscordBot.class);

    private final DiscordProperties props;
    private final DiscordSession session;
    private final DiscordInteractions interactions;
    private final DiscordChatPort chat;
    private volatile JDA jda;

    public DiscordBot(DiscordProperties props, DiscordSession session, DiscordInteractions interactions,
                      DiscordChatPort chat) {
        this.props = props;
        this.session = session;
        this.interactions = interactions;
        this.chat = chat;
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
        CountDownLatch ready = new CountDownLatch(1);
        // Interactions carry the member and its roles; no privileged intent (members, message content) is needed.
        JDABuilder builder = JDABuilder.createLight(props.token(), EnumSet.noneOf(GatewayIntent.class))
                .setEnableShutdownHook(false)
                // Events run on a small pool instead of the gateway's read thread, so one slow handler never delays
                // the next interaction's acknowledgement (Discord allows 3 s).
                .setEventPool(Executors.newFixedThreadPool(4, eventThreads()), true)
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
        JDA connection = builder.build();
        if (props.applicationId() != null && !props.applicationId().isBlank()
                && !props.applicationId().equals(connection.getSelfUser().getApplicationId())) {
            connection.shutdownNow();
            throw new IllegalStateException("unstuck.discord.token belongs to application "
                    + connection.getSelfUser().getApplicationId() + ", not unstuck.discord.application-id "
                    + props.applicationId());
        }
        jda = connection;
        session.connected(connection);
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

    @Override
    public void stop() {
        JDA connection = jda;
        if (connection == null) {
            return;
        }
        Duration timeout = props.shutdownTimeout();
        interactions.drain(timeout);
        // shutdown() still sends what is queued (acks, edits); shutdownNow() only if that takes too long.
        connection.shutdown();
        try {
            if (!connection.awaitShutdown(timeout)) {
                connection.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            connection.shutdownNow();
        }
        chat.close();
        jda = null;
        log.info("Discord bot disconnected");
    }

    @Override
    public boolean isRunning() {
        return jda != null;
    }

    @Override
    public int getPhase() {
        // Stops among the first: before anything the answers need (Temporal, cluster clients) is closed.
        return SmartLifecycle.DEFAULT_PHASE - 512;
    }
}
