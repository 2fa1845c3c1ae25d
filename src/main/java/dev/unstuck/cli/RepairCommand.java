package dev.unstuck.cli;

import dev.unstuck.diagnosis.Cause;
import dev.unstuck.diagnosis.ClusterUnreachableException;
import dev.unstuck.diagnosis.Diagnosis;
import dev.unstuck.diagnosis.NamespaceState;
import dev.unstuck.kube.ClusterWatches;
import dev.unstuck.remediation.PlanFingerprint;
import dev.unstuck.remediation.PlanStep;
import dev.unstuck.remediation.StepResult;
import dev.unstuck.workflow.PlanChecks;
import dev.unstuck.workflow.VerifyTargets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

@Command(name = "repair", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Diagnose NAMESPACE, show the plan, ask (on a terminal), execute it, wait for the APIServices"
                + " to become Available and the namespace to go, and report.")
final class RepairCommand implements Callable<Integer> {
    private final CliContext cli;

    @Mixin
    ClusterOptions cluster = new ClusterOptions();

    @Option(names = "--yes", arity = "0", description = "do not ask for a confirmation")
    boolean yes;

    @Option(names = "--dry-run", arity = "0", description = "show the plan, execute nothing")
    boolean dryRun;

    @Option(names = "--wait-minutes", paramLabel = "N", description = "how long to wait for each recovery (default 10)")
    String waitMinutes;

    RepairCommand(CliContext cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        String namespace = cluster.namespace("repair");
        boolean json = cluster.json();
        Duration wait = Duration.ofMinutes(Numbers.parse("--wait-minutes", waitMinutes, 10, 1, 120));
        if (!dryRun && !yes && !cli.interactive()) {
            throw new UsageException("repair writes to your cloud and needs a confirmation: run it on a terminal,"
                    + " or pass --yes (or --dry-run to only see the plan)");
        }
        try (ClusterOptions.Target t = cluster.target()) {
            Diagnosis d = t.connection().engine().diagnose(namespace);
            if (!json) {
                cli.out().print(DiagnosisReport.text(d));
            }
            RepairRun run = new RepairRun(d);
            List<String> failing = PlanChecks.failingPreflights(d.plan());
            if (d.plan().isEmpty()) {
                run.outcome = RepairOutcomeName.NOTHING_TO_DO;
                run.message = "Nothing to repair automatically.";
            } else if (!failing.isEmpty()) {
                run.outcome = RepairOutcomeName.PREFLIGHT_FAILED;
                run.message = "The pre-flight check says this plan will not succeed, so nothing was written: "
                        + String.join("; ", failing);
            } else if (dryRun) {
                run.outcome = RepairOutcomeName.DRY_RUN;
                run.message = "Dry run: nothing executed.";
            } else if (!yes && !confirm(d.plan())) {
                run.outcome = RepairOutcomeName.DECLINED;
                run.message = "Nothing changed.";
            } else {
                run.executed = execute(t, d);
                verify(t, run, wait);
            }
            report(run, json);
            return switch (run.outcome) {
                case FAILED, PREFLIGHT_FAILED -> UnstuckCli.UNREACHABLE;
                default -> UnstuckCli.OK;
            };
        }
    }

