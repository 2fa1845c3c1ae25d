package dev.unstuck.sandbox;

import dev.unstuck.cloud.RouteEntry;
import dev.unstuck.cloud.aliyun.AliyunSettings;
import dev.unstuck.sandbox.vpc.VpcModel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * A whole simulated world from one scenario: the Kubernetes API and the VPC OpenAPI, each on its own loopback port,
 * wired so that the cluster reads its routes from the VPC. Newcomers try Unstuck on it; teams rehearse incidents.
 */
public final class Sandbox implements AutoCloseable {
    private final Scenario scenario;
    private final SandboxVpc vpc;
    private final SandboxCluster cluster;

    private Sandbox(Scenario scenario, int kubePort, int vpcPort) {
        this.scenario = scenario;
        this.vpc = SandboxVpc.start(scenario, vpcPort);
        try {
            this.cluster = SandboxCluster.start(scenario, vpc.routes(), kubePort);
        } catch (RuntimeException e) {
            vpc.close();
            throw e;
        }
    }

    /** Both APIs on free ports. */
    public static Sandbox start(Scenario scenario) {
        return new Sandbox(scenario, 0, 0);
    }

    public static Sandbox start(Scenario scenario, int kubePort, int vpcPort) {
        return new Sandbox(scenario, kubePort, vpcPort);
    }

    public Scenario scenario() {
        return scenario;
    }

    public SandboxCluster cluster() {
        return cluster;
    }

    public SandboxVpc vpc() {
        return vpc;
    }

    /** The VPC API endpoint and this sandbox's keys, as a client would configure them. */
    public AliyunSettings cloudSettings() {
        return vpc.settings();
    }

    /**
     * The vSwitch(es) a managed control plane reaches pods from; empty for a dedicated cluster, whose control-plane
     * nodes' vSwitches are found from their InternalIPs.
     */
    public List<String> apiServerVSwitchIds() {
        String vSwitch = scenario.cluster().apiServerVSwitch();
        return vSwitch == null ? List.of() : List.of(vSwitch);
    }

    /** Custom entries one route table of this sandbox's account may hold. */
    public int routeEntryQuota() {
        return scenario.vpc().quota();
    }

    // ---- drills: what people do to the sandbox while the bot runs, to see it notice --------------------------

    /**
     * Deletes the route entry for {@code destinationCidr} from a route table, as someone in the cloud console would.
     *
     * @return the entry deleted, or empty when the table holds no custom entry for that destination
     * @throws IllegalArgumentException when the table does not exist
     */
    public Optional<RouteEntry> deleteRouteEntry(String routeTableId, String destinationCidr) {
        return vpc.server().model().deleteRouteEntry(routeTableId, destinationCidr).map(VpcModel.EntryView::toRouteEntry);
    }

    /**
     * Gives the cloud-controller-manager a VPC id that does not exist (the seed incident's typo), so it stops
     * restoring routes; returns the id it now looks for.
     */
    public String breakCloudController() {
        String typo = "vpc-typo-" + scenario.cluster().vpcId().replaceFirst("^vpc-", "");
        cluster.restartCloudController(typo);
        return typo;
    }

    /** Gives the cloud-controller-manager the cluster's own VPC id: it finds its table and restores what is missing. */
    public String fixCloudController() {
        cluster.restartCloudController(scenario.cluster().vpcId());
        return scenario.cluster().vpcId();
    }

    /** The VPC id the cloud-controller-manager looks for now; null when the scenario runs none. */
    public String cloudControllerVpcId() {
        return cluster.cloudControllerVpcId();
    }

    /**
     * Writes what a worker or kubectl in another process needs: {@code kubeconfig} and {@code cloud.properties}
     * (region, VPC id, endpoint, the sandbox's keys, the route entry quota and, on a managed cluster, the API
     * server's vSwitch; owner-readable only, as any credentials file should be).
     */
    public void writeConnectionFiles(Path dir) throws IOException {
        Files.createDirectories(dir);
        cluster.writeKubeconfig(dir.resolve("kubeconfig"));
        AliyunSettings s = vpc.settings();
        Properties p = new Properties();
        p.setProperty("cluster", scenario.cluster().name());
        p.setProperty("region", s.regionId());
        p.setProperty("vpcId", vpc.vpcId());
        p.setProperty("endpoint", s.endpoint());
        p.setProperty("accessKeyId", s.accessKeyId());
        p.setProperty("accessKeySecret", s.accessKeySecret());
        p.setProperty("routeEntryQuota", Integer.toString(routeEntryQuota()));
        if (!apiServerVSwitchIds().isEmpty()) {
            p.setProperty("apiServerVSwitchIds", String.join(",", apiServerVSwitchIds()));
        }
        Path file = dir.resolve("cloud.properties");
        Files.deleteIfExists(file);
        Files.createFile(file);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the directory's own permissions have to do.
        }
        try (var out = Files.newBufferedWriter(file)) {
            p.store(out, "Unstuck sandbox " + scenario.name() + ": VPC OpenAPI of this sandbox only");
        }
    }

    @Override
    public void close() {
        cluster.close();
        vpc.close();
    }
}
