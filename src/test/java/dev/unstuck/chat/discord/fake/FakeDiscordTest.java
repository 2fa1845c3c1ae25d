package dev.unstuck.chat.discord.fake;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import net.dv8tion.jda.api.EmbedBuilder;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.entities.EmbedType;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.MessageEmbed;
import net.dv8tion.jda.api.entities.Role;
import net.dv8tion.jda.api.entities.channel.concrete.TextChannel;
import net.dv8tion.jda.api.entities.channel.concrete.ThreadChannel;
import net.dv8tion.jda.api.entities.channel.middleman.GuildChannel;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.events.session.ReadyEvent;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.interactions.commands.Command;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.utils.Compression;
import net.dv8tion.jda.api.utils.ConcurrentSessionController;
import net.dv8tion.jda.api.utils.FileUpload;
import net.dv8tion.jda.api.utils.MemberCachePolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The unmodified JDA against the fake Discord: every flow the Unstuck adapter relies on, with JDA's log kept silent. */
class FakeDiscordTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private JdaLogWatch jdaLog;
    private FakeDiscord fake;
    private RecordingBot bot;
    private JDA jda;

    @BeforeEach
    void start() throws Exception {
        jdaLog = JdaLogWatch.install();
        fake = FakeDiscord.start();
        bot = new RecordingBot();
        jda = connect(fake, bot);
    }

    @AfterEach
    void stop() throws Exception {
        try {
            // JDA first: a fake that goes away under a live JDA sends it into a reconnect loop
            if (jda != null) {
                jda.shutdown();
                if (!jda.awaitShutdown(WAIT)) {
                    jda.shutdownNow();
                }
            }
        } finally {
            fake.close();
            jdaLog.uninstall();
        }
        assertThat(fake.unroutedRequests()).as("REST calls the fake does not model").isEmpty();
        assertThat(jdaLog.lines()).as("JDA warnings and errors").isEmpty();
    }

    static JDA connect(FakeDiscord fake, ListenerAdapter listener) throws Exception {
        String gateway = fake.gatewayUrl();
        CountDownLatch ready = new CountDownLatch(1);
        JDA jda = JDABuilder.createLight(fake.token(), EnumSet.of(GatewayIntent.GUILD_MEMBERS))
                .setMemberCachePolicy(MemberCachePolicy.ALL)
                .setRestConfig(new RestConfig().setBaseUrl(fake.restBaseUrl()))
                .setSessionController(new ConcurrentSessionController() {
                    @Override
                    public String getGateway() {
                        return gateway;
                    }
                })
                .setCompression(Compression.NONE)
                .addEventListeners(listener, new ListenerAdapter() {
                    @Override
                    public void onReady(ReadyEvent event) {
                        ready.countDown();
                    }
                })
                .build();
        // JDA has no awaitReady with a timeout; a bad GUILD_CREATE would block awaitReady for over a minute
        if (!ready.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            jda.shutdownNow();
            throw new AssertionError("JDA not ready within " + WAIT + ", status " + jda.getStatus());
        }
        return jda;
    }

    /** What the listener saw of a slash command, captured on JDA's event thread. */
    record SlashSeen(String command, String user, List<String> roles, Map<String, String> options, String channel,
                     InteractionHook hook) {
    }

    record ButtonSeen(String customId, String user, String messageId, String channel) {
    }

    /** A listener whose answers each test sets; the defaults ack at once like a bot that works afterwards. */
    static final class RecordingBot extends ListenerAdapter {
        final BlockingQueue<SlashSeen> slashes = new LinkedBlockingQueue<>();
        final BlockingQueue<ButtonSeen> clicks = new LinkedBlockingQueue<>();
        volatile Consumer<SlashCommandInteractionEvent> onSlash = e -> e.deferReply().queue();
        volatile Consumer<ButtonInteractionEvent> onButton = e -> e.deferEdit().queue();
        volatile Consumer<CommandAutoCompleteInteractionEvent> onAutocomplete =
                e -> e.replyChoices(Collections.emptyList()).queue();

        @Override
        public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
            Member member = event.getMember();
            Map<String, String> options = new LinkedHashMap<>();
            for (OptionMapping option : event.getOptions()) {
                options.put(option.getName(), option.getAsString());
            }
            onSlash.accept(event);
            slashes.add(new SlashSeen(event.getName(), member.getUser().getName(),
                    member.getRoles().stream().map(Role::getName).toList(), options, event.getChannel().getName(),
                    event.getHook()));
        }

        @Override
        public void onButtonInteraction(ButtonInteractionEvent event) {
            onButton.accept(event);
            clicks.add(new ButtonSeen(event.getComponentId(), event.getUser().getName(), event.getMessageId(),
                    event.getChannel().getName()));
        }

        @Override
        public void onCommandAutoCompleteInteraction(CommandAutoCompleteInteractionEvent event) {
            onAutocomplete.accept(event);
        }
    }

    private static <T> T next(BlockingQueue<T> queue) throws InterruptedException {
        T item = queue.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(item).as("event reached the listener within " + WAIT).isNotNull();
        return item;
    }

    private static MessageEmbed repairEmbed(String namespace) {
        return new EmbedBuilder().setTitle("Namespace " + namespace + " is stuck in Terminating")
                .setDescription("A finalizer waits on an unreachable API service.")
                .addField("Cause", "metrics.k8s.io/v1beta1 unavailable", false)
                .addField("Plan", "Repair the route to the metrics pod", false)
                .build();
    }

    /** Runs /unstuck as alice, answered by defer + embed + approve/reject buttons; returns the posted message. */
    private StoredMessage postApprovalCard(String namespace) throws Exception {
        bot.onSlash = e -> {
            e.deferReply().queue();
            e.getHook().editOriginalEmbeds(repairEmbed(namespace))
                    .setComponents(ActionRow.of(Button.primary("approve:" + namespace, "Approve"),
                            Button.danger("reject:" + namespace, "Reject")))
                    .queue();
        };
        InteractionResult slash = fake.sendSlashCommand("alice", "oncall", "unstuck", Map.of("namespace", namespace));
        return slash.awaitOriginal(WAIT, m -> !m.loading() && !m.embeds().isEmpty());
    }

    @Test
    void logsInAndCachesTheGuildWithRolesMembersAndChannels() {
        Guild guild = jda.getGuildById(fake.guild().id());
        assertThat(guild).isNotNull();
        assertThat(guild.getName()).isEqualTo("unstuck-test");
        assertThat(guild.getRoles()).extracting(Role::getName).contains("oncall", "sre", "@everyone");
        assertThat(guild.getTextChannels()).extracting(GuildChannel::getName).containsExactly("oncall", "random");
        Member alice = guild.getMemberById(fake.guild().memberNamed("alice").orElseThrow().userId());
        assertThat(alice).isNotNull();
        assertThat(alice.getRoles()).extracting(Role::getName).containsExactly("oncall");
        assertThat(guild.getMembers()).extracting(m -> m.getUser().getName())
                .containsExactlyInAnyOrder("unstuck", "alice", "bob", "carol");
        assertThat(jda.getSelfUser().getId()).isEqualTo(fake.botUserId());
        assertThat(fake.identifyCount()).isEqualTo(1);
        assertThat(fake.resumeCount()).isZero();
    }

    @Test
    void registersGlobalAndGuildCommands() {
        List<Command> global = jda.updateCommands()
                .addCommands(Commands.slash("unstuck", "Diagnose and repair a stuck namespace")
                        .addOption(OptionType.STRING, "namespace", "the namespace", true, true))
                .complete();
        List<Command> local = jda.getGuildById(fake.guild().id()).updateCommands()
                .addCommands(Commands.slash("diagnose", "Explain why a namespace is stuck")
                        .addOption(OptionType.STRING, "namespace", "the namespace", true))
                .complete();

        Map<String, JsonArray> registered = fake.registeredCommands();
        assertThat(registered.get("global")).hasSize(1);
        assertThat(registered.get("global").get(0).getAsJsonObject().get("name").getAsString()).isEqualTo("unstuck");
        assertThat(global.get(0).getId())
                .isEqualTo(registered.get("global").get(0).getAsJsonObject().get("id").getAsString());
        assertThat(registered.get(fake.guild().id()).get(0).getAsJsonObject().get("name").getAsString())
                .isEqualTo("diagnose");
        assertThat(local.get(0).getName()).isEqualTo("diagnose");
        assertThat(local.get(0).getOptions()).extracting(Command.Option::getName).containsExactly("namespace");
    }

    @Test
    void slashCommandReachesTheListenerAndTheDeferredReplyIsEditedWithEmbedAndButtons() throws Exception {
        StoredMessage card = postApprovalCard("dev");

        SlashSeen seen = next(bot.slashes);
        assertThat(seen.command()).isEqualTo("unstuck");
        assertThat(seen.user()).isEqualTo("alice");
        assertThat(seen.roles()).containsExactly("oncall");
        assertThat(seen.options()).containsExactly(Map.entry("namespace", "dev"));
        assertThat(seen.channel()).isEqualTo("oncall");

        assertThat(card.embedTitles()).containsExactly("Namespace dev is stuck in Terminating");
        assertThat(card.embedList().get(0).getAsJsonArray("fields")).hasSize(2);
        assertThat(card.customIds()).containsExactly("approve:dev", "reject:dev");
        assertThat(card.ephemeral()).isFalse();
        assertThat(card.editCount()).isEqualTo(1);
        assertThat(fake.messages("oncall")).extracting(StoredMessage::id).containsExactly(card.id());
        assertThat(fake.messages("random")).isEmpty();
    }

    @Test
    void roleOfTheInvokingMemberIsVisibleForEveryUser() throws Exception {
        fake.sendSlashCommand("bob", "random", "diagnose", Map.of("namespace", "prod", "verbose", true))
                .awaitCallback(WAIT);
        fake.sendSlashCommand("carol", "oncall", "diagnose", Map.of("namespace", "prod")).awaitCallback(WAIT);

        SlashSeen bob = next(bot.slashes);
        SlashSeen carol = next(bot.slashes);
        assertThat(bob.roles()).containsExactly("sre");
        assertThat(bob.channel()).isEqualTo("random");
        assertThat(bob.options()).containsEntry("verbose", "true");
        assertThat(carol.roles()).isEmpty();
    }

    @Test
    void buttonClickIsDeferredThenTheCardIsEditedAndAnEphemeralNoteSent() throws Exception {
        StoredMessage card = postApprovalCard("dev");
        bot.onButton = e -> {
            e.deferEdit().queue();
            e.getHook().editOriginal("Approved by " + e.getUser().getName()).setComponents().queue();
            e.getHook().sendMessage("Your approval was recorded").setEphemeral(true).queue();
        };

        InteractionResult click = fake.sendButtonClick("bob", "oncall", card.id(), "approve:dev");

        ButtonSeen seen = next(bot.clicks);
        assertThat(seen).isEqualTo(new ButtonSeen("approve:dev", "bob", card.id(), "oncall"));
        Callback ack = click.awaitCallback(WAIT);
        assertThat(ack.type()).isEqualTo(Callback.DEFER_UPDATE);
        StoredMessage approved = fake.awaitMessageById(card.id(), WAIT, m -> m.content().startsWith("Approved"));
        assertThat(approved.content()).isEqualTo("Approved by bob");
        assertThat(approved.customIds()).isEmpty();
        assertThat(approved.embedTitles()).as("embeds kept: the edit did not mention them").hasSize(1);
        List<StoredMessage> notes = click.awaitEphemeralReplies(WAIT, 1);
        assertThat(notes).extracting(StoredMessage::content).containsExactly("Your approval was recorded");
        assertThat(fake.ephemeralReplies(click)).hasSize(1);
        assertThat(fake.messages("oncall")).extracting(StoredMessage::id).containsExactly(card.id());
    }

    @Test
    void buttonClickAnsweredWithAnEphemeralDeferredReply() throws Exception {
        StoredMessage card = postApprovalCard("dev");
        bot.onButton = e -> {
            e.deferReply(true).queue();
            e.getHook().editOriginal("carol may not approve: the oncall role is required").queue();
        };

        InteractionResult click = fake.sendButtonClick("carol", card.id(), "approve:dev");

        Callback ack = click.awaitCallback(WAIT);
        assertThat(ack.type()).isEqualTo(Callback.DEFER_REPLY);
        assertThat(ack.ephemeral()).isTrue();
        List<StoredMessage> replies = click.awaitEphemeralReplies(WAIT, 1);
        assertThat(replies.get(0).content()).contains("oncall role is required");
        assertThat(fake.messages("oncall")).extracting(StoredMessage::id).containsExactly(card.id());
        assertThat(fake.message(card.id()).orElseThrow().customIds()).containsExactly("approve:dev", "reject:dev");
    }

    @Test
    void expiredInteractionTokenFailsHookEditsWhileTheBotTokenStillEditsTheMessage() throws Exception {
        StoredMessage card = postApprovalCard("dev");
        InteractionHook hook = next(bot.slashes).hook();

        fake.expireInteractionTokens();

        assertThatThrownBy(() -> hook.editOriginal("approval timed out").submit().join())
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOfSatisfying(ErrorResponseException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo(50027);
                    assertThat(e.getResponse().code).isEqualTo(401);
                });
        TextChannel channel = jda.getTextChannelById(card.channelId());
        Message edited = channel.editMessageById(card.id(), "Approval timed out after 30 minutes")
                .setComponents().submit().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(edited.getContentRaw()).isEqualTo("Approval timed out after 30 minutes");
        StoredMessage stored = fake.message(card.id()).orElseThrow();
        assertThat(stored.content()).isEqualTo("Approval timed out after 30 minutes");
        assertThat(stored.customIds()).isEmpty();
        assertThat(stored.editCount()).isEqualTo(2);
    }

    @Test
    void serverSideDisconnectIsResumedAndMissedInteractionsReplayed() throws Exception {
        fake.disconnect(1001);
        InteractionResult missed = fake.sendSlashCommand("alice", "oncall", "unstuck", Map.of("namespace", "dev"));

        assertThat(missed.awaitCallback(WAIT).type()).isEqualTo(Callback.DEFER_REPLY);
        assertThat(next(bot.slashes).options()).containsEntry("namespace", "dev");
        InteractionResult later = fake.sendSlashCommand("bob", "oncall", "unstuck", Map.of("namespace", "staging"));
        assertThat(later.awaitCallback(WAIT).type()).isEqualTo(Callback.DEFER_REPLY);
        assertThat(next(bot.slashes).user()).isEqualTo("bob");
        assertThat(fake.resumeCount()).isEqualTo(1);
        assertThat(fake.identifyCount()).as("resumed, not a new session").isEqualTo(1);
        assertThat(fake.gatewayConnectionCount()).isEqualTo(2);
        assertThat(fake.replayedDispatchCount()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void twoClientsWithTheSameToken_eachInteractionGoesToExactlyOneOpenSession() throws Exception {
        RecordingBot second = new RecordingBot();
        JDA other = connect(fake, second);
        try {
            assertThat(fake.openSessionCount()).isEqualTo(2);
            assertThat(fake.mostSessionsOpenAtOnce()).isEqualTo(2);
            List<InteractionResult> sent = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                sent.add(fake.sendSlashCommand("alice", "oncall", "unstuck", Map.of("namespace", "ns" + i)));
            }
            for (InteractionResult r : sent) {
                assertThat(r.awaitCallback(WAIT).type()).isEqualTo(Callback.DEFER_REPLY);
                assertThat(r.deliveredTo()).hasSize(1);
                assertThat(fake.callbackPosts(r.interactionId())).isEqualTo(1);
            }
            assertThat(sent.stream().map(r -> r.deliveredTo().get(0)).distinct()).as("both sessions get some")
                    .hasSize(2);
            assertThat(bot.slashes.size() + second.slashes.size()).isEqualTo(4);
            assertThat(bot.slashes).isNotEmpty();
            assertThat(second.slashes).isNotEmpty();
        } finally {
            other.shutdown();
            other.awaitShutdown(WAIT);
        }
    }

    @Test
    void aSessionItsClientClosed_getsNoLaterInteraction_andCannotBeResumed() throws Exception {
        RecordingBot second = new RecordingBot();
        JDA other = connect(fake, second);
        SessionRecord first = fake.sessions().get(0);
        jda.shutdown();
        assertThat(jda.awaitShutdown(WAIT)).isTrue();
        jda = null;
        fake.awaitReadySession(0, WAIT);
        try {
            waitUntil(() -> first.ended());
            assertThat(fake.openSessionCount()).isEqualTo(1);
            for (int i = 0; i < 3; i++) {
                InteractionResult r = fake.sendSlashCommand("bob", "oncall", "unstuck", Map.of("namespace", "n" + i));
                assertThat(r.awaitCallback(WAIT).type()).isEqualTo(Callback.DEFER_REPLY);
                assertThat(r.deliveredTo()).containsExactly(fake.sessions().get(1).id());
            }
            assertThat(second.slashes).hasSize(3);
            assertThat(bot.slashes).isEmpty();
        } finally {
            other.shutdown();
            other.awaitShutdown(WAIT);
        }
    }

    @Test
    void aPostRepeatedWithItsNonceGetsTheFirstMessage_asDiscordEnforcesNonces() {
        TextChannel oncall = jda.getTextChannelById(fake.guild().channelNamed("oncall").orElseThrow().id());

        Message first = oncall.sendMessage("Summary of dev").setNonce("unstuck-summary-1").complete();
        Message again = oncall.sendMessage("Summary of dev").setNonce("unstuck-summary-1").complete();
        Message other = oncall.sendMessage("Summary of staging").setNonce("unstuck-summary-2").complete();

        assertThat(again.getId()).isEqualTo(first.getId());
        assertThat(other.getId()).isNotEqualTo(first.getId());
        assertThat(fake.messages("oncall")).extracting(StoredMessage::content)
                .containsExactly("Summary of dev", "Summary of staging");
        assertThat(fake.noncesHonoured()).isEqualTo(1);
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition met within " + WAIT).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void validationRejectsAnEmbedWithTwentySixFields() {
        List<MessageEmbed.Field> fields = new ArrayList<>();
        EmbedBuilder builder = new EmbedBuilder().setTitle("Too many findings");
        for (int i = 0; i < 26; i++) {
            fields.add(new MessageEmbed.Field("Finding " + i, "pod-" + i + " unreachable", true));
            builder.addField(fields.get(i));
        }
        assertThatThrownBy(builder::build).as("JDA's builder refuses locally").isInstanceOf(IllegalStateException.class);
        // an embed made without the builder reaches Discord, which is where the limit really holds
        MessageEmbed embed = new MessageEmbed(null, "Too many findings", null, EmbedType.RICH, null,
                Role.DEFAULT_COLOR_RAW, null, null, null, null, null, null, fields, 0);
        TextChannel oncall = jda.getTextChannelById(fake.guild().channelNamed("oncall").orElseThrow().id());

        assertThatThrownBy(() -> oncall.sendMessageEmbeds(embed).submit().join())
                .cause().isInstanceOfSatisfying(ErrorResponseException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo(50035);
                    assertThat(e.getResponse().code).isEqualTo(400);
                    assertThat(e.getMeaning()).contains("Invalid Form Body");
                });
        assertThat(fake.messages("oncall")).isEmpty();
    }

    @Test
    void validationMirrorsDiscordLimitsOnRawRequests() throws Exception {
        String channel = fake.guild().channelNamed("oncall").orElseThrow().id();
        JsonObject longContent = new JsonObject();
        longContent.addProperty("content", "x".repeat(2001));
        assertThat(errors(post("channels/" + channel + "/messages", longContent)))
                .isEqualTo("{\"content\":{\"_errors\":[{\"code\":\"BASE_TYPE_MAX_LENGTH\","
                        + "\"message\":\"Must be 2000 or fewer in length.\"}]}}");

        JsonObject bigField = JsonParser.parseString("{\"embeds\":[{\"title\":\"t\",\"fields\":[{\"name\":\"n\",\"value\":\""
                + "v".repeat(1025) + "\"}]}]}").getAsJsonObject();
        assertThat(errors(post("channels/" + channel + "/messages", bigField)))
                .contains("\"embeds\":{\"0\":{\"fields\":{\"0\":{\"value\"");

        JsonArray rows = new JsonArray();
        for (int r = 0; r < 6; r++) {
            JsonArray buttons = new JsonArray();
            for (int b = 0; b < 6; b++) {
                buttons.add(JsonParser.parseString("{\"type\":2,\"style\":1,\"label\":\"b\",\"custom_id\":\""
                        + "c".repeat(r == 0 && b == 0 ? 101 : 5) + "\"}"));
            }
            JsonObject row = new JsonObject();
            row.addProperty("type", 1);
            row.add("components", buttons);
            rows.add(row);
        }
        JsonObject components = new JsonObject();
        components.add("components", rows);
        String componentErrors = errors(post("channels/" + channel + "/messages", components));
        assertThat(componentErrors).contains("\"components\":{\"_errors\"")
                .contains("\"0\":{\"components\":{\"_errors\"")
                .contains("\"custom_id\"");

        HttpResponse<String> wrongToken = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(fake.restBaseUrl() + "users/@me")).header("Authorization", "Bot nope").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(wrongToken.statusCode()).isEqualTo(401);
    }

    private HttpResponse<String> post(String path, JsonObject body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(fake.restBaseUrl() + path))
                .header("Authorization", "Bot " + fake.token())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String errors(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(400);
        JsonObject body = JsonParser.parseString(response.body()).getAsJsonObject();
        assertThat(body.get("code").getAsInt()).isEqualTo(50035);
        assertThat(body.get("message").getAsString()).isEqualTo("Invalid Form Body");
        return body.get("errors").toString();
    }

    @Test
    void threadStartedFromTheCardTakesFollowUpPosts() throws Exception {
        StoredMessage card = postApprovalCard("dev");
        TextChannel oncall = jda.getTextChannelById(card.channelId());

        ThreadChannel thread = oncall.retrieveMessageById(card.id()).complete()
                .createThreadChannel("repair dev").complete();
        thread.sendMessage("Route entry rte-1 repaired").complete();

        assertThat(thread.getId()).isEqualTo(card.id());
        assertThat(fake.thread(card.id())).map(FakeChannel::name).contains("repair dev");
        assertThat(fake.messages("repair dev")).extracting(StoredMessage::content)
                .containsExactly("Route entry rte-1 repaired");
        assertThat(fake.messages("oncall")).hasSize(1);
    }

    @Test
    void autocompleteGetsChoices() throws Exception {
        bot.onAutocomplete = e -> e.replyChoices(new Command.Choice("dev", "dev"), new Command.Choice("dev-2", "dev-2"))
                .queue();

        InteractionResult typing = fake.sendAutocomplete("alice", "oncall", "unstuck", Map.of("namespace", "de"),
                "namespace");

        Callback answer = typing.awaitCallback(WAIT);
        assertThat(answer.type()).isEqualTo(Callback.AUTOCOMPLETE_RESULT);
        assertThat(answer.data().getAsJsonArray("choices")).hasSize(2);
    }

    @Test
    void outageOfTwoRequestsIsRetriedByJda() throws Exception {
        fake.failNextRequests(2, 503);

        InteractionResult slash = fake.sendSlashCommand("alice", "oncall", "unstuck", Map.of("namespace", "dev"));

        assertThat(slash.awaitCallback(WAIT).type()).isEqualTo(Callback.DEFER_REPLY);
        assertThat(fake.requests()).extracting(RecordedRequest::status).contains(503, 503);
    }

    @Test
    void rateLimitedCallbackIsRetriedAfterRetryAfter() throws Exception {
        fake.rateLimitNextRequests(1, 0.5);

        InteractionResult slash = fake.sendSlashCommand("alice", "oncall", "unstuck", Map.of("namespace", "dev"));

        assertThat(slash.awaitCallback(WAIT).type()).isEqualTo(Callback.DEFER_REPLY);
        assertThat(fake.requests()).filteredOn(r -> r.path().startsWith("interactions/"))
                .first().extracting(RecordedRequest::status).isEqualTo(429);
        // the Retry-After header is whole seconds, so JDA waited about one before trying again
        assertThat(slash.awaitAckLatency(WAIT)).isGreaterThan(Duration.ofMillis(500));
    }

    @Test
    void ackAfterThreeSecondsIsRefusedAsUnknownInteraction() throws Exception {
        CountDownLatch arrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        bot.onSlash = e -> {
            arrived.countDown();
            try {
                release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            e.deferReply().submit().whenComplete((ok, error) -> outcome.complete(error));
        };

        InteractionResult slow = fake.sendSlashCommand("alice", "oncall", "unstuck", Map.of("namespace", "dev"));
        assertThat(arrived.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        fake.advanceClock(Duration.ofSeconds(4));
        release.countDown();

        assertThat(outcome.get(WAIT.toMillis(), TimeUnit.MILLISECONDS))
                .isInstanceOfSatisfying(ErrorResponseException.class,
                        e -> assertThat(e.getErrorCode()).isEqualTo(10062));
        assertThat(slow.callback()).isEmpty();
        assertThat(slow.original()).isEmpty();
    }

    @Test
    void firstFollowUpAfterADeferReplacesThePlaceholderAndLaterOnesAreNewMessages() throws Exception {
        bot.onSlash = e -> {
            e.deferReply().queue();
            e.getHook().sendMessage("Diagnosis: finalizer waits on metrics.k8s.io").queue();
            e.getHook().sendMessage("Repair plan follows").queue();
        };

        InteractionResult slash = fake.sendSlashCommand("alice", "oncall", "diagnose", Map.of("namespace", "dev"));
        InteractionHook hook = next(bot.slashes).hook();
        fake.awaitMessage("oncall", WAIT, m -> m.content().equals("Repair plan follows"));

        StoredMessage original = slash.original().orElseThrow();
        assertThat(original.content()).isEqualTo("Diagnosis: finalizer waits on metrics.k8s.io");
        assertThat(original.loading()).isFalse();
        assertThat(slash.followUps()).extracting(StoredMessage::content).containsExactly("Repair plan follows");
        assertThat(fake.messages("oncall")).hasSize(2);
        assertThat(hook.retrieveOriginal().complete().getContentRaw()).startsWith("Diagnosis");

        hook.deleteMessageById(slash.followUps().get(0).id()).complete();
        assertThat(fake.messages("oncall")).extracting(StoredMessage::id).containsExactly(original.id());
    }

    @Test
    void multipartPostWithAFileIsReadFromItsPayloadJson() {
        TextChannel oncall = jda.getTextChannelById(fake.guild().channelNamed("oncall").orElseThrow().id());

        Message sent = oncall.sendMessage("Repair plan attached")
                .addFiles(FileUpload.fromData("kubectl patch apiservice v1beta1.metrics.k8s.io".getBytes(UTF_8),
                        "plan.txt"))
                .complete();

        assertThat(fake.message(sent.getId())).map(StoredMessage::content).contains("Repair plan attached");
    }

    @Test
    void ackLatencyOfFiftyConcurrentSlashCommands() throws Exception {
        // warm-up: the first interactions pay for class loading and JIT in both JDA and the fake
        for (int i = 0; i < 10; i++) {
            fake.sendSlashCommand("alice", "oncall", "unstuck", Map.of("namespace", "warm-" + i)).awaitCallback(WAIT);
        }
        List<InteractionResult> burst = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            burst.add(fake.sendSlashCommand(i % 2 == 0 ? "alice" : "bob", "oncall", "unstuck",
                    Map.of("namespace", "ns-" + i)));
        }
        List<Long> concurrent = new ArrayList<>();
        for (InteractionResult result : burst) {
            concurrent.add(result.awaitAckLatency(WAIT).toNanos());
            assertThat(result.callback()).map(Callback::type).contains(Callback.DEFER_REPLY);
        }
        List<Long> oneAtATime = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            oneAtATime.add(fake.sendSlashCommand("alice", "oncall", "unstuck", Map.of("namespace", "seq-" + i))
                    .awaitAckLatency(WAIT).toNanos());
        }
        System.out.println("ack latency, 50 concurrent slash commands: " + percentiles(concurrent));
        System.out.println("ack latency, 50 slash commands one at a time: " + percentiles(oneAtATime));
    }

    private static String percentiles(List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        double p50 = sorted.get(sorted.size() / 2 - 1) / 1e6;
        double p99 = sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1) / 1e6;
        double max = sorted.get(sorted.size() - 1) / 1e6;
        return String.format("p50 %.1f ms, p99 %.1f ms, max %.1f ms", p50, p99, max);
    }
}