    /** Waits for what the plan repairs to recover, then for the namespace, and says how it ended. */
    private void verify(ClusterOptions.Target t, RepairRun run, Duration wait) {
        if (run.executed.stream().anyMatch(r -> !r.succeeded())) {
            run.outcome = RepairOutcomeName.FAILED;
            run.message = "A step did not succeed; nothing after it was executed.";
            run.after = run.diagnosis.state().name();
            return;
        }
        ClusterWatches watches = new ClusterWatches(t.connection().client());
        ClusterWatches.Tick progress = new ClusterWatches.Tick(Duration.ofSeconds(15),
                () -> cli.err().println("... still waiting (the aggregator re-checks APIServices every 30 s, the namespace"
                        + " controller retries at most every 60 s)"));
        String ns = run.diagnosis.namespace();
        try {
            List<String> targets = run.diagnosis.verifyApiServices();
            if (!targets.isEmpty()) {
                cli.err().println("Waiting up to " + wait.toMinutes() + " min for APIService " + String.join(", ", targets)
                        + " to become Available...");
                ClusterWatches.ApiServicesWait w = watches.awaitApiServicesAvailable(targets, wait, progress);
                if (!w.allAvailable()) {
                    run.outcome = RepairOutcomeName.FAILED;
                    run.message = "The repair was made but after " + wait.toMinutes() + " min these APIServices are"
                            + " still not Available: " + String.join("; ", w.stillUnavailable());
                    run.after = t.connection().engine().diagnose(ns).state().name();
                    return;
                }
            }
            Diagnosis again = t.connection().engine().diagnose(ns);
            if (again.state() == NamespaceState.STUCK && again.plan().isEmpty() && !again.unresolved().isEmpty()) {
                run.outcome = RepairOutcomeName.PARTIAL;
                run.after = again.state().name();
                run.unresolvedAfter = again.unresolved();
                run.message = PlanChecks.partial(ns, run.executed.stream().filter(StepResult::succeeded)
                        .map(VerifyTargets::change).toList(), targets, again);
                return;
            }
            if (again.state() != NamespaceState.NOT_FOUND) {
                cli.err().println("Waiting up to " + wait.toMinutes() + " min for namespace " + ns + " to go...");
                watches.awaitNamespaceGone(ns, wait, progress);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the cluster", e);
        } catch (ExecutionException e) {
            throw new ClusterUnreachableException(t.connection().serverUrl(), "the watch failed: " + e.getCause(),
                    e.getCause());
        }
        Diagnosis end = t.connection().engine().diagnose(ns);
        run.after = end.state().name();
        if (end.state() == NamespaceState.NOT_FOUND) {
            run.outcome = RepairOutcomeName.DONE;
            run.message = "Namespace " + ns + " is gone: the repair worked.";
        } else {
            run.outcome = RepairOutcomeName.FAILED;
            run.message = "What the plan repairs recovered, but namespace " + ns + " is still there after "
                    + wait.toMinutes() + " min: " + end.verdict();
        }
    }

    private void report(RepairRun run, boolean json) {
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("namespace", run.diagnosis.namespace());
            m.put("plan", DiagnosisReport.steps(run.diagnosis.plan()));
            m.put("unresolved", DiagnosisReport.causes(run.diagnosis.unresolved()));
            m.put("executed", run.executed.stream().map(DiagnosisReport::executed).toList());
            m.put("outcome", run.outcome.name());
            m.put("message", run.message);
            m.put("namespaceStateAfter", run.after == null ? run.diagnosis.state().name() : run.after);
            if (run.unresolvedAfter != null) {
                m.put("unresolvedAfter", DiagnosisReport.causes(run.unresolvedAfter));
            }
            cli.out().println(DiagnosisReport.toJson(m));
            return;
        }
        cli.out().println();
        cli.out().println(run.message);
        if (run.after != null) {
            cli.out().println("Namespace " + run.diagnosis.namespace() + " after the repair: " + run.after
                    + " (" + run.outcome + ")");
        }
    }

    /** How a {@code repair} ended, as its JSON {@code outcome} says it. */
    enum RepairOutcomeName { DONE, PARTIAL, FAILED, PREFLIGHT_FAILED, NOTHING_TO_DO, DRY_RUN, DECLINED }

    /** The state of one {@code repair}, filled in as it goes. */
    private static final class RepairRun {
        final Diagnosis diagnosis;
        List<StepResult> executed = new ArrayList<>();
        RepairOutcomeName outcome;
        String message;
        String after;
        List<Cause> unresolvedAfter;

        RepairRun(Diagnosis diagnosis) {
            this.diagnosis = diagnosis;
        }
    }

    private boolean confirm(List<PlanStep> plan) {
        cli.out().print("\nApply these " + plan.size() + " step(s)? Type 'yes' to continue: ");
        cli.out().flush();
        try {
            String answer = new BufferedReader(new InputStreamReader(cli.in(), StandardCharsets.UTF_8)).readLine();
            return answer != null && answer.trim().equalsIgnoreCase("yes");
        } catch (IOException e) {
            return false;
        }
    }

    private List<StepResult> execute(ClusterOptions.Target t, Diagnosis d) {
        // Each invocation is a new run with its own ClientTokens: retries within it never write twice, and a repair
        // run again (an interruption, or the same namespace stuck again months later) re-reads the table first.
        String workflowId = "cli/" + t.connection().name() + "/" + d.namespace() + "/" + PlanFingerprint.of(d.plan());
        String runId = java.util.UUID.randomUUID().toString();
        List<StepResult> results = new ArrayList<>();
        int i = 1;
        for (PlanStep step : d.plan()) {
            StepResult r = t.connection().executor().execute(step, workflowId, runId, "step-" + i++);
            results.add(r);
            cli.err().println("[" + r.status() + "] " + step.describe() + ": " + r.message());
            if (!r.succeeded()) {
                break;
            }
        }
        return results;
    }
}
