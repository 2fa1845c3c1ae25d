package dev.unstuck.cli;

import dev.unstuck.sandbox.Sandbox;
import dev.unstuck.sandbox.Scenario;
import dev.unstuck.sandbox.ScenarioLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "sandbox", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Serve a scenario as a Kubernetes API and a VPC OpenAPI on 127.0.0.1 until Ctrl-C; writes"
                + " DIR/kubeconfig and DIR/cloud.properties.")
final class SandboxCommand implements Callable<Integer> {
    private final CliContext cli;

    @Parameters(arity = "0..*", hidden = true)
    List<String> positional = new ArrayList<>();

    @Option(names = "--scenario", paramLabel = "FILE|NAME", description = "the world to serve (built-in: ${COMPLETION-CANDIDATES})",
            completionCandidates = ClusterOptions.BuiltInScenarios.class)
    String scenario;

    @Option(names = "--dir", paramLabel = "DIR", description = "where to write kubeconfig and cloud.properties (default unstuck-sandbox)")
    String dir;

    @Option(names = "--kube-port", paramLabel = "N", description = "the Kubernetes API's port (default: a free one)")
    String kubePort;

    @Option(names = "--vpc-port", paramLabel = "N", description = "the VPC OpenAPI's port (default: a free one)")
    String vpcPort;

    SandboxCommand(CliContext cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        if (!positional.isEmpty()) {
            throw new UsageException("sandbox takes no positional argument, got '" + positional.get(0) + "'");
        }
        if (scenario == null) {
            throw new UsageException("sandbox needs --scenario FILE or one of "
                    + String.join(", ", ScenarioLoader.BUILT_IN));
        }
        Scenario s = ScenarioLoader.load(scenario);
        int kube = Numbers.parse("--kube-port", kubePort, 0, 0, 65535);
        int vpc = Numbers.parse("--vpc-port", vpcPort, 0, 0, 65535);
        Path where = Path.of(dir == null ? "unstuck-sandbox" : dir);
        Sandbox sandbox;
        try {
            sandbox = Sandbox.start(s, kube, vpc);
        } catch (IllegalStateException e) {
            throw new UsageException("cannot start the sandbox: " + UnstuckCli.oneLine(e.getMessage()));
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sandbox.close();
            stopped.countDown();
        }, "sandbox-shutdown"));
        try {
            sandbox.writeConnectionFiles(where);
        } catch (IOException e) {
            throw new UsageException("cannot write connection files to " + where + ": " + e.getMessage());
        }
        var out = cli.out();
        out.println("Sandbox '" + s.name() + "' is running.");
        out.println("  Kubernetes API: " + sandbox.cluster().apiServerUrl() + "  (kubectl --kubeconfig "
                + where.resolve("kubeconfig") + " get ns)");
        out.println("  VPC OpenAPI:    " + sandbox.cloudSettings().endpoint() + "  ("
                + where.resolve("cloud.properties") + ")");
        out.println("  Try: java -jar target/unstuck.jar diagnose dev --kubeconfig " + where.resolve("kubeconfig")
                + " --cloud-properties " + where.resolve("cloud.properties"));
        out.println("Stop with Ctrl-C.");
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return UnstuckCli.OK;
    }
}
