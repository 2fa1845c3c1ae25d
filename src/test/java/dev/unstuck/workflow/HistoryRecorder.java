package dev.unstuck.workflow;

import dev.unstuck.chat.ChatUser;
import dev.unstuck.cloud.RouteEntryStatus;
import dev.unstuck.sandbox.Scenario;
import dev.unstuck.sandbox.ScenarioLoader;
import io.temporal.client.WorkflowStub;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.unstuck.workflow.RemediationRig.ALICE_CHAT;
import static dev.unstuck.workflow.RemediationRig.BOB;
import static dev.unstuck.workflow.RemediationRig.CAROL;

/**
 * Records histories of real runs (sandbox behind the real activities) into workflows/histories, for the replay
 * test. Run from the repository root after a deliberate change to the workflow (see workflows/README.md):
 * {@code java -cp target/classes:target/test-classes:$(cat target/test-classpath.txt) dev.unstuck.workflow.HistoryRecorder}.
 * The crash-resumed history is written by {@link WorkerCrashTest} when {@code -Dunstuck.record-histories=DIR} is set.
 */
public final class HistoryRecorder {
    private HistoryRecorder() {
    }

    /** {@code [DIR [NAME...]]}: with names, records only those, so the histories of earlier versions stay. */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "workflows/histories");
        only = List.of(args).subList(Math.min(1, args.length), args.length);
        Files.createDirectories(dir);
        record(dir, "approved", seed(), rig -> {
            RemediationWorkflow wf = rig.start("dev", RemediationRig.policy());
            String fp = rig.awaitApprovalButtons(ALICE_CHAT, "dev");
            wf.decide(new DecisionRequest(CAROL, Decision.APPROVE, fp));
            wf.decide(new DecisionRequest(BOB, Decision.APPROVE, fp));
            return wf;
        });
        record(dir, "rejected", seed(), rig -> {
            RemediationWorkflow wf = rig.start("dev", RemediationRig.policy());
            String fp = rig.awaitApprovalButtons(ALICE_CHAT, "dev");
            wf.decide(new DecisionRequest(BOB, Decision.REJECT, fp));
            return wf;
        });
        record(dir, "expired", seed(), rig -> {
            RemediationWorkflow wf = rig.start("dev", RemediationPolicy.defaults(List.of("sre"), true));
            rig.awaitApprovalButtons(ALICE_CHAT, "dev");
            return wf;
        });
        record(dir, "conflict", seed(), rig -> {
            rig.beforeStep = () -> rig.sandbox.vpc().server().addRouteEntry("vtb-hz001", "172.16.1.0/24", "i-old2",
                    RouteEntryStatus.AVAILABLE);
            RemediationWorkflow wf = rig.start("dev", RemediationRig.policy());
            String fp = rig.awaitApprovalButtons(ALICE_CHAT, "dev");
            wf.decide(new DecisionRequest(BOB, Decision.APPROVE, "0123456789ab"));
            rig.awaitLive(ALICE_CHAT, "dev", m -> m.fields().stream().anyMatch(f -> f.name().equals("Decisions"))
                    && m.title().endsWith("awaiting approval"));
            wf.decide(new DecisionRequest(BOB, Decision.APPROVE, fp));
            return wf;
        });
        record(dir, "refused-clicks", seed(), rig -> {
            // Alice asked in Discord and clicks in the console; a button of another run; a flood; then Bob.
            ChatUser aliceInDiscord = new ChatUser("discord:1200000000000001001", "alice", List.of(), "alice");
            ChatUser aliceInConsole = new ChatUser("console:alice", "alice", List.of("sre"), "alice");
            ChatUser mallory = new ChatUser("discord:1200000000000001006", "mallory", List.of());
            RemediationWorkflow wf = rig.start("dev", RemediationRig.policy(), aliceInDiscord, ALICE_CHAT);
            ButtonClick approve = rig.awaitApproveButton(ALICE_CHAT, "dev");
            wf.decide(new DecisionRequest(aliceInConsole, Decision.APPROVE, approve.fingerprint(), approve.run()));
            wf.decide(new DecisionRequest(BOB, Decision.APPROVE, approve.fingerprint(), "0123456789"));
            wf.clicksThrottled(new ThrottledClicks(mallory, Decision.APPROVE, 37, "10 clicks per 1 min"));
            wf.decide(new DecisionRequest(BOB, Decision.APPROVE, approve.fingerprint(), approve.run()));
            return wf;
        });
        record(dir, "cause-chain", seed(), rig -> {
            // The seed story again, now that the chain as diagnosed is recorded after each diagnosis.
            RemediationWorkflow wf = rig.start("dev", RemediationRig.policy());
            String fp = rig.awaitApprovalButtons(ALICE_CHAT, "dev");
            wf.decide(new DecisionRequest(BOB, Decision.APPROVE, fp, rig.awaitApproveButton(ALICE_CHAT, "dev").run()));
            return wf;
        });
        System.exit(0);
    }

    private static List<String> only = List.of();

    private static Scenario seed() {
        return ScenarioLoader.loadBuiltIn("seed-incident");
    }

    private static void record(Path dir, String name, Scenario scenario, Run run) throws Exception {
        if (!only.isEmpty() && !only.contains(name)) {
            return;
        }
        try (RemediationRig rig = new RemediationRig(scenario)) {
            RemediationWorkflow wf = run.start(rig);
            RemediationSummary summary = WorkflowStub.fromTyped(wf).getResult(RemediationSummary.class);
            String json = rig.client.fetchHistory(rig.workflowId("dev")).toJson(true);
            Files.writeString(dir.resolve(name + ".json"), json);
            System.out.println(name + ": " + summary.outcome() + " -> " + dir.resolve(name + ".json"));
        }
    }

    private interface Run {
        RemediationWorkflow start(RemediationRig rig) throws Exception;
    }
}
