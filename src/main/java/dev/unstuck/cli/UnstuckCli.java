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
import dev.unstuck.kube.KubeClients;
import dev.unstuck.remediation.PlanFingerprint;
import dev.unstuck.remediation.PlanStep;
import dev.unstuck.remediation.StepResult;
import dev.unstuck.remediation.StepStatus;
import dev.unstuck.sandbox.Sandbox;
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
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;

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
            "vpc-id", "route-table-id", "cloud-properties", "stuck-after-minutes");
    private static final Duration CONVERGENCE_TIMEOUT = Duration.ofSeconds(90);

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
                                   [--output text|json] [--stuck-after-minutes N]
                  unstuck repair NAMESPACE (same cluster options) [--yes] [--dry-run] [--output text|json]
                  unstuck sandbox --scenario FILE|NAME [--dir DIR] [--kube-port N] [--vpc-port N]
                built-in scenarios: """ + String.join(", ", ScenarioLoader.BUILT_IN);
    }

    // ---- diagnose ---------------------------------------------------------------------------------------------

    private int diagnose(List<String> args) {
        CliOptions o = CliOptions.parse("diagnose", args, TARGET_OPTIONS, Set.of(), Set.of("route-table-id"));
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
        CliOptions o = CliOptions.parse("repair", args, TARGET_OPTIONS, Set.of("yes", "dry-run"),
                Set.of("route-table-id"));
        String namespace = namespace(o, "repair");
        boolean json = json(o);
        boolean dryRun = o.flag("dry-run");
        boolean yes = o.flag("yes");
        if (!dryRun && !yes && !interactive) {
            throw new UsageException("repair writes to your cloud and needs a confirmation: run it on a terminal,"
                    + " or pass --yes (or --dry-run to only see the plan)");
        }
        try (Target t = target(o)) {
            Diagnosis d = t.connection.engine().diagnose(namespace);
            if (!json) {
                out.print(DiagnosisReport.text(d));
            }
            List<StepResult> executed = new ArrayList<>();
            if (!d.plan().isEmpty() && !dryRun) {
                if (!yes && !confirm(d.plan())) {
                    out.println("Nothing changed.");
                    return OK;
                }
                executed = execute(t, d);
            } else if (!json) {
                out.println(d.plan().isEmpty() ? "\nNothing to repair automatically." : "\nDry run: nothing executed.");
            }
            String after = d.state().name();
            if (executed.stream().anyMatch(StepResult::succeeded)) {
                after = awaitOutcome(t, namespace).name();
            }
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("namespace", namespace);
                m.put("plan", DiagnosisReport.steps(d.plan()));
                m.put("executed", executed.stream().map(DiagnosisReport::executed).toList());
                m.put("namespaceStateAfter", after);
                out.println(DiagnosisReport.toJson(m));
            } else if (!executed.isEmpty()) {
                out.println("\nNamespace " + namespace + " after the repair: " + after);
            }
            return executed.stream().anyMatch(r -> r.status() == StepStatus.FAILED) ? UNREACHABLE : OK;
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

    private NamespaceState awaitOutcome(Target t, String namespace) {
        BooleanSupplier gone = () -> t.connection.client().namespaces().withName(namespace).get() == null;
        if (t.sandbox != null) {
            t.sandbox.cluster().awaitConverged(gone, CONVERGENCE_TIMEOUT);
        } else {
            long deadline = System.nanoTime() + CONVERGENCE_TIMEOUT.toNanos();
            while (!gone.getAsBoolean() && System.nanoTime() < deadline) {
                t.connection.client().namespaces().withName(namespace)
                        .waitUntilCondition(java.util.Objects::isNull, 5, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
        return t.connection.engine().diagnose(namespace).state();
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
        List<String> tables = o.values("route-table-id");
        if (props != null) {
            if (region != null || vpcId != null) {
                throw new UsageException("--cloud-properties already names the region and VPC; drop --region/--vpc-id");
            }
            return cloudFromProperties(Path.of(props), tables);
        }
        if (region == null && vpcId == null) {
            if (!tables.isEmpty()) {
                throw new UsageException("--route-table-id needs --region and --vpc-id");
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
        for (String t : tables) {
            if (!t.matches("vtb-[A-Za-z0-9]+")) {
                throw new UsageException("--route-table-id '" + t + "' is not a route table id like vtb-bp1abc");
            }
        }
        return new CloudTarget(AliyunSettings.defaultChain(region), vpcId, tables);
    }

    private static CloudTarget cloudFromProperties(Path file, List<String> tables) {
        try {
            return CloudProperties.load(file, tables);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
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
