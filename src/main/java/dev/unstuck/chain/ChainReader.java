package dev.unstuck.chain;

import dev.unstuck.diagnosis.ApiServiceStatus;
import dev.unstuck.diagnosis.CauseKind;
import dev.unstuck.diagnosis.CcmSignals;
import dev.unstuck.diagnosis.CloudControllerInfo;
import dev.unstuck.diagnosis.ClusterReader;
import dev.unstuck.diagnosis.Condition;
import dev.unstuck.diagnosis.DiscoveryFailureMessage;
import dev.unstuck.diagnosis.EndpointAddress;
import dev.unstuck.diagnosis.NamespaceInfo;
import dev.unstuck.diagnosis.NodeInfo;
import dev.unstuck.diagnosis.ServiceEndpoints;
import dev.unstuck.diagnosis.ServiceRef;
import dev.unstuck.remediation.PlanStep;
import dev.unstuck.remediation.RemediationAction;
import dev.unstuck.remediation.StepResult;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reads the cause chain of a namespace from the cluster, object by object (namespace, APIService, Service, backend
 * pod, node, route entry, cloud-controller-manager), each with its state. Which objects to follow comes from
 * structured data (the namespace's own discovery-failure condition, the plan); nothing is read back out of a
 * sentence Unstuck wrote.
 */
public final class ChainReader {
    static final String DISCOVERY_FAILURE = "NamespaceDeletionDiscoveryFailure";

    private final ClusterReader reader;
    private final RouteLookup routes;
    private final String clusterVpcId;
    private final Supplier<List<String>> deletingNamespaces;

    /**
     * @param clusterVpcId       the VPC the cluster runs in, null when no cloud is configured
     * @param deletingNamespaces names of the namespaces being deleted, for "also blocked"
     */
    public ChainReader(ClusterReader reader, RouteLookup routes, String clusterVpcId,
                       Supplier<List<String>> deletingNamespaces) {
        this.reader = reader;
        this.routes = routes;
        this.clusterVpcId = clusterVpcId;
        this.deletingNamespaces = deletingNamespaces;
    }

    public ChainSnapshot read(ChainQuery q) {
        Optional<NamespaceInfo> ns = reader.namespace(q.namespace());
        ChainLink nsLink = namespaceLink(q.namespace(), ns);
        List<ApiServiceStatus> all = reader.apiServices();
        List<String> names = q.apiServices().isEmpty() ? blamed(ns, all) : q.apiServices();
        Optional<CloudControllerInfo> ccm = reader.cloudController().value();
        CloudControllerSettings settings = ccm.map(c -> new CloudControllerSettings(c.configuredVpcId(),
                clusterVpcId, c.routeTableIds(), c.configSource())).orElse(null);
        List<CauseChain> chains = new ArrayList<>();
        for (String name : names) {
            List<ChainLink> links = new ArrayList<>();
            links.add(nsLink);
            follow(q, name, all, ccm, settings, links);
            chains.add(new CauseChain(name, links));
        }
        if (chains.isEmpty()) {
            chains.add(new CauseChain(null, List.of(nsLink)));
        }
        String since = ns.map(NamespaceInfo::deletionTimestamp).map(Object::toString).orElse(null);
        return new ChainSnapshot(q.namespace(), since, chains, alsoBlocked(q.namespace(), names, all), settings);
    }

    private static ChainLink namespaceLink(String name, Optional<NamespaceInfo> found) {
        if (found.isEmpty()) {
            return new ChainLink(LinkKind.NAMESPACE, name, LinkState.OK, "deleted");
        }
        NamespaceInfo ns = found.get();
        if (ns.deletionTimestamp() == null) {
            return new ChainLink(LinkKind.NAMESPACE, name, LinkState.OK, ns.phase() == null ? "Active" : ns.phase());
        }
        String failing = ns.conditions().stream().filter(Condition::isTrue).map(Condition::type)
                .reduce((a, b) -> a + ", " + b).map(t -> ": " + t).orElse("");
        return new ChainLink(LinkKind.NAMESPACE, name, LinkState.BROKEN, "Terminating since "
                + ns.deletionTimestamp() + failing);
    }

    /** The APIServices serving the group/versions the namespace controller reports failing. */
    private static List<String> blamed(Optional<NamespaceInfo> ns, List<ApiServiceStatus> all) {
        Set<String> names = new LinkedHashSet<>();
        for (String gv : failingGroupVersions(ns)) {
            all.stream().filter(a -> gv.equals(a.groupVersion())).map(ApiServiceStatus::name).forEach(names::add);
        }
        return List.copyOf(names);
    }

    private static List<String> failingGroupVersions(Optional<NamespaceInfo> ns) {
        return ns.flatMap(n -> n.condition(DISCOVERY_FAILURE)).filter(Condition::isTrue)
                .map(c -> DiscoveryFailureMessage.failingGroupVersions(c.message())).orElse(List.of());
    }

    private List<String> alsoBlocked(String namespace, List<String> apiServices, List<ApiServiceStatus> all) {
        Set<String> groupVersions = new LinkedHashSet<>();
        all.stream().filter(a -> apiServices.contains(a.name())).map(ApiServiceStatus::groupVersion)
                .forEach(groupVersions::add);
        if (groupVersions.isEmpty()) {
            return List.of();
        }
        List<String> blocked = new ArrayList<>();
        for (String other : deletingNamespaces.get()) {
            if (!other.equals(namespace) && failingGroupVersions(reader.namespace(other)).stream()
                    .anyMatch(groupVersions::contains)) {
                blocked.add(other);
            }
        }
        return blocked;
    }

    private void follow(ChainQuery q, String name, List<ApiServiceStatus> all, Optional<CloudControllerInfo> ccm,
                        CloudControllerSettings settings, List<ChainLink> links) {
        Optional<ApiServiceStatus> found = all.stream().filter(a -> a.name().equals(name)).findFirst();
        if (found.isEmpty()) {
            links.add(new ChainLink(LinkKind.APISERVICE, name, LinkState.OK, "deleted: discovery no longer asks it"));
            return;
        }
        ApiServiceStatus api = found.get();
        Condition available = api.available();
        links.add(new ChainLink(LinkKind.APISERVICE, name, api.isAvailable() ? LinkState.OK : LinkState.BROKEN,
                available == null ? "no Available condition yet" : available.quote()));
        ServiceRef svc = api.service();
        if (svc == null) {
            return;
        }
        if (!reader.serviceExists(svc.namespace(), svc.name())) {
            links.add(new ChainLink(LinkKind.SERVICE, svc.toString(), LinkState.BROKEN, "not found"));
            return;
        }
        ServiceEndpoints endpoints = reader.endpoints(svc.namespace(), svc.name());
        List<EndpointAddress> ready = endpoints.ready();
        links.add(new ChainLink(LinkKind.SERVICE, svc.toString(), ready.isEmpty() ? LinkState.BROKEN : LinkState.OK,
                !endpoints.found() ? "no endpoints" : ready.size() + " of " + endpoints.addresses().size()
                        + " endpoint(s) ready"));
        if (ready.isEmpty()) {
            return;
        }
        EndpointAddress backend = ready.get(0);
        boolean failing = q.causeKinds().contains(CauseKind.APISERVICE_BACKEND_FAILING);
        links.add(new ChainLink(LinkKind.POD, backend.podName() == null ? backend.ip()
                : svc.namespace() + "/" + backend.podName(), failing ? LinkState.BROKEN : LinkState.OK,
                "IP " + backend.ip() + (failing ? ", answers but fails the discovery check" : ", Ready")));
        if (backend.nodeName() == null) {
            return;
        }
        NodeInfo node = reader.nodes().stream().filter(n -> n.name().equals(backend.nodeName())).findFirst()
                .orElse(null);
        if (node == null) {
            links.add(new ChainLink(LinkKind.NODE, backend.nodeName(), LinkState.BROKEN, "not found"));
            return;
        }
        String networkCondition = node.condition("NetworkUnavailable").filter(Condition::isTrue)
                .map(c -> "; NetworkUnavailable=True (" + c.reason() + ")").orElse("");
        links.add(new ChainLink(LinkKind.NODE, node.name(), LinkState.OK, "podCIDR " + node.podCIDR()
                + ", instance " + node.instanceId() + (node.controlPlane() ? ", control plane" : "")
                + networkCondition));
        if (node.podCIDR() == null || node.instanceId() == null) {
            links.add(new ChainLink(LinkKind.ROUTE, "no node route", LinkState.UNKNOWN, "the node has no "
                    + (node.podCIDR() == null ? "podCIDR" : "cloud instance") + ": no VPC route entry is on the path"));
            return;
        }
        links.add(route(q, node));
        links.add(cloudController(q, ccm, settings));
    }

    private ChainLink route(ChainQuery q, NodeInfo node) {
        String route = node.podCIDR() + " -> " + node.instanceId();
        Optional<PlanStep> planned = q.plan().stream().filter(s -> s.action() == RemediationAction.CREATE_ROUTE_ENTRY
                && node.podCIDR().equals(s.parameter("destinationCidrBlock"))).findFirst();
        Optional<RouteLookup.RouteSeen> seen = routes.find(q.cluster(), node.podCIDR(), node.instanceId());
        if (seen.isPresent()) {
            RouteLookup.RouteSeen r = seen.get();
            if (r.routeEntryId() == null) {
                return new ChainLink(LinkKind.ROUTE, route, LinkState.BROKEN, "missing from route table "
                        + planned.map(s -> s.parameter("routeTableId")).orElse(r.routeTableId())
                        + planned.map(PlanStep::preflight).map(p -> "; " + p.describe()).orElse(""));
            }
            return new ChainLink(LinkKind.ROUTE, route, r.available() ? LinkState.OK : LinkState.BROKEN,
                    r.routeEntryId() + " in " + r.routeTableId() + " (" + r.status() + ")");
        }
        Optional<StepResult> made = q.steps().stream().filter(StepResult::succeeded)
                .filter(r -> node.podCIDR().equals(r.step().parameter("destinationCidrBlock"))).findFirst();
        if (made.isPresent()) {
            return new ChainLink(LinkKind.ROUTE, route, LinkState.OK, made.get().routeEntryId() + " in "
                    + made.get().step().parameter("routeTableId") + " (written by this remediation)");
        }
        if (planned.isPresent()) {
            PlanStep s = planned.get();
            return new ChainLink(LinkKind.ROUTE, route, LinkState.BROKEN, "missing from route table "
                    + s.parameter("routeTableId") + (s.preflight() == null ? "" : "; " + s.preflight().describe()));
        }
        if (q.causeKinds().contains(CauseKind.ROUTE_CONFLICT)) {
            return new ChainLink(LinkKind.ROUTE, route, LinkState.BROKEN, "the destination is routed elsewhere"
                    + " (ROUTE_CONFLICT)");
        }
        if (q.causeKinds().contains(CauseKind.ROUTE_NOT_AVAILABLE)) {
            return new ChainLink(LinkKind.ROUTE, route, LinkState.BROKEN, "present but not Available yet"
                    + " (ROUTE_NOT_AVAILABLE)");
        }
        if (q.causeKinds().contains(CauseKind.APISERVICE_BACKEND_FAILING)) {
            return new ChainLink(LinkKind.ROUTE, route, LinkState.OK, "the pod answered: the path works");
        }
        if (q.causeKinds().contains(CauseKind.POD_NETWORK_NOT_ROUTE_BASED)) {
            return new ChainLink(LinkKind.ROUTE, route, LinkState.UNKNOWN, "not on the path: the pod network is not"
                    + " route based");
        }
        return new ChainLink(LinkKind.ROUTE, route, LinkState.UNKNOWN, "not read again here");
    }

    private static ChainLink cloudController(ChainQuery q, Optional<CloudControllerInfo> ccm,
                                             CloudControllerSettings settings) {
        if (ccm.isEmpty()) {
            return new ChainLink(LinkKind.CLOUD_CONTROLLER, "cloud-controller-manager", LinkState.UNKNOWN,
                    "not found in the cluster");
        }
        CloudControllerInfo c = ccm.get();
        String name = c.podName() == null ? "cloud-controller-manager" : c.namespace() + "/" + c.podName();
        List<String> errors = c.recentLogLines().stream().filter(CcmSignals::isRouteError).map(String::strip).toList();
        boolean failing = settings.wrongVpc() || !errors.isEmpty()
                || q.causeKinds().contains(CauseKind.ROUTE_CONTROLLER_FAILING);
        String detail = "Global.vpcid " + (c.configuredVpcId() == null ? "not set" : c.configuredVpcId())
                + (settings.wrongVpc() ? ", the cluster runs in " + settings.clusterVpcId() : "")
                + (errors.isEmpty() ? "" : "; log: " + errors.get(errors.size() - 1));
        return new ChainLink(LinkKind.CLOUD_CONTROLLER, name, failing ? LinkState.BROKEN : LinkState.OK, detail);
    }
}
