package dev.unstuck.chat.discord;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.unstuck.chat.ClickThrottle;
import dev.unstuck.chat.RefusalLog;
import dev.unstuck.chat.console.ConsoleHttp;
import dev.unstuck.chat.console.ConsoleStories;
import dev.unstuck.chat.discord.fake.FakeDiscord;
import dev.unstuck.chat.discord.fake.StoredMessage;
import dev.unstuck.workflow.ButtonClick;
import dev.unstuck.workflow.DecisionRecord;
import dev.unstuck.workflow.DecisionVerdict;
import dev.unstuck.workflow.RemediationIds;
import dev.unstuck.workflow.RemediationPhase;
import dev.unstuck.workflow.RemediationService;
import io.temporal.api.enums.v1.EventType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static dev.unstuck.chat.discord.DiscordStories.APPROVE;
import static dev.unstuck.chat.discord.DiscordStories.DETAILS;
import static dev.unstuck.chat.discord.DiscordStories.REJECT;
import static dev.unstuck.chat.discord.DiscordStories.WAIT;
import static dev.unstuck.chat.discord.DiscordStories.button;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Forged and replayed buttons, foreign servers and channels, self-approval across adapters, a role named like the
 * approvers', floods: attempted through the real JDA against the fake Discord and through the console's HTTP API,
 * on one bot with one real-cluster-like sandbox ("prod"). Every attempt is answered with one line, executes nothing
 * and is recorded, in the remediation's own history when it reached one and in the refusal log when it did not.
 *
 * <p>Who is who: alice and bob are people with a Discord account and a console login each. On Discord the members of
 * the roles "sre" and "oncall" (mapped by id) approve on prod; on the console alice, bob, dave and erin hold "sre".
 * Mallory holds a Discord role she made herself and named "sre".
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "unstuck.console.auth=basic",
        "unstuck.console.users.alice.roles=oncall,sre",
        "unstuck.console.users.alice.password-hash=" + ForgedAndAbusiveClicksTest.HASH,
        "unstuck.console.users.bob.roles=sre",
        "unstuck.console.users.bob.password-hash=" + ForgedAndAbusiveClicksTest.HASH,
        "unstuck.console.users.dave.roles=sre",
        "unstuck.console.users.dave.password-hash=" + ForgedAndAbusiveClicksTest.HASH,
        "unstuck.console.users.erin.roles=sre",
        "unstuck.console.users.erin.password-hash=" + ForgedAndAbusiveClicksTest.HASH,
        "unstuck.console.users.mallory.password-hash=" + ForgedAndAbusiveClicksTest.HASH,
        "unstuck.people.alice.discord=1200000000000001001",
        "unstuck.people.alice.console=alice",
        "unstuck.people.bob.discord=1200000000000001002",
        "unstuck.people.bob.console=bob",
        "unstuck.click-rate-limit.clicks=5",
        "unstuck.click-rate-limit.per=1m"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ForgedAndAbusiveClicksTest {
    /** htpasswd -nbBC 10 any 'drill-password': one password for everyone in this drill. */
    static final String HASH = "$2y$10$bmr7W0qYvlZ3cfKui2WkjuvnUcUfBLtRy/2quHaa3ltfk5JXQ8iJG";
    static final String PASSWORD = "drill-password";
    private static final String PROD = "prod";
    private static final DiscordWorld WORLD = new DiscordWorld(Map.of(PROD, DiscordWorld.STORIES))
            .discordApprovers(PROD, DiscordWorld.SRE, DiscordWorld.ONCALL).withConsole();
    private static final String ALICE = "discord:1200000000000001001";
    private static final String BOB = "discord:1200000000000001002";
    private static final String CAROL = "discord:1200000000000001003";
    private static final String MALLORY = "discord:1200000000000001006";

    @DynamicPropertySource
    static void discord(DynamicPropertyRegistry registry) {
        WORLD.register(registry);
    }

    @TestConfiguration
    static class World {
        @Bean(destroyMethod = "close")
        DiscordWorld discordWorld() {
            return WORLD;
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    RemediationService service;
    @Autowired
    ClickThrottle clicks;

    private final FakeDiscord fake = WORLD.fake;
    private final DiscordStories people = new DiscordStories(WORLD.fake);
    private final ListAppender<ILoggingEvent> refusals = new ListAppender<>();

    // R1: alice asked about dev in Discord. R2: bob asked about dev-carol in the console. R3 and R4: a first run
    // (rejected) and a second run of dev-reject (Discord) and of dev-join (console).
    private final String r1 = RemediationIds.workflowId(PROD, "dev");
    private final String r2 = RemediationIds.workflowId(PROD, "dev-carol");
    private final String r3 = RemediationIds.workflowId(PROD, "dev-reject");
    private final String r4 = RemediationIds.workflowId(PROD, "dev-join");
    private StoredMessage l1;
    private StoredMessage l2;
    private StoredMessage l3FirstRun;
    private String c1;
    private String c2;
    private String c4FirstRun;

    @BeforeAll
    void fourRemediationsAwaitApproval() throws Exception {
        refusals.start();
        ((Logger) LoggerFactory.getLogger(RefusalLog.LOGGER)).addAppender(refusals);

        l1 = people.askAndAwaitButtons("alice", "dev", null);
        c2 = console("bob").command(null, "/ns-stuck dev-carol").body().path("conversationId").asString();
        ConsoleStories.awaitButton(console("bob"), c2, "Approve");

        l3FirstRun = people.askAndAwaitButtons("alice", "dev-reject", null);
        assertThat(people.click("bob", l3FirstRun, REJECT)).contains("Rejected");
        service.awaitSummary(r3);
        people.askAndAwaitButtons("alice", "dev-reject", null);

        c4FirstRun = console("alice").command(null, "/ns-stuck dev-join").body().path("conversationId").asString();
        String reject = ConsoleStories.awaitButton(console("bob"), c4FirstRun, "Reject");
        assertThat(console("bob").click(c4FirstRun, reject, null).body().path("verdict").asString())
                .isEqualTo("REJECTED");
        service.awaitSummary(r4);
        String c4 = console("alice").command(null, "/ns-stuck dev-join").body().path("conversationId").asString();
        ConsoleStories.awaitButton(console("alice"), c4, "Approve");

        // Each asks again from the other adapter: the same remediation, now also in their other conversation.
        c1 = console("alice").command(null, "/ns-stuck dev").body().path("conversationId").asString();
        ConsoleStories.awaitButton(console("alice"), c1, "Approve");
        l2 = people.askAndAwaitButtons("bob", "dev-carol", null);
    }

    @AfterAll
    void quiet() {
        ((Logger) LoggerFactory.getLogger(RefusalLog.LOGGER)).detachAppender(refusals);
        assertThat(fake.unroutedRequests()).as("REST calls the fake does not model").isEmpty();
        assertThat(WORLD.jdaLog.lines()).as("JDA warnings and errors").isEmpty();
    }

    /** Where an attempt must have left its trace. */
    sealed interface Recorded permits InHistory, InRefusalLog {
    }

    /** Judged by the remediation: a decision record of that account with that verdict. */
    record InHistory(String workflowId, String account, DecisionVerdict verdict) implements Recorded {
    }

    /** Refused before any remediation: a line of the refusal log naming the account. */
    record InRefusalLog(String account) implements Recorded {
    }

    /** @param act does it and returns the one line the person was answered */
    record Attempt(String what, Supplier<String> act, String answer, Recorded recorded) {
        @Override
        public String toString() {
            return what;
        }
    }

    Stream<Attempt> attempts() {
        return Stream.of(
                // ---- Discord: forged and replayed button ids -----------------------------------------------------
                new Attempt("a custom id that is none of Unstuck's, on the live message",
                        () -> forged("user0", "oncall", l1, "launch-the-missiles", null),
                        "That button is not one of Unstuck's current buttons: nothing was done",
                        new InRefusalLog("discord:1200000000000002000")),
                new Attempt("a button id of the first version, without a run",
                        () -> forged("user1", "oncall", l1, "approve|" + r1 + "|" + fingerprint(l1), null),
                        "That button is not one of Unstuck's current buttons", new InRefusalLog(
                        "discord:1200000000000002001")),
                new Attempt("an approver clicks, on dev's message, the Approve of another remediation",
                        () -> forged("user2", "oncall", l1, button(l2, APPROVE), null),
                        "That button does not belong to this message: nothing was done",
                        new InRefusalLog("discord:1200000000000002002")),
                new Attempt("an approver clicks Details of another remediation forged onto dev's message",
                        () -> forged("user8", "oncall", l1, button(l2, DETAILS), null),
                        "That button does not belong to this message", new InRefusalLog(
                        "discord:1200000000000002008")),
                new Attempt("an approver clicks Approve with a made-up run",
                        () -> forged("user3", "oncall", l1, withRun(button(l1, APPROVE), "0123456789"), null),
                        "This button belongs to an earlier run of this remediation: nothing was done",
                        new InHistory(r1, "discord:1200000000000002003", DecisionVerdict.EARLIER_RUN)),
                new Attempt("an approver clicks Approve on the message of the first, rejected run of dev-reject",
                        () -> DiscordStories.answer(fake.sendButtonClickAsSeen("user5", l3FirstRun, button(l3FirstRun, APPROVE))),
                        "This button belongs to an earlier run",
                        new InHistory(r3, "discord:1200000000000002005", DecisionVerdict.EARLIER_RUN)),
                new Attempt("mallory clicks Approve with a made-up plan",
                        () -> forged("mallory", "oncall", l1, withPlan(button(l1, APPROVE), "0123456789ab"), null),
                        "Not an approver", new InHistory(r1, MALLORY, DecisionVerdict.NOT_AN_APPROVER)),
                // ---- Discord: from where Unstuck does not serve ---------------------------------------------------
                new Attempt("an approver clicks dev's Approve from #random",
                        () -> forged("user6", "random", l1, button(l1, APPROVE), null),
                        "Unstuck is not enabled in this channel", new InRefusalLog("discord:1200000000000002006")),
                new Attempt("an approver clicks dev's Approve from another server",
                        () -> forged("user7", "oncall", l1, button(l1, APPROVE), "1299999999999999999"),
                        "Unstuck is not enabled in this server", new InRefusalLog("discord:1200000000000002007")),
                // ---- Discord: who may approve ----------------------------------------------------------------------
                new Attempt("mallory approves holding a role she named \"sre\" herself",
                        () -> people.clickAndRead("mallory", l1, APPROVE), "Not an approver",
                        new InHistory(r1, MALLORY, DecisionVerdict.NOT_AN_APPROVER)),
                new Attempt("alice, on call, approves her own request in Discord",
                        () -> people.clickAndRead("alice", l1, APPROVE), "You cannot approve your own request",
                        new InHistory(r1, ALICE, DecisionVerdict.SELF_APPROVAL)),
                new Attempt("alice approves in the console what she asked in Discord",
                        () -> consoleClick("alice", c1, "Approve"), "four-eyes is on for prod",
                        new InHistory(r1, "console:alice", DecisionVerdict.SELF_APPROVAL)),
                new Attempt("bob approves in Discord what he asked in the console",
                        () -> people.clickAndRead("bob", l2, APPROVE), "You cannot approve your own request",
                        new InHistory(r2, BOB, DecisionVerdict.SELF_APPROVAL)),
                new Attempt("carol clicks Approve 12 times in a row",
                        () -> discordFlood("carol", 12), "Slow down: at most 5 clicks per 1 min",
                        new InHistory(r1, CAROL, DecisionVerdict.RATE_LIMITED)),
                // ---- console -----------------------------------------------------------------------------------
                new Attempt("a console click with a wrong password",
                        () -> new ConsoleHttp(port, ConsoleHttp.basic("erin", "guess")).click(c2,
                                consoleButton(c2, "Approve"), "erin").error(),
                        "sign in to use the Unstuck console", new InRefusalLog("a client at 127.0.0.1")),
                new Attempt("mallory, signed in, says she is bob with the role sre",
                        () -> console("mallory").post("/api/console/conversations/" + c2 + "/buttons/"
                                        + consoleButton(c2, "Approve"), "{\"user\":\"bob\",\"roles\":[\"sre\"]}")
                                .body().path("reply").asString(),
                        "approving on prod needs one of the roles [sre]; mallory has []",
                        new InHistory(r2, "console:mallory", DecisionVerdict.NOT_AN_APPROVER)),
                new Attempt("a console button id that is none of Unstuck's",
                        () -> console("dave").click(c2, "launch-the-missiles", null).error(),
                        "unknown button 'launch-the-missiles'", new InRefusalLog("console:dave")),
                new Attempt("an approver clicks in bob's conversation the Approve of alice's remediation",
                        () -> console("erin").click(c2, button(l1, APPROVE), null).error(),
                        "that button belongs to another conversation", new InRefusalLog("console:erin")),
                new Attempt("an approver clicks a console Approve with a made-up run",
                        () -> console("dave").click(c2, withRun(consoleButton(c2, "Approve"), "0123456789"), null)
                                .body().path("reply").asString(),
                        "this button belongs to an earlier run",
                        new InHistory(r2, "console:dave", DecisionVerdict.EARLIER_RUN)),
                new Attempt("an approver clicks Approve in the conversation of the first, rejected run of dev-join",
                        () -> console("erin").click(c4FirstRun, firstApprove(c4FirstRun), null).body().path("reply")
                                .asString(),
                        "this button belongs to an earlier run",
                        new InHistory(r4, "console:erin", DecisionVerdict.EARLIER_RUN)),
                new Attempt("a form another site posts with dave's browser",
                        () -> console("dave").send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                                        + "/api/console/conversations/" + c2 + "/buttons/"
                                        + consoleButton(c2, "Approve")))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString("user=dave"))).error(),
                        "send JSON (Content-Type: application/json)", new InRefusalLog("console:dave")),
                new Attempt("a click in a conversation nobody opened",
                        () -> console("erin").click("c-000000000000000000000000", consoleButton(c2, "Approve"), null)
                                .error(),
                        "no conversation c-000000000000000000000000", new InRefusalLog("console:erin")),
                new Attempt("mallory clicks Approve 10 times in a row in the console",
                        () -> consoleFlood("mallory", 10), "Slow down: at most 5 clicks per 1 min",
                        new InHistory(r2, "console:mallory", DecisionVerdict.RATE_LIMITED)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attempts")
    void eachAttemptIsAnsweredWithOneLine_executesNothing_andIsRecorded(Attempt attempt) {
        int logged = refusals.list.size();
        long recordedBefore = attempt.recorded() instanceof InHistory h ? records(h) : 0;

        String answer = attempt.act().get();

        assertThat(answer).as("the answer").contains(attempt.answer()).doesNotContain("\n");
        for (String wf : List.of(r1, r2, r3, r4)) {
            assertThat(service.status(wf).phase()).as(wf + " still waits for a decision")
                    .isEqualTo(RemediationPhase.AWAITING_APPROVAL);
        }
        assertThat(WORLD.sandbox(PROD).vpc().server().requestCount("CreateRouteEntry")).as("route writes").isZero();
        if (attempt.recorded() instanceof InHistory h) {
            assertThat(records(h)).as("decision records of " + h.account() + " in " + h.workflowId())
                    .isEqualTo(recordedBefore + 1);
        } else if (attempt.recorded() instanceof InRefusalLog l) {
            assertThat(refusals.list.subList(logged, refusals.list.size())).as("refusal log lines")
                    .anyMatch(e -> e.getFormattedMessage().contains(l.account()));
        }
    }

    private long records(InHistory h) {
        return service.status(h.workflowId()).decisions().stream()
                .filter(d -> d.user().id().equals(h.account()) && d.verdict() == h.verdict()).count();
    }

    // ---- floods ----------------------------------------------------------------------------------------------

    /** Clicks {@code times} times; checks only the first ones were judged and the rest are one record, one event. */
    private String discordFlood(String user, int times) {
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            answers.add(people.clickAndRead(user, l1, APPROVE));
        }
        return floodRecorded(answers, r1, "discord:1200000000000001003", times);
    }

    private String consoleFlood(String user, int times) {
        List<String> answers = new ArrayList<>();
        String approve = consoleButton(c2, "Approve");
        ConsoleHttp as = console(user);
        for (int i = 0; i < times; i++) {
            ConsoleHttp.Reply r = as.click(c2, approve, null);
            answers.add(r.status() == 429 ? r.error() : r.body().path("reply").asString());
        }
        return floodRecorded(answers, r2, "console:" + user, times);
    }

    private String floodRecorded(List<String> answers, String workflowId, String account, int times) {
        long signalsBefore = signals(workflowId);
        long judged = service.status(workflowId).decisions().stream().filter(d -> d.user().id().equals(account)
                && d.verdict() != DecisionVerdict.RATE_LIMITED).count();
        long throttled = answers.stream().filter(a -> a.startsWith("Slow down")).count();
        assertThat(judged + throttled).as("every click judged or counted").isGreaterThanOrEqualTo(times);
        assertThat(judged).as("judged one by one: at most the limit").isLessThanOrEqualTo(5);
        // The window of the first refused click ends a minute later; the test does not wait for it.
        clicks.flush();
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> service.status(workflowId).decisions().stream()
                .anyMatch(d -> d.user().id().equals(account) && d.verdict() == DecisionVerdict.RATE_LIMITED));
        List<DecisionRecord> counted = service.status(workflowId).decisions().stream()
                .filter(d -> d.user().id().equals(account) && d.verdict() == DecisionVerdict.RATE_LIMITED).toList();
        assertThat(counted).singleElement().satisfies(d -> assertThat(d.reason())
                .startsWith(throttled + " clicks refused without being judged: over the limit of 5 clicks per 1 min"));
        assertThat(signals(workflowId) - signalsBefore).as("history events for the flood").isEqualTo(1);
        return answers.get(answers.size() - 1);
    }

    private long signals(String workflowId) {
        return service.client().fetchHistory(workflowId).getEvents().stream()
                .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED).count();
    }

    // ---- how people click ----------------------------------------------------------------------------------------

    private String forged(String user, String channel, StoredMessage on, String customId, String guildId) {
        return DiscordStories.answer(fake.sendForgedButtonClick(user, channel, on.id(), customId, guildId));
    }

    private ConsoleHttp console(String user) {
        return new ConsoleHttp(port, ConsoleHttp.basic(user, PASSWORD));
    }

    private String consoleClick(String user, String conversation, String label) {
        return console(user).click(conversation, consoleButton(conversation, label), null).body().path("reply")
                .asString();
    }

    private String consoleButton(String conversation, String label) {
        return ConsoleStories.awaitButton(console("erin"), conversation, label);
    }

    /** The Approve id a conversation showed, enabled or not (the first run's is disabled by now). */
    private String firstApprove(String conversation) {
        for (var m : console("erin").conversation(conversation).body().path("messages")) {
            for (var b : m.path("buttons")) {
                if (b.path("label").asString().equals("Approve")) {
                    return b.path("id").asString();
                }
            }
        }
        throw new AssertionError("no Approve in " + conversation);
    }

    private static String fingerprint(StoredMessage m) {
        return RemediationIds.parseButton(button(m, APPROVE)).map(ButtonClick::fingerprint).orElseThrow();
    }

    private static String withRun(String id, String run) {
        ButtonClick c = RemediationIds.parseButton(id).orElseThrow();
        return RemediationIds.approveButton(c.workflowId(), run, c.fingerprint());
    }

    private static String withPlan(String id, String plan) {
        ButtonClick c = RemediationIds.parseButton(id).orElseThrow();
        return RemediationIds.approveButton(c.workflowId(), c.run(), plan);
    }
}
