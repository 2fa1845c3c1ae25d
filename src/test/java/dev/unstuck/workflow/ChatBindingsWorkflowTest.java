package dev.unstuck.workflow;

import dev.unstuck.chat.ChatBinding;
import dev.unstuck.chat.ChatMessage;
import dev.unstuck.chat.ChatPort;
import dev.unstuck.chat.Conversation;
import dev.unstuck.sandbox.ScenarioLoader;
import io.temporal.client.WorkflowStub;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.unstuck.workflow.RemediationRig.ALICE;
import static dev.unstuck.workflow.RemediationRig.BOB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a chat adapter reports back is recorded by the remediation and handed to every later call, so that a process
 * that did not make the first call (a restart, another replica) edits the same message and posts nothing twice; and
 * a Discord conversation is served only by the worker of the Discord queue, the replica holding the gateway.
 */
class ChatBindingsWorkflowTest {
    private static final Conversation OPS = new Conversation(ChatActivities.DISCORD_ADAPTER, "c-ops/m-1",
            Map.of("guildId", "g-1", "channelId", "c-ops", "messageId", "m-1"));

    /** Reports, on its first draw, the thread it opened and the evidence it posted there; records every call. */
    static final class ThreadingPort implements ChatPort {
        final List<ChatBinding> drawnWith = new CopyOnWriteArrayList<>();
        final List<ChatBinding> postedWith = new CopyOnWriteArrayList<>();

        @Override
        public String adapter() {
            return ChatActivities.DISCORD_ADAPTER;
        }

        @Override
        public ChatBinding showLive(ChatBinding binding, String liveKey, ChatMessage message) {
            drawnWith.add(binding);
            return binding.withConversation(binding.conversation().withAttribute("threadId", "m-1"))
                    .withPosted("evidence|Pods");
        }

        @Override
        public ChatBinding post(ChatBinding binding, String postKey, ChatMessage message) {
            postedWith.add(binding);
            return binding.withPosted(postKey);
        }
    }

    @Test
    void givenTheAdapterOpenedAThreadOnTheFirstDraw_everyLaterCallGetsIt_andTheSummaryIsRecordedAsPosted()
            throws Exception {
        ThreadingPort discord = new ThreadingPort();
        try (RemediationRig rig = new RemediationRig(ScenarioLoader.load("seed-incident"), List.of(), discord)) {
            RemediationWorkflow wf = rig.start("dev", RemediationRig.policy(), ALICE, OPS);
            String id = rig.workflowId("dev");
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> wf.phase() == RemediationPhase.AWAITING_APPROVAL && discord.drawnWith.size() >= 2);

            wf.decide(new DecisionRequest(BOB, Decision.REJECT, wf.status().planFingerprint()));
            WorkflowStub.fromTyped(wf).getResult(RemediationSummary.class);

            assertThat(discord.drawnWith.get(0).conversation().attribute("threadId")).isNull();
            assertThat(discord.drawnWith.subList(1, discord.drawnWith.size())).allSatisfy(b -> {
                assertThat(b.conversation().attribute("threadId")).isEqualTo("m-1");
                assertThat(b.posted()).contains("evidence|Pods");
            });
            // The summary, then the incident report: both in the thread the first draw opened.
            assertThat(discord.postedWith).hasSize(2).allSatisfy(b -> assertThat(b.conversation()
                    .attribute("threadId")).isEqualTo("m-1"));
            assertThat(rig.client.newWorkflowStub(RemediationWorkflow.class, id).chats()).singleElement()
                    .satisfies(b -> {
                        assertThat(b.conversation().attributes()).containsEntry("threadId", "m-1")
                                .containsEntry("messageId", "m-1");
                        assertThat(b.posted()).hasSize(3).contains("evidence|Pods", id + "/summary")
                                .anyMatch(k -> k.startsWith(id + "/report/"));
                    });
            assertThat(rig.chat.posts(OPS)).as("never drawn by a worker without the gateway").isEmpty();
        }
    }
}
