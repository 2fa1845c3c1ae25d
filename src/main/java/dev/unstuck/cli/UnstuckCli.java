package dev.unstuck.cli;

import dev.unstuck.cloud.aliyun.AliyunSettings;
import dev.unstuck.config.CloudProperties;
import dev.unstuck.config.CloudTarget;
import dev.unstuck.config.ClusterConnection;
import dev.unstuck.config.ClusterTarget;
import dev.unstuck.diagnosis.ClusterUnreachableException;
import dev.unstuck.diagnosis.Diagnosis;
import dev.unstuck.diagnosis.NamespaceName;
import dev.unstuck.diagnosis.NamespaceState;
import dev.unstuck.diagnosis.Cause;
import dev.unstuck.kube.ClusterWatches;
import dev.unstuck.kube.KubeClients;
import dev.unstuck.remediation.PlanFingerprint;
import dev.unstuck.remediation.PlanStep;
import dev.unstuck.remediation.StepResult;
import dev.unstuck.remediation.StepStatus;
import dev.unstuck.sandbox.Sandbox;
import dev.unstuck.workflow.PlanChecks;
import dev.unstuck.workflow.VerifyTargets;
import dev.unstuck.sandbox.Scenario;
import dev.unstuck.sandbox.ScenarioException;
import dev.unstuck.sandbox.ScenarioLoader;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;

/**
 * The {@code diagnose}, {@code repair} and {@code sandbox} commands. Exit codes: 0 a verdict was produced (or the
 * repair ran), 2 bad input (one line on stderr, no stack trace, nothing written anywhere), 1 the cluster or cloud
 * could not be reached.
 */
public final class UnstuckCli {
    public static final Set<String> COMMANDS = Set.of("diagnose", "repair", "sandbox", "help", "--help", "-h");

    static final int OK = 0;
    static final int UNREACHABLE = 1;
    static final int BAD_INPUT = 2;

    private static final Set<String> TARGET_OPTIONS = Set.of("scenario", "kubeconfig", "context", "output", "region",
            "vpc-id", "route-table-id", "api-server-vswitch-id", "cloud-properties", "stuck-after-minutes");
    private static final Set<String> REPAIR_OPTIONS = union(TARGET_OPTIONS, Set.of("wait-minutes"));
    private static final Set<String> MULTI_OPTIONS = Set.of("route-table-id", "api-server-vswitch-id");

    private final PrintStream out;
    private final PrintStream err;
    private final InputStream in;
    private final boolean interactive;

    public UnstuckCli(PrintStream out, PrintStream err, InputStream in, boolean interactive) {
        this.out = out;
        this.err = err;
        this.in = in;
        this.interactive = interactive;
    }

    public static void main(String[] args) {
        System.exit(new UnstuckCli(System.out, System.err, System.in, System.console() != null).run(args));
    }

