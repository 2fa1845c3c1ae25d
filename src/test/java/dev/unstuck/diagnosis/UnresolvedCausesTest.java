package dev.unstuck.diagnosis;

import dev.unstuck.remediation.PlanStep;
import dev.unstuck.remediation.RemediationAction;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.unstuck.diagnosis.DiagnosisEngineTest.cond;
import static dev.unstuck.diagnosis.IncidentFixture.DISCOVERY_MESSAGE;
import static dev.unstuck.diagnosis.IncidentFixture.createRoute;
import static dev.unstuck.diagnosis.IncidentFixture.kinds;
import static dev.unstuck.diagnosis.IncidentFixture.pod;
import static dev.unstuck.diagnosis.IncidentFixture.timeout;
import static org.assertj.core.api.Assertions.assertThat;

/** What a plan will not fix, and which APIServices the workflow must see come back. */
class UnresolvedCausesTest {

    static final PlanStep ROUTE_194 = createRoute("vtb-hz001", "172.16.1.0/24", "i-node2");

    final IncidentFixture f = new IncidentFixture();

    /** The seed incident: metrics-server on .194 unreachable because 172.16.1.0/24 -> i-node2 is gone. */
    IncidentFixture seed(String namespace, Condition... more) {
        Condition[] conditions = new Condition[more.length + 1];
        conditions[0] = cond("NamespaceDeletionDiscoveryFailure", "True", "DiscoveryFailed", DISCOVERY_MESSAGE);
        System.arraycopy(more, 0, conditions, 1, more.length);
        return f.terminating(namespace, Duration.ofMinutes(180), conditions).dedicatedFlannelNodes()
                .metricsApiService(timeout("172.16.1.12"), pod("metrics-server-6d5b7f9c7-x2x7q", "172.16.1.12",
                        "cn-hangzhou.192.168.0.194"));
    }

    void cloudFinds(CauseKind kind, String summary, PlanStep... plan) {
        f.inspector.answer = new NetworkFindings(List.of(new Cause(kind, summary, List.of("from the VPC"))),
                List.of(plan), List.of(), List.of());
    }

    @Test
    @DisplayName("given the route-plus-finalizer namespace, the plan is the route and unresolved names the TrainJob "
            + "and its finalizer")
    void routePlusFinalizer() {
        seed("ml-jobs",
                cond("NamespaceContentRemaining", "True", "SomeResourcesRemain",
                        "Some resources are remaining: configmaps. has 1 resource instances, trainjobs.batch.example.io "
                                + "has 1 resource instances"),
                cond("NamespaceFinalizersRemaining", "True", "SomeFinalizersRemain", "Some content in the namespace "
                        + "has finalizers remaining: batch.example.io/teardown in 1 resource instances"));
        f.cluster.types.add(new ResourceType("batch.example.io", "v1", "TrainJob", "trainjobs"));
        f.cluster.objects.add(new RemainingObject("batch.example.io", "v1", "TrainJob", "resnet-nightly",
                List.of("batch.example.io/teardown"), true));
        f.cluster.objects.add(new RemainingObject("", "v1", "ConfigMap", "job-settings", List.of(), true));
        cloudFinds(CauseKind.VPC_ROUTE_MISSING, "the VPC route 172.16.1.0/24 -> i-node2 is missing", ROUTE_194);

        Diagnosis d = f.diagnose("ml-jobs");

        assertThat(d.plan()).containsExactly(ROUTE_194);
        assertThat(kinds(d.unresolved())).containsExactly(CauseKind.CONTENT_REMAINING);
        Cause held = d.unresolved().get(0);
        assertThat(held.summary()).isEqualTo("ml-jobs still waits on finalizer batch.example.io/teardown of TrainJob "
                + "resnet-nightly (batch.example.io/v1): no controller removes it; a person must decide");
        assertThat(held.evidence()).contains("TrainJob resnet-nightly (batch.example.io/v1) finalizers=[batch.example.io"
                + "/teardown] (deletion requested)", "finalizer batch.example.io/teardown holds 1 object(s)");
        assertThat(d.verifyApiServices()).containsExactly("v1beta1.metrics.k8s.io");
    }

    @Test
    @DisplayName("given the seed incident and its route in the plan, nothing is left unresolved and the metrics "
            + "APIService is the one to verify")
    void seedIncidentFullyAddressed() {
        seed("dev");
        cloudFinds(CauseKind.VPC_ROUTE_MISSING, "the VPC route 172.16.1.0/24 -> i-node2 is missing", ROUTE_194);

        Diagnosis d = f.diagnose("dev");

        assertThat(d.unresolved()).isEmpty();
        assertThat(d.verifyApiServices()).containsExactly("v1beta1.metrics.k8s.io");
    }

