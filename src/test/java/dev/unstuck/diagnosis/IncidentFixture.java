package dev.unstuck.diagnosis;

import dev.unstuck.remediation.PlanStep;
import dev.unstuck.remediation.RemediationAction;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.unstuck.diagnosis.DiagnosisEngineTest.CLOCK;
import static dev.unstuck.diagnosis.DiagnosisEngineTest.NOW;
import static dev.unstuck.diagnosis.DiagnosisEngineTest.cond;
import static dev.unstuck.diagnosis.DiagnosisEngineTest.nsConditions;

/** Builds ACK clusters in memory for the incident-shaped engine tests, and diagnoses them. */
final class IncidentFixture {

    static final String METRICS_API = "v1beta1.metrics.k8s.io";
    static final String METRICS_GV = "metrics.k8s.io/v1beta1";
    static final String DISCOVERY_MESSAGE = DiagnosisEngineTest.DISCOVERY_MESSAGE;

    final InMemoryClusterReader cluster = new InMemoryClusterReader();
    final RecordingInspector inspector = new RecordingInspector();

    /** What the engine asked the cloud side, and a canned answer. */
    static final class RecordingInspector implements NetworkPathInspector {
        final List<NetworkQuery> queries = new ArrayList<>();
        NetworkFindings answer = NetworkFindings.NONE;

        @Override
        public NetworkFindings inspect(NetworkQuery query) {
            queries.add(query);
            return answer;
        }

        List<PodNetworkPath> paths() {
            return queries.stream().flatMap(q -> q.unreachable().stream()).toList();
        }
    }

    Diagnosis diagnose(String namespace) {
        return new DiagnosisEngine(cluster, inspector, Duration.ofMinutes(5), CLOCK).diagnose(namespace);
    }

    IncidentFixture terminating(String name, Duration age, Condition... failing) {
        cluster.namespace(new NamespaceInfo(name, "Terminating", NOW.minus(age), List.of("kubernetes"),
                nsConditions(failing)));
        return this;
    }

    /** Deleted 3 hours ago and held by the metrics group's discovery failure. */
    IncidentFixture stuckOnMetrics(String name) {
        return terminating(name, Duration.ofMinutes(180),
                cond("NamespaceDeletionDiscoveryFailure", "True", "DiscoveryFailed", DISCOVERY_MESSAGE));
    }

    /** APIService v1beta1.metrics.k8s.io failing its discovery check with {@code message}, served by these pods. */
    IncidentFixture metricsApiService(String message, PodInfo... pods) {
        return apiService(METRICS_API, "metrics.k8s.io", "v1beta1", "metrics-server", message, pods);
    }

    IncidentFixture apiService(String name, String group, String version, String service, String message,
                               PodInfo... pods) {
        ServiceRef svc = new ServiceRef("kube-system", service, 443);
        cluster.apiServices.add(new ApiServiceStatus(name, group, version, svc,
                cond("Available", "False", "FailedDiscoveryCheck", message)));
        List<EndpointAddress> addresses = new ArrayList<>();
        for (PodInfo p : pods) {
            addresses.add(new EndpointAddress(p.ip(), true, p.name(), p.nodeName()));
            cluster.pods.add(p);
        }
        cluster.service("kube-system", service, new ServiceEndpoints(true, addresses));
        return this;
    }

    static PodInfo pod(String name, String ip, String node) {
        return new PodInfo("kube-system", name, ip, node, true, false);
    }

    IncidentFixture node(NodeInfo node) {
        cluster.nodes.add(node);
        return this;
    }

    static NodeInfo ecsNode(String name, String ip, String podCIDR, String instance, boolean controlPlane,
                            Condition... conditions) {
        return new NodeInfo(name, ip, podCIDR, "cn-hangzhou." + instance, "cn-hangzhou", instance, controlPlane,
                List.of(conditions));
    }

    static NodeInfo virtualNode(String name) {
        return new NodeInfo(name, "192.168.0.250", null, null, null, null, false, List.of(), true);
    }

    /** The seed incident's two nodes: the control plane on .193, metrics-server's node .194 (172.16.1.0/24). */
    IncidentFixture dedicatedFlannelNodes(Condition... node194) {
        node(ecsNode("cn-hangzhou.192.168.0.193", "192.168.0.193", "172.16.0.0/24", "i-node1", true));
        return node(ecsNode("cn-hangzhou.192.168.0.194", "192.168.0.194", "172.16.1.0/24", "i-node2", false,
                node194));
    }

    static String timeout(String ip) {
        String url = "https://" + ip + ":4443/apis/metrics.k8s.io/v1beta1";
        return "failing or missing response from " + url + ": Get \"" + url + "\": net/http: request canceled while "
                + "waiting for connection (Client.Timeout exceeded while awaiting headers)";
    }

    static String refused(String ip) {
        String url = "https://" + ip + ":4443/apis/metrics.k8s.io/v1beta1";
        return "failing or missing response from " + url + ": Get \"" + url + "\": dial tcp " + ip
                + ":4443: connect: connection refused";
    }

    static PlanStep createRoute(String table, String cidr, String instance) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("routeTableId", table);
        params.put("destinationCidrBlock", cidr);
        params.put("nextHopType", "Instance");
        params.put("nextHopId", instance);
        return new PlanStep(RemediationAction.CREATE_ROUTE_ENTRY, params);
    }

    static List<CauseKind> kinds(List<Cause> causes) {
        return causes.stream().map(Cause::kind).toList();
    }
}
