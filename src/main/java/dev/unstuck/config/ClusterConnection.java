package dev.unstuck.config;

import dev.unstuck.cloud.CloudCallListener;
import dev.unstuck.cloud.RouteEntryRepair;
import dev.unstuck.cloud.VpcApi;
import dev.unstuck.cloud.VpcRouteInspector;
import dev.unstuck.cloud.VpcRouteSettings;
import dev.unstuck.cloud.VpcRouteWriter;
import dev.unstuck.cloud.aliyun.AliyunVpcApi;
import dev.unstuck.diagnosis.ClusterReader;
import dev.unstuck.diagnosis.DiagnosisEngine;
import dev.unstuck.diagnosis.NetworkPathInspector;
import dev.unstuck.kube.Fabric8ApiServiceRemover;
import dev.unstuck.kube.Fabric8ClusterReader;
import dev.unstuck.kube.KubeClients;
import dev.unstuck.remediation.PlanExecutor;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The live clients and domain services for one cluster: what the CLI, the workflow activities and the chat adapters
 * all use, so each path diagnoses and repairs with the same code.
 */
public final class ClusterConnection implements AutoCloseable {
    private final ClusterTarget target;
    private final KubernetesClient client;
    private final Fabric8ClusterReader reader;
    private final VpcApi vpc;
    private final DiagnosisEngine engine;
    private final PlanExecutor executor;

    private ClusterConnection(ClusterTarget target, Duration stuckThreshold, CloudCallListener cloudCalls) {
        this.target = target;
        this.client = KubeClients.forConfig(target.kubernetes());
        this.reader = new Fabric8ClusterReader(client);
        this.vpc = target.cloudTarget().map(c -> (VpcApi) new AliyunVpcApi(c.settings(), cloudCalls)).orElse(null);
        NetworkPathInspector inspector = target.cloudTarget()
                .map(c -> (NetworkPathInspector) new VpcRouteInspector(vpc, new VpcRouteSettings(c.vpcId(),
                        c.routeTableIds(), c.apiServerVSwitchIds(), c.routeEntryQuota())))
                .orElse(NetworkPathInspector.NONE);
        this.engine = new DiagnosisEngine(reader, inspector, stuckThreshold, Clock.systemUTC());
        this.executor = new PlanExecutor(target.cloudTarget()
                .map(c -> new VpcRouteWriter(new RouteEntryRepair(vpc, c.routeEntryQuota()))).orElse(null),
                new Fabric8ApiServiceRemover(client));
    }

    public static ClusterConnection open(ClusterTarget target, Duration stuckThreshold) {
        return open(target, stuckThreshold, CloudCallListener.NONE);
    }

    /** @param cloudCalls told about every VPC API call this cluster's client makes (the bot counts them) */
    public static ClusterConnection open(ClusterTarget target, Duration stuckThreshold, CloudCallListener cloudCalls) {
        return new ClusterConnection(target, stuckThreshold, cloudCalls);
    }

    public static ClusterConnection open(ClusterTarget target) {
        return open(target, DiagnosisEngine.DEFAULT_STUCK_THRESHOLD);
    }

    public String name() {
        return target.name();
    }

    public ClusterTarget target() {
        return target;
    }

    public KubernetesClient client() {
        return client;
    }

    public DiagnosisEngine engine() {
        return engine;
    }

    public PlanExecutor executor() {
        return executor;
    }

    public Optional<VpcApi> vpc() {
        return Optional.ofNullable(vpc);
    }

    /** The read-only view the diagnosis uses; the cause-chain picture reads through it too. */
    public ClusterReader reader() {
        return reader;
    }

    /** The API server URL, for messages. */
    public String serverUrl() {
        return reader.serverUrl();
    }

    @Override
    public void close() {
        reader.close();
        client.close();
    }
}