    @Test
    @DisplayName("given no cloud to ask, the unreachable pod is what dev still waits on")
    void noCloud() {
        seed("dev");
        f.inspector.answer = NetworkFindings.unavailable("no cloud credentials are configured for this cluster");

        Diagnosis d = f.diagnose("dev");

        assertThat(kinds(d.unresolved())).containsExactly(CauseKind.POD_UNREACHABLE_FROM_CONTROL_PLANE);
        assertThat(d.unresolved().get(0).summary()).startsWith("dev still waits on APIService v1beta1.metrics.k8s.io: "
                + "the control plane cannot reach the Ready backend pod(s) 172.16.1.12")
                .endsWith("and no step of the plan repairs that path");
        assertThat(d.unresolved().get(0).evidence()).contains("VPC routes not checked: no cloud credentials are "
                + "configured for this cluster");
        assertThat(d.verifyApiServices()).isEmpty();
    }

    @Test
    @DisplayName("given a route to a replaced instance, the conflict is unresolved and nothing is verified")
    void conflict() {
        seed("dev");
        cloudFinds(CauseKind.ROUTE_CONFLICT, "route table vtb-hz001 sends 172.16.1.0/24 to Instance i-old2 instead "
                + "of i-node2");

        Diagnosis d = f.diagnose("dev");

        assertThat(kinds(d.unresolved())).containsExactly(CauseKind.ROUTE_CONFLICT);
        assertThat(d.unresolved().get(0).summary()).startsWith("dev still waits on a conflicting VPC route: route "
                + "table vtb-hz001 sends 172.16.1.0/24 to Instance i-old2");
        assertThat(d.plan()).isEmpty();
        assertThat(d.verifyApiServices()).isEmpty();
    }

    @Test
    @DisplayName("given a route that is still Pending, it settles by itself: nothing is unresolved")
    void pendingRouteSettles() {
        seed("dev");
        cloudFinds(CauseKind.ROUTE_NOT_AVAILABLE, "the VPC route 172.16.1.0/24 -> i-node2 exists but is Pending");

        Diagnosis d = f.diagnose("dev");

        assertThat(d.unresolved()).isEmpty();
        assertThat(d.plan()).isEmpty();
    }

    @Test
    @DisplayName("given an uninstalled extension, deleting its APIService addresses it: nothing unresolved, nothing to "
            + "verify")
    void deletedApiService() {
        f.terminating("staging", Duration.ofMinutes(60), cond("NamespaceDeletionDiscoveryFailure", "True",
                "DiscoveryFailed", DISCOVERY_MESSAGE));
        f.cluster.apiServices.add(new ApiServiceStatus("v1beta1.metrics.k8s.io", "metrics.k8s.io", "v1beta1",
                new ServiceRef("kube-system", "metrics-server", 443), cond("Available", "False", "ServiceNotFound",
                "service/metrics-server in \"kube-system\" is not present")));

        Diagnosis d = f.diagnose("staging");

        assertThat(d.plan()).containsExactly(new PlanStep(RemediationAction.DELETE_APISERVICE,
                Map.of("apiService", "v1beta1.metrics.k8s.io")));
        assertThat(d.unresolved()).isEmpty();
        assertThat(d.verifyApiServices()).isEmpty();
    }

    @Test
    @DisplayName("given a metrics Service without ready endpoints, the missing backend is unresolved: no step repairs "
            + "it")
    void backendMissingWithoutStep() {
        f.terminating("ci-1234", Duration.ofMinutes(60), cond("NamespaceDeletionDiscoveryFailure", "True",
                "DiscoveryFailed", DISCOVERY_MESSAGE));
        f.cluster.apiServices.add(new ApiServiceStatus("v1beta1.metrics.k8s.io", "metrics.k8s.io", "v1beta1",
                new ServiceRef("kube-system", "metrics-server", 443), cond("Available", "False", "MissingEndpoints",
                "endpointslices for service/metrics-server in \"kube-system\" have no addresses with port name "
                        + "\"https\"")));
        f.cluster.service("kube-system", "metrics-server", new ServiceEndpoints(true, List.of(
                new EndpointAddress("172.16.1.12", false, "metrics-server-1", "cn-hangzhou.192.168.0.194"))));

        Diagnosis d = f.diagnose("ci-1234");

        assertThat(kinds(d.unresolved())).containsExactly(CauseKind.APISERVICE_BACKEND_MISSING);
        assertThat(d.unresolved().get(0).summary()).startsWith("ci-1234 still waits on APIService v1beta1.metrics.k8s"
                + ".io: service kube-system/metrics-server behind APIService v1beta1.metrics.k8s.io has no ready "
                + "endpoints; no step repairs it");
    }

