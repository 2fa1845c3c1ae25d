package dev.unstuck.diagnosis;

import dev.unstuck.remediation.PlanStep;
import dev.unstuck.remediation.RemediationAction;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class DiagnosisEngineTest {

    static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    static final String DISCOVERY_MESSAGE = "Discovery failed for some groups, 1 failing: unable to retrieve the "
            + "complete list of server APIs: metrics.k8s.io/v1beta1: the server is currently unable to handle the request";
    static final String TIMEOUT_MESSAGE = "failing or missing response from "
            + "https://172.16.1.12:4443/apis/metrics.k8s.io/v1beta1: Get "
            + "\"https://172.16.1.12:4443/apis/metrics.k8s.io/v1beta1\": net/http: request canceled while waiting "
            + "for connection (Client.Timeout exceeded while awaiting headers)";
    static final String METRICS_POD = "metrics-server-6d5d9c6b7-x2x7k";
    static final ServiceRef METRICS_SVC = new ServiceRef("kube-system", "metrics-server", 443);

    final InMemoryClusterReader cluster = new InMemoryClusterReader();

    DiagnosisEngine engine() {
        return new DiagnosisEngine(cluster, NetworkPathInspector.NONE, Duration.ofMinutes(5), CLOCK);
    }

    // ---- builders --------------------------------------------------------------------------------------------------

    static Condition cond(String type, String status, String reason, String message) {
        return new Condition(type, status, reason, message);
    }

    /** The five conditions of a terminating namespace, all OK except those given. */
    static List<Condition> nsConditions(Condition... failing) {
        List<Condition> all = new ArrayList<>(List.of(
                cond("NamespaceDeletionDiscoveryFailure", "False", "ResourcesDiscovered",
                        "All resources successfully discovered"),
                cond("NamespaceDeletionGroupVersionParsingFailure", "False", "ParsedGroupVersions",
                        "All legacy kube types successfully parsed"),
                cond("NamespaceDeletionContentFailure", "False", "ContentDeleted",
                        "All content successfully deleted, may be waiting on finalization"),
                cond("NamespaceContentRemaining", "False", "ContentRemoved", "All content successfully removed"),
                cond("NamespaceFinalizersRemaining", "False", "ContentRemoved", "All content successfully removed")));
        for (Condition f : failing) {
            all.removeIf(c -> c.type().equals(f.type()));
            all.add(f);
        }
        return all;
    }

    void terminatingFor(String name, Duration age, Condition... failing) {
        cluster.namespace(new NamespaceInfo(name, "Terminating", NOW.minus(age), List.of("kubernetes"),
                nsConditions(failing)));
    }

    static NodeInfo node(String name, String ip, String podCIDR, String instance, boolean controlPlane,
                         Condition... conditions) {
        String providerId = "alicloud://cn-hangzhou." + instance;
        ProviderId parsed = ProviderId.parse(providerId).orElseThrow();
        return new NodeInfo(name, ip, podCIDR, providerId, parsed.region(), parsed.instanceId(), controlPlane,
                List.of(conditions));
    }

    static Condition noRouteCreated() {
        return cond("NetworkUnavailable", "True", "NoRouteCreated", "RouteController failed to create a route");
    }

    static ApiServiceStatus metricsApiService(Condition available) {
        return new ApiServiceStatus("v1beta1.metrics.k8s.io", "metrics.k8s.io", "v1beta1", METRICS_SVC, available);
    }

    /** The motivating incident: dev deleted 3 hours ago, metrics-server's pod on .194 unreachable from .193. */
    void incident(Condition... node194Conditions) {
        terminatingFor("dev", Duration.ofMinutes(180),
                cond("NamespaceDeletionDiscoveryFailure", "True", "DiscoveryFailed", DISCOVERY_MESSAGE));
        cluster.apiServices.add(new ApiServiceStatus("v1.apps", "apps", "v1", null,
                cond("Available", "True", "Local", "Local APIServices are always available")));
        cluster.apiServices.add(metricsApiService(cond("Available", "False", "FailedDiscoveryCheck", TIMEOUT_MESSAGE)));
        cluster.service("kube-system", "metrics-server", new ServiceEndpoints(true, List.of(
                new EndpointAddress("172.16.1.12", true, METRICS_POD, "cn-hangzhou.192.168.0.194"))));
        cluster.pods.add(new PodInfo("kube-system", METRICS_POD, "172.16.1.12", "cn-hangzhou.192.168.0.194", true,
                false));
        cluster.nodes.add(node("cn-hangzhou.192.168.0.193", "192.168.0.193", "172.16.0.0/24",
                "i-bp1controlplane0193", true));
        cluster.nodes.add(node("cn-hangzhou.192.168.0.194", "192.168.0.194", "172.16.1.0/24",
                "i-v98dklsmnxkkgiiil7", false, node194Conditions));
    }

    static List<CauseKind> kinds(Diagnosis d) {
        return d.causes().stream().map(Cause::kind).toList();
    }

    static Cause cause(Diagnosis d, CauseKind kind) {
        return d.causes().stream().filter(c -> c.kind() == kind).findFirst().orElseThrow();
    }

    // ---- states ----------------------------------------------------------------------------------------------------

    @Test
    @DisplayName("a namespace that does not exist is NOT_FOUND with no causes")
    void notFound() {
        Diagnosis d = engine().diagnose("dev");

        assertThat(d.state()).isEqualTo(NamespaceState.NOT_FOUND);
        assertThat(d.verdict()).isEqualTo("namespace dev does not exist");
        assertThat(d.causes()).isEmpty();
        assertThat(d.plan()).isEmpty();
    }

    @Test
    @DisplayName("a namespace without deletionTimestamp is ACTIVE and nothing else is read")
    void active() {
        cluster.namespace(new NamespaceInfo("dev", "Active", null, List.of("kubernetes"), List.of()));

        Diagnosis d = engine().diagnose("dev");

        assertThat(d.state()).isEqualTo(NamespaceState.ACTIVE);
        assertThat(d.verdict()).isEqualTo("namespace dev is Active: nothing to un-stick");
        assertThat(d.causes()).isEmpty();
        assertThat(cluster.calls("apiServices") + cluster.calls("nodes")).isZero();
    }

    @Test
    @DisplayName("a namespace deleting for 2 min, even with a failing discovery, is TERMINATING under the 5 min threshold")
    void terminatingUnderThreshold() {
        terminatingFor("dev", Duration.ofMinutes(2),
                cond("NamespaceDeletionDiscoveryFailure", "True", "DiscoveryFailed", DISCOVERY_MESSAGE));

        Diagnosis d = engine().diagnose("dev");

        assertThat(d.state()).isEqualTo(NamespaceState.TERMINATING);
        assertThat(d.verdict()).isEqualTo("namespace dev has been terminating for 2 min, under the 5 min stuck "
                + "threshold: the namespace controller may still be cleaning up");
        assertThat(d.causes()).isEmpty();
        assertThat(d.plan()).isEmpty();
    }

    @Test
    @DisplayName("a namespace deleting for 180 min whose conditions report nothing is STUCK without causes")
    void stuckWithoutCause() {
        terminatingFor("dev", Duration.ofMinutes(180));

        Diagnosis d = engine().diagnose("dev");

        assertThat(d.state()).isEqualTo(NamespaceState.STUCK);
        assertThat(d.verdict()).isEqualTo(
                "namespace dev has been terminating for 180 min: stuck, but none of its conditions reports a failure");
        assertThat(d.causes()).isEmpty();
    }

    @Test
    @DisplayName("the stuck threshold is configurable")
    void customThreshold() {
        terminatingFor("dev", Duration.ofMinutes(2));

        Diagnosis d = new DiagnosisEngine(cluster, NetworkPathInspector.NONE, Duration.ofMinutes(1), CLOCK)
                .diagnose("dev");

        assertThat(d.state()).isEqualTo(NamespaceState.STUCK);
        assertThat(d.verdict()).startsWith("namespace dev has been terminating for 2 min: stuck");
    }

    // ---- namespace conditions --------------------------------------------------------------------------------------

    @Test
    @DisplayName("a True NamespaceDeletionGroupVersionParsingFailure gives GROUP_VERSION_PARSING_FAILED quoting it")
    void groupVersionParsingFailed() {
        terminatingFor("dev", Duration.ofMinutes(30), cond("NamespaceDeletionGroupVersionParsingFailure", "True",
                "GroupVersionParsingFailed", "unexpected GroupVersion string: example.com/v1/extra"));

        Diagnosis d = engine().diagnose("dev");

        assertThat(kinds(d)).containsExactly(CauseKind.GROUP_VERSION_PARSING_FAILED);
        assertThat(d.causes().get(0).evidence()).containsExactly("namespace dev NamespaceDeletionGroupVersionParsing"
                + "Failure=True (GroupVersionParsingFailed): unexpected GroupVersion string: example.com/v1/extra");
    }

    @Test
    @DisplayName("a True NamespaceDeletionContentFailure gives CONTENT_DELETION_FAILED before CONTENT_REMAINING")
    void contentDeletionFailed() {
        String message = "Failed to delete all resource types, 1 remaining: Internal error occurred: failed calling "
                + "webhook \"validate.widgets.example.com\"";
        terminatingFor("dev", Duration.ofMinutes(30),
                cond("NamespaceDeletionContentFailure", "True", "ContentDeletionFailed", message),
                cond("NamespaceContentRemaining", "True", "SomeResourcesRemain",
                        "Some resources are remaining: widgets.example.com has 1 resource instances"));
        cluster.types.add(new ResourceType("example.com", "v1", "Widget", "widgets"));
        cluster.objects.add(new RemainingObject("example.com", "Widget", "w1", List.of(), true));

        Diagnosis d = engine().diagnose("dev");

        assertThat(kinds(d)).containsExactly(CauseKind.CONTENT_DELETION_FAILED, CauseKind.CONTENT_REMAINING);
        assertThat(d.causes().get(0).evidence()).containsExactly(
                "namespace dev NamespaceDeletionContentFailure=True (ContentDeletionFailed): " + message);
    }

    @Test
    @DisplayName("given widgets held by a finalizer and an unavailable metrics group, CONTENT_REMAINING lists the "
            + "widgets with their finalizers and the skipped group")
    void contentRemaining() {
        terminatingFor("dev", Duration.ofMinutes(45),
                cond("NamespaceContentRemaining", "True", "SomeResourcesRemain",
                        "Some resources are remaining: gadgets.example.com has 1 resource instances, "
                                + "widgets.example.com has 2 resource instances"),
                cond("NamespaceFinalizersRemaining", "True", "SomeFinalizerRemain",
                        "Some finalizers are remaining: example.com/protect in 2 resource instances"));
        cluster.types.add(new ResourceType("", "v1", "ConfigMap", "configmaps"));
        cluster.types.add(new ResourceType("example.com", "v1", "Widget", "widgets"));
        cluster.types.add(new ResourceType("example.com", "v1", "Gadget", "gadgets"));
        cluster.failedGroupVersions.put("metrics.k8s.io/v1beta1",
                "the server is currently unable to handle the request (503)");
        cluster.objects.add(new RemainingObject("example.com", "Widget", "w1", List.of("example.com/protect"), true));
        cluster.objects.add(new RemainingObject("example.com", "Widget", "w2", List.of("example.com/protect"), true));
        cluster.failedTypes.put("gadgets.example.com", "forbidden (403)");

        Diagnosis d = engine().diagnose("dev");

        assertThat(kinds(d)).containsExactly(CauseKind.CONTENT_REMAINING);
        Cause c = d.causes().get(0);
        assertThat(c.summary()).isEqualTo("2 object(s) remain in namespace dev, 2 held by finalizers");
        assertThat(c.evidence()).containsExactly(
                "namespace dev NamespaceContentRemaining=True (SomeResourcesRemain): Some resources are remaining: "
                        + "gadgets.example.com has 1 resource instances, widgets.example.com has 2 resource instances",
                "namespace dev NamespaceFinalizersRemaining=True (SomeFinalizerRemain): Some finalizers are "
                        + "remaining: example.com/protect in 2 resource instances",
                "remaining example.com/Widget: 2 object(s), 2 held by finalizers",
                "remaining: example.com/Widget/w1 finalizers=[example.com/protect] (deletion requested)",
                "remaining: example.com/Widget/w2 finalizers=[example.com/protect] (deletion requested)",
                "skipped metrics.k8s.io/v1beta1: discovery failed: the server is currently unable to handle the "
                        + "request (503)",
                "cannot list gadgets.example.com: forbidden (403)");
        assertThat(cluster.listedTypes()).as("only the types the namespace controller names, never ConfigMaps it "
                + "does not name").extracting(ResourceType::plural).containsExactly("gadgets", "widgets");
        assertThat(cluster.calls("discoverNamespacedTypes")).isEqualTo(1);
        assertThat(cluster.calls("listObjects")).isEqualTo(1);
        assertThat(d.plan()).isEmpty();
    }

    // ---- discovery and APIServices ---------------------------------------------------------------------------------

    @Test
    @DisplayName("given two failing groups of which one has no APIService, DISCOVERY_FAILURE lists both and says so")
    void discoveryFailureWithoutApiService() {
        String message = "Discovery failed for some groups, 2 failing: unable to retrieve the complete list of server "
                + "APIs: custom.metrics.k8s.io/v1beta1: stale GroupVersion discovery: custom.metrics.k8s.io/v1beta1, "
                + "metrics.k8s.io/v1beta1: stale GroupVersion discovery: metrics.k8s.io/v1beta1";
        terminatingFor("dev", Duration.ofMinutes(20),
                cond("NamespaceDeletionDiscoveryFailure", "True", "DiscoveryFailed", message));
        cluster.apiServices.add(metricsApiService(cond("Available", "True", "Passed", "all checks passed")));

        Diagnosis d = engine().diagnose("dev");

        assertThat(kinds(d)).containsExactly(CauseKind.DISCOVERY_FAILURE);
        Cause c = d.causes().get(0);
        assertThat(c.summary()).contains("custom.metrics.k8s.io/v1beta1, metrics.k8s.io/v1beta1");
        assertThat(c.evidence()).containsExactly(
                "namespace dev NamespaceDeletionDiscoveryFailure=True (DiscoveryFailed): " + message,
                "failing group/version: custom.metrics.k8s.io/v1beta1",
                "failing group/version: metrics.k8s.io/v1beta1",
                "no APIService serves custom.metrics.k8s.io/v1beta1 (looked for v1beta1.custom.metrics.k8s.io)",
                "APIService v1beta1.metrics.k8s.io is now Available=True (Passed): all checks passed: the namespace "
                        + "controller should succeed on its next retry");
        assertThat(cluster.calls("apiServices")).isEqualTo(1);
    }

    @Test
    @DisplayName("given a discovery failure whose message names no group, the failing groups come from discovery")
    void discoveryFailureMessageWithoutGroup() {
        String message = "Discovery failed for some groups, 1 failing: unable to retrieve the complete list of "
                + "server APIs";
        terminatingFor("dev", Duration.ofMinutes(20),
                cond("NamespaceDeletionDiscoveryFailure", "True", "DiscoveryFailed", message));
        cluster.failedGroupVersions.put("metrics.k8s.io/v1beta1", "the server is currently unable to handle the "
                + "request (503)");
        cluster.apiServices.add(metricsApiService(cond("Available", "False", "ServiceNotFound",
                "service/metrics-server in \"kube-system\" is not present")));

        Diagnosis d = engine().diagnose("dev");

        assertThat(kinds(d)).containsExactly(CauseKind.DISCOVERY_FAILURE, CauseKind.APISERVICE_UNAVAILABLE,
                CauseKind.APISERVICE_BACKEND_MISSING);
        assertThat(d.causes().get(0).evidence()).containsExactly(
                "namespace dev NamespaceDeletionDiscoveryFailure=True (DiscoveryFailed): " + message,
                "the message names no group/version; discovery now fails for: metrics.k8s.io/v1beta1",
                "failing group/version: metrics.k8s.io/v1beta1");
    }

    @Test
    @DisplayName("given a metrics APIService whose Service was uninstalled, the chain ends with "
            + "APISERVICE_BACKEND_MISSING and the plan deletes v1beta1.metrics.k8s.io")
    void backendServiceMissing() {
        String notPresent = "service/metrics-server in \"kube-system\" is not present";
        terminatingFor("dev", Duration.ofMinutes(60),
                cond("NamespaceDeletionDiscoveryFailure", "True", "DiscoveryFailed", DISCOVERY_MESSAGE));
        cluster.apiServices.add(metricsApiService(cond("Available", "False", "ServiceNotFound", notPresent)));

        Diagnosis d = engine().diagnose("dev");

        assertThat(kinds(d)).containsExactly(CauseKind.DISCOVERY_FAILURE, CauseKind.APISERVICE_UNAVAILABLE,
                CauseKind.APISERVICE_BACKEND_MISSING);
        assertThat(cause(d, CauseKind.APISERVICE_UNAVAILABLE).evidence()).containsExactly(
                "APIService v1beta1.metrics.k8s.io Available=False (ServiceNotFound): " + notPresent,
                "APIService v1beta1.metrics.k8s.io proxies metrics.k8s.io/v1beta1 to service "
                        + "kube-system/metrics-server port 443");
        assertThat(cause(d, CauseKind.APISERVICE_BACKEND_MISSING).evidence()).containsExactly(
                "service kube-system/metrics-server not found; the aggregator agrees: Available=False "
                        + "(ServiceNotFound): " + notPresent);
        assertThat(d.plan()).containsExactly(new PlanStep(RemediationAction.DELETE_APISERVICE,
                Map.of("apiService", "v1beta1.metrics.k8s.io")));
        assertThat(cluster.calls("nodes")).as("no pod is involved, and no node reports NoRouteCreated").isEqualTo(1);
        assertThat(cluster.calls("cloudController")).isZero();
    }

    @Test
    @DisplayName("given a metrics Service whose only endpoint is not ready, APISERVICE_BACKEND_MISSING is raised "
            + "and nothing is deleted")
    void backendWithoutReadyEndpoints() {
        String missing = "endpointslices for service/metrics-server in \"kube-system\" have no addresses with port "
                + "name \"https\"";
        terminatingFor("dev", Duration.ofMinutes(60),
                cond("NamespaceDeletionDiscoveryFailure", "True", "DiscoveryFailed", DISCOVERY_MESSAGE));
        cluster.apiServices.add(metricsApiService(cond("Available", "False", "MissingEndpoints", missing)));
        cluster.service("kube-system", "metrics-server", new ServiceEndpoints(true, List.of(
                new EndpointAddress("172.16.1.12", false, METRICS_POD, "cn-hangzhou.192.168.0.194"))));

        Diagnosis d = engine().diagnose("dev");

        assertThat(kinds(d)).containsExactly(CauseKind.DISCOVERY_FAILURE, CauseKind.APISERVICE_UNAVAILABLE,
                CauseKind.APISERVICE_BACKEND_MISSING);
        assertThat(cause(d, CauseKind.APISERVICE_BACKEND_MISSING).evidence()).containsExactly(
                "service kube-system/metrics-server has 1 address(es), none ready",
                "the aggregator agrees: Available=False (MissingEndpoints): " + missing,
                "not ready: 172.16.1.12 pod " + METRICS_POD + " on node cn-hangzhou.192.168.0.194");
        assertThat(d.plan()).isEmpty();
    }

    @Test
    @DisplayName("given a metrics Service with no EndpointSlice at all, APISERVICE_BACKEND_MISSING says so")
    void backendWithoutEndpoints() {
        String notFound = "cannot find endpointslices for service/metrics-server in \"kube-system\"";
        terminatingFor("dev", Duration.ofMinutes(60),
                cond("NamespaceDeletionDiscoveryFailure", "True", "DiscoveryFailed", DISCOVERY_MESSAGE));
        cluster.apiServices.add(metricsApiService(cond("Available", "False", "EndpointsNotFound", notFound)));
        cluster.services.add("kube-system/metrics-server");

        Diagnosis d = engine().diagnose("dev");

        assertThat(cause(d, CauseKind.APISERVICE_BACKEND_MISSING).evidence()).containsExactly(
                "no EndpointSlice or Endpoints object exists for service kube-system/metrics-server",
                "the aggregator agrees: Available=False (EndpointsNotFound): " + notFound);
        assertThat(d.plan()).isEmpty();
    }

    @Test
    @DisplayName("given a metrics backend that answers 500, APISERVICE_BACKEND_FAILING says so and no pod is called "
            + "unreachable")
    void backendAnswersWithBadStatus() {
        String badStatus = "failing or missing response from https://172.16.1.12:4443/apis/metrics.k8s.io/v1beta1: "
                + "bad status from https://172.16.1.12:4443/apis/metrics.k8s.io/v1beta1: 500";
        incident();
        cluster.apiServices.set(1, metricsApiService(cond("Available", "False", "FailedDiscoveryCheck", badStatus)));

        Diagnosis d = engine().diagnose("dev");

        assertThat(kinds(d)).containsExactly(CauseKind.DISCOVERY_FAILURE, CauseKind.APISERVICE_UNAVAILABLE,
                CauseKind.APISERVICE_BACKEND_FAILING);
        assertThat(cause(d, CauseKind.APISERVICE_BACKEND_FAILING).summary())
                .startsWith("172.16.1.12 answered with HTTP status 500");
        assertThat(d.plan()).isEmpty();
    }

    // ---- the motivating incident -----------------------------------------------------------------------------------

    @Test
    @DisplayName("given a metrics APIService whose pod on cn-hangzhou.192.168.0.194 is unreachable, the chain ends "
            + "with POD_UNREACHABLE_FROM_CONTROL_PLANE naming 172.16.1.12 and 172.16.1.0/24")
    void incidentWithoutCloud() {
        incident();

        Diagnosis d = engine().diagnose("dev");

        assertThat(d.state()).isEqualTo(NamespaceState.STUCK);
        assertThat(d.verdict()).isEqualTo("namespace dev has been terminating for 180 min: stuck");
        assertThat(kinds(d)).containsExactly(CauseKind.DISCOVERY_FAILURE, CauseKind.APISERVICE_UNAVAILABLE,
                CauseKind.POD_UNREACHABLE_FROM_CONTROL_PLANE);
        assertThat(d.causes().get(0).evidence()).containsExactly(
                "namespace dev NamespaceDeletionDiscoveryFailure=True (DiscoveryFailed): " + DISCOVERY_MESSAGE,
                "failing group/version: metrics.k8s.io/v1beta1");
        Cause last = d.causes().get(2);
        assertThat(last.summary()).contains("172.16.1.12", "v1beta1.metrics.k8s.io");
        assertThat(last.evidence()).containsExactly(
                "APIService v1beta1.metrics.k8s.io Available=False (FailedDiscoveryCheck): " + TIMEOUT_MESSAGE,
                "backend pod kube-system/" + METRICS_POD + " IP 172.16.1.12 on node cn-hangzhou.192.168.0.194 "
                        + "(podCIDR 172.16.1.0/24, instance i-v98dklsmnxkkgiiil7 in cn-hangzhou, "
                        + "node IP 192.168.0.194)");
        assertThat(d.plan()).isEmpty();
        assertThat(d.auditPlan()).isEmpty();
    }

    @Test
    @DisplayName("given the incident and a cloud inspector, its path causes follow the unreachable pod, its audit "
            + "causes come next and ROUTE_CONTROLLER_FAILING quoting the CCM is last")
    void incidentWithCloudInspector() {
        incident(noRouteCreated());
        cluster.events.add(new ClusterEvent("Node", "cn-hangzhou.192.168.0.194", "DescriberRouteTablesFailed",
                "Describe RouteTables Failed reason: alicloud: no route tables found by vpc id[vpc-bp1wrongid]", 12,
                NOW.minusSeconds(60)));
        cluster.events.add(new ClusterEvent("Pod", "metrics-server", "CreateRouteFailed", "not about a node", 1, NOW));
        cluster.cloudController = new CloudControllerInfo("kube-system", "cloud-controller-manager-7f8b9", "vpc-bp1wrongid",
                "configmap kube-system/cloud-config", List.of(
                "I1125 09:58:00.000001 1 route_controller.go:88] syncing routes for 2 nodes",
                "E1125 09:58:01.000002 1 route_controller.go:120] alicloud: no route tables found by vpc id[vpc-bp1wrongid]",
                "I1125 09:58:02.000003 1 node_controller.go:40] node cn-hangzhou.192.168.0.194 initialized"));

        Cause vpcRoute = new Cause(CauseKind.VPC_ROUTE_MISSING, "no VPC route 172.16.1.0/24 -> i-v98dklsmnxkkgiiil7",
                List.of("route table vtb-1 has no entry for 172.16.1.0/24"));
        Cause audit = new Cause(CauseKind.NODE_ROUTES_MISSING, "1 other node lacks its route", List.of("node x"));
        PlanStep create = new PlanStep(RemediationAction.CREATE_ROUTE_ENTRY, Map.of("routeTableId", "vtb-1"));
        PlanStep auditStep = new PlanStep(RemediationAction.CREATE_ROUTE_ENTRY, Map.of("routeTableId", "vtb-2"));
        AtomicReference<List<PodNetworkPath>> seen = new AtomicReference<>();
        AtomicReference<Optional<CloudControllerInfo>> seenCcm = new AtomicReference<>();
        AtomicInteger inspections = new AtomicInteger();
        NetworkPathInspector inspector = query -> {
            inspections.incrementAndGet();
            seen.set(query.unreachable());
            seenCcm.set(query.cloudController());
            assertThat(query.nodes()).hasSize(2);
            return new NetworkFindings(List.of(vpcRoute), List.of(create), List.of(audit), List.of(auditStep));
        };

        Diagnosis d = new DiagnosisEngine(cluster, inspector, Duration.ofMinutes(5), CLOCK).diagnose("dev");

        assertThat(kinds(d)).containsExactly(CauseKind.DISCOVERY_FAILURE, CauseKind.APISERVICE_UNAVAILABLE,
                CauseKind.POD_UNREACHABLE_FROM_CONTROL_PLANE, CauseKind.VPC_ROUTE_MISSING,
                CauseKind.NODE_ROUTES_MISSING, CauseKind.ROUTE_CONTROLLER_FAILING);
        assertThat(inspections).hasValue(1);
        assertThat(seen.get()).containsExactly(new PodNetworkPath("v1beta1.metrics.k8s.io", "kube-system",
                METRICS_POD, "172.16.1.12", "cn-hangzhou.192.168.0.194", "172.16.1.0/24", "cn-hangzhou",
                "i-v98dklsmnxkkgiiil7"));
        assertThat(seenCcm.get()).contains(cluster.cloudController);
        assertThat(d.plan()).containsExactly(create);
        assertThat(d.auditPlan()).containsExactly(auditStep);
        assertThat(d.causes().get(5).evidence()).containsExactly(
                "node cn-hangzhou.192.168.0.194 NetworkUnavailable=True (NoRouteCreated): RouteController failed to "
                        + "create a route",
                "event DescriberRouteTablesFailed on node cn-hangzhou.192.168.0.194 (x12, last "
                        + "2026-11-25T09:59:00Z): Describe RouteTables Failed reason: alicloud: no route tables found "
                        + "by vpc id[vpc-bp1wrongid]",
                "cloud-controller-manager log: E1125 09:58:01.000002 1 route_controller.go:120] alicloud: no route "
                        + "tables found by vpc id[vpc-bp1wrongid]",
                "cloud-controller-manager kube-system/cloud-controller-manager-7f8b9 is configured with VPC "
                        + "vpc-bp1wrongid (configmap kube-system/cloud-config)");
        assertThat(cluster.calls("cloudController")).isEqualTo(1);
        assertThat(cluster.calls("events")).isEqualTo(1);
    }

    @Test
    @DisplayName("given the incident with a CCM that logs nothing about routes, no ROUTE_CONTROLLER_FAILING is raised "
            + "on its VPC id alone")
    void routeControllerNeedsEvidence() {
        incident();
        cluster.cloudController = new CloudControllerInfo("kube-system", "cloud-controller-manager-7f8b9",
                "vpc-bp1goodid", "configmap kube-system/cloud-config",
                List.of("I1125 09:58:00.000001 1 route_controller.go:88] syncing routes for 2 nodes"));

        Diagnosis d = engine().diagnose("dev");

        assertThat(kinds(d)).doesNotContain(CauseKind.ROUTE_CONTROLLER_FAILING);
        assertThat(kinds(d)).last().isEqualTo(CauseKind.POD_UNREACHABLE_FROM_CONTROL_PLANE);
    }

    @Test
    @DisplayName("given a namespace held by a finalizer while a node reports NoRouteCreated, ROUTE_CONTROLLER_FAILING "
            + "is raised as an advisory after the content")
    void routeControllerAdvisoryFromNodesAlone() {
        terminatingFor("dev", Duration.ofMinutes(45), cond("NamespaceFinalizersRemaining", "True",
                "SomeFinalizerRemain", "Some finalizers are remaining: example.com/protect in 1 resource instances"));
        cluster.objects.add(new RemainingObject("example.com", "Widget", "w1", List.of("example.com/protect"), true));
        cluster.nodes.add(node("cn-hangzhou.192.168.0.195", "192.168.0.195", "172.16.2.0/24", "i-bp1node0195", false,
                noRouteCreated()));

        Diagnosis d = engine().diagnose("dev");

        assertThat(kinds(d)).containsExactly(CauseKind.CONTENT_REMAINING, CauseKind.ROUTE_CONTROLLER_FAILING);
        assertThat(d.causes().get(1).summary()).startsWith("advisory: ");
        assertThat(d.causes().get(1).evidence()).containsExactly("node cn-hangzhou.192.168.0.195 NetworkUnavailable="
                + "True (NoRouteCreated): RouteController failed to create a route");
    }

    @Test
    @DisplayName("backend pods on a control-plane node or on the host network are not handed to the inspector")
    void controlPlaneAndHostNetworkPodsAreNotVpcPaths() {
        incident();
        cluster.service("kube-system", "metrics-server", new ServiceEndpoints(true, List.of(
                new EndpointAddress("172.16.0.7", true, "metrics-server-a", null),
                new EndpointAddress("192.168.0.194", true, "metrics-server-b", "cn-hangzhou.192.168.0.194"))));
        cluster.pods.clear();
        cluster.pods.add(new PodInfo("kube-system", "metrics-server-a", "172.16.0.7", "cn-hangzhou.192.168.0.193",
                true, false));
        cluster.pods.add(new PodInfo("kube-system", "metrics-server-b", "192.168.0.194", "cn-hangzhou.192.168.0.194",
                true, true));
        AtomicInteger inspections = new AtomicInteger();
        NetworkPathInspector inspector = query -> {
            inspections.incrementAndGet();
            return NetworkFindings.NONE;
        };

        Diagnosis d = new DiagnosisEngine(cluster, inspector, Duration.ofMinutes(5), CLOCK).diagnose("dev");

        assertThat(inspections).hasValue(0);
        assertThat(cause(d, CauseKind.POD_UNREACHABLE_FROM_CONTROL_PLANE).summary())
                .contains("172.16.0.7, 192.168.0.194");
        assertThat(cause(d, CauseKind.POD_UNREACHABLE_FROM_CONTROL_PLANE).evidence()).contains(
                "node cn-hangzhou.192.168.0.193 is a control-plane node: the API server reaches it without a VPC "
                        + "route",
                "pod metrics-server-b uses the host network: no pod route is involved");
    }

    @Test
    @DisplayName("with 2,000 nodes and two unavailable APIServices in one namespace, each list is read once")
    void readsEachThingOnce() {
        incident(noRouteCreated());
        String both = "Discovery failed for some groups, 2 failing: unable to retrieve the complete list of server "
                + "APIs: custom.metrics.k8s.io/v1beta1: the server is currently unable to handle the request, "
                + "metrics.k8s.io/v1beta1: the server is currently unable to handle the request";
        terminatingFor("dev", Duration.ofMinutes(180),
                cond("NamespaceDeletionDiscoveryFailure", "True", "DiscoveryFailed", both));
        ServiceRef adapter = new ServiceRef("kube-system", "custom-metrics-adapter", 443);
        cluster.apiServices.add(new ApiServiceStatus("v1beta1.custom.metrics.k8s.io", "custom.metrics.k8s.io",
                "v1beta1", adapter, cond("Available", "False", "FailedDiscoveryCheck", "failing or missing response "
                + "from https://172.16.1.13:6443/apis/custom.metrics.k8s.io/v1beta1: context deadline exceeded")));
        cluster.service("kube-system", "custom-metrics-adapter", new ServiceEndpoints(true, List.of(
                new EndpointAddress("172.16.1.13", true, "adapter-1", "cn-hangzhou.192.168.0.194"))));
        cluster.pods.add(new PodInfo("kube-system", "adapter-1", "172.16.1.13", "cn-hangzhou.192.168.0.194", true,
                false));
        for (int i = 0; i < 2000; i++) {
            cluster.nodes.add(node("worker-" + i, "10.0." + (i / 250) + "." + (i % 250), "172.20." + (i % 250)
                    + ".0/24", "i-bp1w" + i, false, noRouteCreated()));
        }
        AtomicReference<List<PodNetworkPath>> seen = new AtomicReference<>();
        NetworkPathInspector inspector = query -> {
            seen.set(query.unreachable());
            return NetworkFindings.NONE;
        };

        Diagnosis d = new DiagnosisEngine(cluster, inspector, Duration.ofMinutes(5), CLOCK).diagnose("dev");

        assertThat(kinds(d)).containsExactly(CauseKind.DISCOVERY_FAILURE, CauseKind.APISERVICE_UNAVAILABLE,
                CauseKind.APISERVICE_UNAVAILABLE, CauseKind.POD_UNREACHABLE_FROM_CONTROL_PLANE,
                CauseKind.POD_UNREACHABLE_FROM_CONTROL_PLANE, CauseKind.ROUTE_CONTROLLER_FAILING);
        assertThat(seen.get()).extracting(PodNetworkPath::podIP).containsExactly("172.16.1.13", "172.16.1.12");
        assertThat(cluster.calls("apiServices")).isEqualTo(1);
        assertThat(cluster.calls("nodes")).isEqualTo(1);
        assertThat(cluster.calls("pods")).isEqualTo(1);
        assertThat(cluster.calls("events")).isEqualTo(1);
        assertThat(cluster.calls("cloudController")).isEqualTo(1);
        assertThat(cluster.calls("systemDaemonSets")).isEqualTo(1);
        assertThat(cluster.calls("discoverNamespacedTypes")).isZero();
        assertThat(d.causes().get(5).evidence()).hasSize(11).last()
                .isEqualTo("... and 1991 more node(s) with NoRouteCreated");
    }

    @Test
    @DisplayName("route-controller errors are recognised in CCM log lines, routine route lines are not")
    void routeErrorLines() {
        assertThat(DiagnosisEngine.isRouteError("alicloud: can not found routetable by id[vtb-1], error: x")).isTrue();
        assertThat(DiagnosisEngine.isRouteError("E1125 get vpc id from metadata error: timeout")).isTrue();
        assertThat(DiagnosisEngine.isRouteError("E1125 route_controller.go:99] failed to create route")).isTrue();
        assertThat(DiagnosisEngine.isRouteError("I1125 route_controller.go:88] syncing routes")).isFalse();
        assertThat(DiagnosisEngine.isRouteError("E1125 service_controller.go:12] error syncing lb")).isFalse();
    }
}
