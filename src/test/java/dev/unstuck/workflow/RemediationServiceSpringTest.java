package dev.unstuck.workflow;

import dev.unstuck.chat.ChatUser;
import dev.unstuck.chat.Conversation;
import dev.unstuck.chat.memory.InMemoryChatPort;
import dev.unstuck.sandbox.Sandbox;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole bot as `java -jar unstuck.jar` starts it: sandbox mode, embedded Temporal, workers from the starter. */
@SpringBootTest(properties = "spring.temporal.test-server.enabled=true")
class RemediationServiceSpringTest {
    private static final ChatUser ALICE = new ChatUser("u-alice", "alice", List.of("dev"));
    private static final ChatUser DAVE = new ChatUser("u-dave", "dave", List.of("dev"));
    private static final ChatUser BOB = new ChatUser("u-bob", "bob", List.of("sre"));

    @Autowired
    RemediationService service;
    @Autowired
    InMemoryChatPort chat;
    @Autowired
    Sandbox sandbox;

    @Test
    void givenSandboxMode_aliceAsksDaveJoinsBobApproves_andTheHistoryTellsWhoDidWhat() throws Exception {
        Conversation ops = new Conversation(InMemoryChatPort.ADAPTER, "ops", Map.of());
        Conversation platform = new Conversation(InMemoryChatPort.ADAPTER, "platform", Map.of());

        StartResult first = service.startOrJoin("dev-cluster", "dev", ALICE, ops);
        assertThat(first.joined()).isFalse();
        assertThat(first.workflowId()).isEqualTo("unstuck/dev-cluster/dev");
        StartResult second = service.startOrJoin("dev-cluster", "dev", DAVE, platform);
        assertThat(second.joined()).isTrue();
        assertThat(second.runId()).isEqualTo(first.runId());
        assertThat(second.message()).contains("already being handled");
        assertThat(service.runs("dev-cluster", "dev")).hasSize(1);

        String fingerprint = RemediationRig.approve(chat.awaitLive(platform, first.workflowId(),
                m -> RemediationRig.approve(m) != null, 30, TimeUnit.SECONDS).orElseThrow()).fingerprint();
        assertThat(service.decide(first.workflowId(), new DecisionRequest(DAVE, Decision.APPROVE, fingerprint))
                .verdict()).isEqualTo(DecisionVerdict.NOT_AN_APPROVER);
        assertThat(service.decide(first.workflowId(), new DecisionRequest(BOB, Decision.APPROVE, fingerprint))
                .verdict()).isEqualTo(DecisionVerdict.APPROVED);

        RemediationSummary summary = service.awaitSummary(first.workflowId());
        assertThat(summary.outcome()).isEqualTo(RemediationPhase.DONE);
        assertThat(sandbox.vpc().server().entries("vtb-hz001"))
                .filteredOn(e -> e.destinationCidrBlock().equals("172.16.1.0/24")).hasSize(1);
        // The summary and the incident report, once each, in both conversations.
        assertThat(chat.posts(ops)).hasSize(2);
        assertThat(chat.posts(platform)).hasSize(2);

        List<TimelineEvent> timeline = service.history(first.workflowId());
        assertThat(timeline).extracting(TimelineEvent::kind).contains("requested", "join", "decision", "activity",
                "finished");
        assertThat(timeline).filteredOn(e -> e.kind().equals("decision")).extracting(TimelineEvent::actor)
                .containsExactly("dave", "bob");
        assertThat(timeline).anyMatch(e -> e.summary().contains("NOT_AN_APPROVER"));
        assertThat(timeline).anyMatch(e -> e.summary().equals("ExecuteStep completed"));
        assertThat(service.decide(first.workflowId(), new DecisionRequest(BOB, Decision.APPROVE, fingerprint))
                .verdict()).isEqualTo(DecisionVerdict.NOT_WAITING);
    }
}