    public int run(String... args) {
        if (args.length == 0) {
            err.println(usage());
            return BAD_INPUT;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        try {
            return switch (args[0]) {
                case "diagnose" -> diagnose(rest);
                case "repair" -> repair(rest);
                case "sandbox" -> sandbox(rest);
                case "help", "--help", "-h" -> {
                    out.println(usage());
                    yield OK;
                }
                default -> throw new UsageException("unknown command '" + args[0] + "'; use diagnose, repair or sandbox");
            };
        } catch (UsageException | ScenarioException e) {
            err.println("error: " + e.getMessage());
            return BAD_INPUT;
        } catch (ClusterUnreachableException e) {
            err.println("error: cannot reach the Kubernetes API at " + e.serverUrl() + ": " + oneLine(e.getMessage()));
            return UNREACHABLE;
        } catch (KubernetesClientException e) {
            err.println("error: the Kubernetes API failed: " + oneLine(e.getMessage()));
            return UNREACHABLE;
        }
    }

    static String usage() {
        return """
                usage:
                  unstuck diagnose NAMESPACE [--scenario FILE|NAME | --kubeconfig FILE [--context NAME]]
                                   [--region REGION --vpc-id VPC [--route-table-id VTB]... | --cloud-properties FILE]
                                   [--api-server-vswitch-id VSW]... [--output text|json] [--stuck-after-minutes N]
                  unstuck repair NAMESPACE (same cluster options) [--yes] [--dry-run] [--output text|json]
                                 [--wait-minutes N]
                  unstuck sandbox --scenario FILE|NAME [--dir DIR] [--kube-port N] [--vpc-port N]
                built-in scenarios: """ + String.join(", ", ScenarioLoader.BUILT_IN);
    }

    // ---- diagnose ---------------------------------------------------------------------------------------------

    private int diagnose(List<String> args) {
        CliOptions o = CliOptions.parse("diagnose", args, TARGET_OPTIONS, Set.of(), MULTI_OPTIONS);
        String namespace = namespace(o, "diagnose");
        boolean json = json(o);
        try (Target t = target(o)) {
            Diagnosis d = t.connection.engine().diagnose(namespace);
            out.print(json ? DiagnosisReport.toJson(DiagnosisReport.json(d)) + "\n" : DiagnosisReport.text(d));
            return OK;
        }
    }

    // ---- repair -----------------------------------------------------------------------------------------------

    private int repair(List<String> args) {
        CliOptions o = CliOptions.parse("repair", args, REPAIR_OPTIONS, Set.of("yes", "dry-run"),
                MULTI_OPTIONS);
        String namespace = namespace(o, "repair");
        boolean json = json(o);
        boolean dryRun = o.flag("dry-run");
        boolean yes = o.flag("yes");
        Duration wait = Duration.ofMinutes(o.intValue("wait-minutes", 10, 1, 120));
        if (!dryRun && !yes && !interactive) {
            throw new UsageException("repair writes to your cloud and needs a confirmation: run it on a terminal,"
                    + " or pass --yes (or --dry-run to only see the plan)");
        }
        try (Target t = target(o)) {
            Diagnosis d = t.connection.engine().diagnose(namespace);
            if (!json) {
                out.print(DiagnosisReport.text(d));
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
                case FAILED, PREFLIGHT_FAILED -> UNREACHABLE;
                default -> OK;
            };
        }
    }

    /** Waits for what the plan repairs to recover, then for the namespace, and says how it ended. */
    private void verify(Target t, RepairRun run, Duration wait) {
        if (run.executed.stream().anyMatch(r -> !r.succeeded())) {
            run.outcome = RepairOutcomeName.FAILED;
            run.message = "A step did not succeed; nothing after it was executed.";
            run.after = run.diagnosis.state().name();
            return;
        }
        ClusterWatches watches = new ClusterWatches(t.connection.client());
        ClusterWatches.Tick progress = new ClusterWatches.Tick(Duration.ofSeconds(15),
                () -> err.println("... still waiting (the aggregator re-checks APIServices every 30 s, the namespace"
                        + " controller retries at most every 60 s)"));
        String ns = run.diagnosis.namespace();
        try {
            List<String> targets = run.diagnosis.verifyApiServices();
            if (!targets.isEmpty()) {
                err.println("Waiting up to " + wait.toMinutes() + " min for APIService " + String.join(", ", targets)
                        + " to become Available...");
                ClusterWatches.ApiServicesWait w = watches.awaitApiServicesAvailable(targets, wait, progress);
                if (!w.allAvailable()) {
                    run.outcome = RepairOutcomeName.FAILED;
                    run.message = "The repair was made but after " + wait.toMinutes() + " min these APIServices are"
                            + " still not Available: " + String.join("; ", w.stillUnavailable());
                    run.after = t.connection.engine().diagnose(ns).state().name();
                    return;
                }
            }
            Diagnosis again = t.connection.engine().diagnose(ns);
            if (again.state() == NamespaceState.STUCK && again.plan().isEmpty() && !again.unresolved().isEmpty()) {
                run.outcome = RepairOutcomeName.PARTIAL;
                run.after = again.state().name();
                run.unresolvedAfter = again.unresolved();
                run.message = PlanChecks.partial(ns, run.executed.stream().filter(StepResult::succeeded)
                        .map(VerifyTargets::change).toList(), targets, again);
                return;
            }
            if (again.state() != NamespaceState.NOT_FOUND) {
                err.println("Waiting up to " + wait.toMinutes() + " min for namespace " + ns + " to go...");
                watches.awaitNamespaceGone(ns, wait, progress);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the cluster", e);
        } catch (ExecutionException e) {
            throw new ClusterUnreachableException(t.connection.serverUrl(), "the watch failed: " + e.getCause(),
                    e.getCause());
        }
        Diagnosis end = t.connection.engine().diagnose(ns);
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
            out.println(DiagnosisReport.toJson(m));
            return;
        }
        out.println();
        out.println(run.message);
        if (run.after != null) {
            out.println("Namespace " + run.diagnosis.namespace() + " after the repair: " + run.after
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
        out.print("\nApply these " + plan.size() + " step(s)? Type 'yes' to continue: ");
        out.flush();
        try {
            String answer = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
            return answer != null && answer.trim().equalsIgnoreCase("yes");
        } catch (IOException e) {
            return false;
        }
    }

    private List<StepResult> execute(Target t, Diagnosis d) {
        // Each invocation is a new run with its own ClientTokens: retries within it never write twice, and a repair
        // run again (an interruption, or the same namespace stuck again months later) re-reads the table first.
        String workflowId = "cli/" + t.connection.name() + "/" + d.namespace() + "/" + PlanFingerprint.of(d.plan());
        String runId = java.util.UUID.randomUUID().toString();
        List<StepResult> results = new ArrayList<>();
        int i = 1;
        for (PlanStep step : d.plan()) {
            StepResult r = t.connection.executor().execute(step, workflowId, runId, "step-" + i++);
            results.add(r);
            err.println("[" + r.status() + "] " + step.describe() + ": " + r.message());
            if (!r.succeeded()) {
                break;
            }
        }
        return results;
    }

    // ---- sandbox ----------------------------------------------------------------------------------------------

    private int sandbox(List<String> args) {
        CliOptions o = CliOptions.parse("sandbox", args, Set.of("scenario", "dir", "kube-port", "vpc-port"),
                Set.of(), Set.of());
        if (!o.positional().isEmpty()) {
            throw new UsageException("sandbox takes no positional argument, got '" + o.positional().get(0) + "'");
        }
        if (o.value("scenario") == null) {
            throw new UsageException("sandbox needs --scenario FILE or one of " + String.join(", ", ScenarioLoader.BUILT_IN));
        }
        Scenario scenario = ScenarioLoader.load(o.value("scenario"));
        int kubePort = o.intValue("kube-port", 0, 0, 65535);
        int vpcPort = o.intValue("vpc-port", 0, 0, 65535);
        Path dir = Path.of(o.value("dir") == null ? "unstuck-sandbox" : o.value("dir"));
        Sandbox sandbox;
        try {
            sandbox = Sandbox.start(scenario, kubePort, vpcPort);
        } catch (IllegalStateException e) {
            throw new UsageException("cannot start the sandbox: " + oneLine(e.getMessage()));
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sandbox.close();
            stopped.countDown();
        }, "sandbox-shutdown"));
        try {
            sandbox.writeConnectionFiles(dir);
        } catch (IOException e) {
            throw new UsageException("cannot write connection files to " + dir + ": " + e.getMessage());
        }
        out.println("Sandbox '" + scenario.name() + "' is running.");
        out.println("  Kubernetes API: " + sandbox.cluster().apiServerUrl() + "  (kubectl --kubeconfig "
                + dir.resolve("kubeconfig") + " get ns)");
        out.println("  VPC OpenAPI:    " + sandbox.cloudSettings().endpoint() + "  (" + dir.resolve("cloud.properties")
                + ")");
        out.println("  Try: java -jar target/unstuck.jar diagnose dev --kubeconfig " + dir.resolve("kubeconfig")
                + " --cloud-properties " + dir.resolve("cloud.properties"));
        out.println("Stop with Ctrl-C.");
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return OK;
    }

    // ---- shared -----------------------------------------------------------------------------------------------

    private static String namespace(CliOptions o, String command) {
        if (o.positional().isEmpty()) {
            throw new UsageException(command + " needs a NAMESPACE, e.g. unstuck " + command + " dev --scenario seed-incident");
        }
        if (o.positional().size() > 1) {
            throw new UsageException(command + " takes one NAMESPACE, got " + o.positional().size() + ": "
                    + String.join(" ", o.positional()));
        }
        String ns = o.positional().get(0);
        NamespaceName.problem(ns).ifPresent(p -> {
            throw new UsageException(p);
        });
        return ns;
    }

    private static boolean json(CliOptions o) {
        String output = o.value("output");
        if (output == null || output.equals("text")) {
            return false;
        }
        if (output.equals("json")) {
            return true;
        }
        throw new UsageException("--output must be text or json, got '" + output + "'");
    }

    /** The cluster to work on: a sandbox started from a scenario, or a kubeconfig (and optionally a cloud). */
    private Target target(CliOptions o) {
        Duration threshold = Duration.ofMinutes(o.intValue("stuck-after-minutes", 5, 0, 10_080));
        String scenarioArg = o.value("scenario");
        if (scenarioArg != null) {
            for (String incompatible : List.of("kubeconfig", "context", "region", "vpc-id", "route-table-id",
                    "cloud-properties")) {
                if (o.value(incompatible) != null) {
                    throw new UsageException("--scenario serves its own cluster and VPC; drop --" + incompatible);
                }
            }
            Scenario scenario = ScenarioLoader.load(scenarioArg);
            Sandbox sandbox = Sandbox.start(scenario);
            return new Target(sandbox, ClusterConnection.open(ClusterTarget.of(sandbox), threshold));
        }
        if (o.value("context") != null && o.value("kubeconfig") == null) {
            throw new UsageException("--context needs --kubeconfig FILE");
        }
        Path kubeconfig = kubeconfigPath(o.value("kubeconfig"));
        Config config;
        try {
            config = KubeClients.fromKubeconfig(kubeconfig, o.value("context"));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        CloudTarget cloud = cloud(o);
        String name = o.value("context") != null ? o.value("context")
                : config.getCurrentContext() == null ? "default" : config.getCurrentContext().getName();
        return new Target(null, ClusterConnection.open(new ClusterTarget(name, config, cloud), threshold));
    }

    private static Path kubeconfigPath(String given) {
        if (given != null) {
            Path p = Path.of(given);
            if (!Files.isRegularFile(p)) {
                throw new UsageException("kubeconfig " + given + " does not exist or is not a file");
            }
            return p;
        }
        String env = System.getenv("KUBECONFIG");
        Path p = env != null && !env.isBlank() ? Path.of(env.split(java.io.File.pathSeparator)[0])
                : Path.of(System.getProperty("user.home"), ".kube", "config");
        if (!Files.isRegularFile(p)) {
            throw new UsageException("no cluster given: pass --scenario FILE|NAME (e.g. seed-incident) or"
                    + " --kubeconfig FILE");
        }
        return p;
    }

    private static CloudTarget cloud(CliOptions o) {
        String props = o.value("cloud-properties");
        String region = o.value("region");
        String vpcId = o.value("vpc-id");
        List<String> tables = checked(() -> CloudProperties.routeTableIds(o.values("route-table-id"),
                "--route-table-id"));
        List<String> vswitches = checked(() -> CloudProperties.vSwitchIds(o.values("api-server-vswitch-id"),
                "--api-server-vswitch-id"));
        if (props != null) {
            if (region != null || vpcId != null) {
                throw new UsageException("--cloud-properties already names the region and VPC; drop --region/--vpc-id");
            }
            CloudTarget t = checked(() -> CloudProperties.load(Path.of(props), tables));
            return vswitches.isEmpty() ? t : new CloudTarget(t.settings(), t.vpcId(), t.routeTableIds(), vswitches,
                    t.routeEntryQuota());
        }
        if (region == null && vpcId == null) {
            if (!tables.isEmpty() || !vswitches.isEmpty()) {
                throw new UsageException((tables.isEmpty() ? "--api-server-vswitch-id" : "--route-table-id")
                        + " needs --region and --vpc-id (or --cloud-properties)");
            }
            return null;
        }
        if (region == null || vpcId == null) {
            throw new UsageException("--region and --vpc-id go together (e.g. --region cn-hangzhou --vpc-id vpc-bp1...)");
        }
        if (!region.matches("[a-z]+(-[a-z0-9]+)+")) {
            throw new UsageException("--region '" + region + "' is not a region id like cn-hangzhou");
        }
        if (!vpcId.matches("vpc-[A-Za-z0-9]+")) {
            throw new UsageException("--vpc-id '" + vpcId + "' is not a VPC id like vpc-bp1abc");
        }
        return new CloudTarget(AliyunSettings.defaultChain(region), vpcId, tables, vswitches,
                CloudTarget.DEFAULT_ROUTE_ENTRY_QUOTA);
    }

    private static <T> T checked(java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    private static String oneLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }

    /** A connection, and the sandbox behind it when the command started one. */
    private record Target(Sandbox sandbox, ClusterConnection connection) implements AutoCloseable {
        @Override
        public void close() {
            connection.close();
            if (sandbox != null) {
                sandbox.close();
            }
        }
    }
}