    @Test
    @DisplayName("given a parsing failure and a webhook that refuses deletes, both are unresolved, and content without "
            + "finalizers is not")
    void conditionCauses() {
        f.terminating("archive", Duration.ofMinutes(30),
                cond("NamespaceDeletionGroupVersionParsingFailure", "True", "GroupVersionParsingFailed",
                        "unexpected GroupVersion string: example.com/v1/beta"),
                cond("NamespaceDeletionContentFailure", "True", "ContentDeletionFailed", "Failed to delete all "
                        + "resource types, 1 remaining: admission webhook \"backups.backup.example.com\" denied the "
                        + "request"),
                cond("NamespaceContentRemaining", "True", "SomeResourcesRemain",
                        "Some resources are remaining: backups.backup.example.com has 1 resource instances"));
        f.cluster.objects.add(new RemainingObject("backup.example.com", "v1", "Backup", "nightly", List.of(), false));

        Diagnosis d = f.diagnose("archive");

        assertThat(kinds(d.unresolved())).containsExactly(CauseKind.GROUP_VERSION_PARSING_FAILED,
                CauseKind.CONTENT_DELETION_FAILED);
        assertThat(d.unresolved()).allMatch(c -> c.summary().startsWith("archive still waits on "));
    }

    @Test
    @DisplayName("given finalizers the condition names on objects Unstuck could not list, they are unresolved all the "
            + "same")
    void finalizersOnUnlistedObjects() {
        f.terminating("legacy", Duration.ofMinutes(30),
                cond("NamespaceContentRemaining", "True", "SomeResourcesRemain",
                        "Some resources are remaining: widgets.example.com has 2 resource instances"),
                cond("NamespaceFinalizersRemaining", "True", "SomeFinalizersRemain", "Some content in the namespace "
                        + "has finalizers remaining: example.com/cleanup in 2 resource instances"));
        f.cluster.types.add(new ResourceType("example.com", "v1", "Widget", "widgets"));
        f.cluster.failedTypes.put("widgets.example.com", "forbidden by RBAC (apply "
                + "deploy/optional/namespace-content.yaml)");

        Diagnosis d = f.diagnose("legacy");

        assertThat(kinds(d.unresolved())).containsExactly(CauseKind.CONTENT_REMAINING);
        assertThat(d.unresolved().get(0).summary()).isEqualTo("legacy still waits on finalizer example.com/cleanup in "
                + "2 resource instance(s) on objects Unstuck could not list: no step removes it; a person must decide");
        assertThat(d.unresolved().get(0).evidence()).contains("cannot list widgets.example.com: forbidden by RBAC "
                + "(apply deploy/optional/namespace-content.yaml)");
    }

    @Test
    @DisplayName("given one uninstalled extension and one unreachable adapter without a cloud, only the adapter is "
            + "unresolved")
    void oneAddressedOneNot() {
        String both = "Discovery failed for some groups, 2 failing: unable to retrieve the complete list of server "
                + "APIs: custom.metrics.k8s.io/v1beta1: stale GroupVersion discovery: custom.metrics.k8s.io/v1beta1, "
                + "metrics.k8s.io/v1beta1: stale GroupVersion discovery: metrics.k8s.io/v1beta1";
        f.terminating("dev", Duration.ofMinutes(90), cond("NamespaceDeletionDiscoveryFailure", "True",
                "DiscoveryFailed", both)).dedicatedFlannelNodes();
        f.cluster.apiServices.add(new ApiServiceStatus("v1beta1.metrics.k8s.io", "metrics.k8s.io", "v1beta1",
                new ServiceRef("kube-system", "metrics-server", 443), cond("Available", "False", "ServiceNotFound",
                "service/metrics-server in \"kube-system\" is not present")));
        f.apiService("v1beta1.custom.metrics.k8s.io", "custom.metrics.k8s.io", "v1beta1", "custom-metrics-adapter",
                "failing or missing response from https://172.16.1.13:6443/apis/custom.metrics.k8s.io/v1beta1: "
                        + "context deadline exceeded",
                pod("adapter-1", "172.16.1.13", "cn-hangzhou.192.168.0.194"));

        Diagnosis d = f.diagnose("dev");

        assertThat(d.plan()).extracting(PlanStep::action).containsExactly(RemediationAction.DELETE_APISERVICE);
        assertThat(kinds(d.unresolved())).containsExactly(CauseKind.POD_UNREACHABLE_FROM_CONTROL_PLANE);
        assertThat(d.unresolved().get(0).summary()).startsWith("dev still waits on APIService "
                + "v1beta1.custom.metrics.k8s.io");
        assertThat(d.verifyApiServices()).isEmpty();
    }

    @Test
    @DisplayName("given a failing group whose APIService is Available again, nothing holds the namespace")
    void availableAgain() {
        f.terminating("dev", Duration.ofMinutes(20), cond("NamespaceDeletionDiscoveryFailure", "True",
                "DiscoveryFailed", DISCOVERY_MESSAGE));
        f.cluster.apiServices.add(new ApiServiceStatus("v1beta1.metrics.k8s.io", "metrics.k8s.io", "v1beta1",
                new ServiceRef("kube-system", "metrics-server", 443), cond("Available", "True", "Passed",
                "all checks passed")));

        Diagnosis d = f.diagnose("dev");

        assertThat(d.unresolved()).isEmpty();
        assertThat(d.verifyApiServices()).isEmpty();
    }
}
