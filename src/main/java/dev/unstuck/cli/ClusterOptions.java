package dev.unstuck.cli;

import dev.unstuck.cloud.aliyun.AliyunSettings;
import dev.unstuck.config.CloudProperties;
import dev.unstuck.config.CloudTarget;
import dev.unstuck.config.ClusterConnection;
import dev.unstuck.config.ClusterTarget;
import dev.unstuck.diagnosis.NamespaceName;
import dev.unstuck.kube.KubeClients;
import dev.unstuck.sandbox.Sandbox;
import dev.unstuck.sandbox.Scenario;
import dev.unstuck.sandbox.ScenarioLoader;
import io.fabric8.kubernetes.client.Config;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** The namespace and the cluster (a scenario, or a kubeconfig and optionally a cloud) of diagnose and repair. */
final class ClusterOptions {
    @Parameters(paramLabel = "NAMESPACE", arity = "0..*", description = "the namespace stuck in Terminating")
    List<String> namespaces = new ArrayList<>();

    @Option(names = "--scenario", paramLabel = "FILE|NAME",
            description = "serve a scenario in this process instead of a real cluster (built-in: ${COMPLETION-CANDIDATES})",
            completionCandidates = BuiltInScenarios.class)
    String scenario;

    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "the cluster's kubeconfig (default: $KUBECONFIG, ~/.kube/config)")
    String kubeconfig;

    @Option(names = "--context", paramLabel = "NAME", description = "a context of --kubeconfig")
    String context;

    @Option(names = "--region", paramLabel = "REGION", description = "the cluster's region, e.g. cn-hangzhou")
    String region;

    @Option(names = "--vpc-id", paramLabel = "VPC", description = "the cluster's VPC, e.g. vpc-bp1abc")
    String vpcId;

    @Option(names = "--route-table-id", paramLabel = "VTB", description = "a route table the cloud-controller-manager manages (repeatable)")
    List<String> routeTableIds = new ArrayList<>();

    @Option(names = "--api-server-vswitch-id", paramLabel = "VSW", description = "the vSwitch the control plane reaches the VPC from, managed clusters (repeatable)")
    List<String> apiServerVSwitchIds = new ArrayList<>();

    @Option(names = "--cloud-properties", paramLabel = "FILE", description = "region, VPC id and endpoint in one file (what `sandbox` writes)")
    String cloudProperties;

    @Option(names = "--output", paramLabel = "text|json", description = "text (default) or json on stdout", completionCandidates = Outputs.class)
    String output;

    @Option(names = "--stuck-after-minutes", paramLabel = "N", description = "deleting for less than this is not stuck yet (default 5)")
    String stuckAfterMinutes;

    static final class BuiltInScenarios extends ArrayList<String> {
        BuiltInScenarios() {
            super(ScenarioLoader.BUILT_IN);
        }
    }

    static final class Outputs extends ArrayList<String> {
        Outputs() {
            super(List.of("text", "json"));
        }
    }

    String namespace(String command) {
        if (namespaces.isEmpty()) {
            throw new UsageException(command + " needs a NAMESPACE, e.g. unstuck " + command
                    + " dev --scenario seed-incident");
        }
        if (namespaces.size() > 1) {
            throw new UsageException(command + " takes one NAMESPACE, got " + namespaces.size() + ": "
                    + String.join(" ", namespaces));
        }
        String ns = namespaces.get(0);
        NamespaceName.problem(ns).ifPresent(p -> {
            throw new UsageException(p);
        });
        return ns;
    }

    boolean json() {
        if (output == null || output.equals("text")) {
            return false;
        }
        if (output.equals("json")) {
            return true;
        }
        throw new UsageException("--output must be text or json, got '" + output + "'");
    }

    /** The cluster to work on: a sandbox started from a scenario, or a kubeconfig (and optionally a cloud). */
    Target target() {
        Duration threshold = Duration.ofMinutes(Numbers.parse("--stuck-after-minutes", stuckAfterMinutes, 5, 0,
                10_080));
        if (scenario != null) {
            List<String> given = new ArrayList<>();
            if (kubeconfig != null) {
                given.add("kubeconfig");
            }
            if (context != null) {
                given.add("context");
            }
            if (region != null) {
                given.add("region");
            }
            if (vpcId != null) {
                given.add("vpc-id");
            }
            if (!routeTableIds.isEmpty()) {
                given.add("route-table-id");
            }
            if (cloudProperties != null) {
                given.add("cloud-properties");
            }
            if (!given.isEmpty()) {
                throw new UsageException("--scenario serves its own cluster and VPC; drop --" + given.get(0));
            }
            Scenario s = ScenarioLoader.load(scenario);
            Sandbox sandbox = Sandbox.start(s);
            return new Target(sandbox, ClusterConnection.open(ClusterTarget.of(sandbox), threshold));
        }
        if (context != null && kubeconfig == null) {
            throw new UsageException("--context needs --kubeconfig FILE");
        }
        Path path = kubeconfigPath(kubeconfig);
        Config config;
        try {
            config = KubeClients.fromKubeconfig(path, context);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        CloudTarget cloud = cloud();
        String name = context != null ? context
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

    private CloudTarget cloud() {
        List<String> tables = checked(() -> CloudProperties.routeTableIds(routeTableIds, "--route-table-id"));
        List<String> vswitches = checked(() -> CloudProperties.vSwitchIds(apiServerVSwitchIds,
                "--api-server-vswitch-id"));
        if (cloudProperties != null) {
            if (region != null || vpcId != null) {
                throw new UsageException("--cloud-properties already names the region and VPC; drop --region/--vpc-id");
            }
            CloudTarget t = checked(() -> CloudProperties.load(Path.of(cloudProperties), tables));
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

    private static <T> T checked(Supplier<T> read) {
        try {
            return read.get();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** A connection, and the sandbox behind it when the command started one. */
    record Target(Sandbox sandbox, ClusterConnection connection) implements AutoCloseable {
        @Override
        public void close() {
            connection.close();
            if (sandbox != null) {
                sandbox.close();
            }
        }
    }
}
