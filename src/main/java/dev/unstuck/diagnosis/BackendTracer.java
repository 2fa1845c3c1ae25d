package dev.unstuck.diagnosis;

import dev.unstuck.remediation.PlanStep;
import dev.unstuck.remediation.RemediationAction;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Follows an unavailable APIService to its Service, endpoints, pods and nodes, and decides from the aggregator's own
 * words and the pod network which link is broken: no backend, a backend that answers with errors, or a path the
 * control plane cannot use (and whether a VPC route is on that path at all).
 */
final class BackendTracer {

    // Enough to show a pattern to a person without flooding a chat message.
    static final int MAX_QUOTED = 10;

    private final ClusterReads reads;

    BackendTracer(ClusterReads reads) {
        this.reads = reads;
    }

    ApiServiceChain trace(ApiServiceStatus api) {
        Links links = new Links();
        List<String> evidence = new ArrayList<>();
        Condition available = api.available();
        evidence.add("APIService " + api.name() + " "
                + (available == null ? "has no Available condition yet" : available.quote()));
        if (api.isLocal()) {
            evidence.add("APIService " + api.name() + " is local: the kube-apiserver serves " + api.groupVersion()
                    + " itself");
            Cause unavailable = new Cause(CauseKind.APISERVICE_UNAVAILABLE, "APIService " + api.name()
                    + " is not Available", evidence);
            return new ApiServiceChain(api, unavailable, null, null, null, List.of(), null, false);
        }
        ServiceRef svc = api.service();
        evidence.add("APIService " + api.name() + " proxies " + api.groupVersion() + " to service " + svc
                + (svc.port() == null ? "" : " port " + svc.port()));
        backend(api, svc, evidence, links);
        Cause unavailable = new Cause(CauseKind.APISERVICE_UNAVAILABLE, "APIService " + api.name()
                + " is not Available, so discovery of " + api.groupVersion() + " fails", evidence);
        return new ApiServiceChain(api, unavailable, links.backend, links.unreachable, links.notRouteBased,
                links.paths, links.delete, links.clearing);
    }

    /** What {@link #backend} found below the APIService. */
    private static final class Links {
        Cause backend;
        Cause unreachable;
        Cause notRouteBased;
        PlanStep delete;
        boolean clearing;
        final List<PodNetworkPath> paths = new ArrayList<>();
    }

    /** Notes that qualify the APIService itself (a stale condition) go to {@code evidence}. */
    private void backend(ApiServiceStatus api, ServiceRef svc, List<String> evidence, Links links) {
        Condition available = api.available();
        String reason = available == null ? null : available.reason();
        String message = available == null || available.message() == null ? "" : available.message();
        if (!reads.reader().serviceExists(svc.namespace(), svc.name())) {
            links.backend = new Cause(CauseKind.APISERVICE_BACKEND_MISSING,
                    "service " + svc + " behind APIService " + api.name() + " does not exist: the extension "
                            + "looks uninstalled while its APIService stayed registered",
                    List.of("service " + svc + " not found" + ("ServiceNotFound".equals(reason)
                            ? "; the aggregator agrees: " + available.quote() : "")));
            Map<String, String> params = new LinkedHashMap<>();
            params.put("apiService", api.name());
            links.delete = new PlanStep(RemediationAction.DELETE_APISERVICE, params);
            return;
        }
        ServiceEndpoints endpoints = reads.reader().endpoints(svc.namespace(), svc.name());
        if (!endpoints.found()) {
            links.backend = new Cause(CauseKind.APISERVICE_BACKEND_MISSING,
                    "service " + svc + " behind APIService " + api.name() + " has no endpoints",
                    agreeing(available, "EndpointsNotFound",
                            "no EndpointSlice or Endpoints object exists for service " + svc));
            return;
        }
        List<EndpointAddress> ready = endpoints.ready();
        if (ready.isEmpty()) {
            List<String> ev = new ArrayList<>(agreeing(available, "MissingEndpoints",
                    "service " + svc + " has " + endpoints.addresses().size() + " address(es), none ready"));
            endpoints.addresses().stream().limit(MAX_QUOTED).forEach(a -> ev.add("not ready: " + a.ip()
                    + (a.podName() == null ? "" : " pod " + a.podName())
                    + (a.nodeName() == null ? "" : " on node " + a.nodeName())));
            links.backend = new Cause(CauseKind.APISERVICE_BACKEND_MISSING,
                    "service " + svc + " behind APIService " + api.name() + " has no ready endpoints", ev);
            return;
        }
        if ("FailedDiscoveryCheck".equals(reason)) {
            DiscoveryCheckFailure check = DiscoveryCheckFailure.classify(message);
            List<Backend> backends = backends(svc, ready);
            if (check.podAnswered()) {
                links.backend = failing(api, svc, check, message, backends);
            } else {
                unreachable(api, svc, check, message, backends, links);
            }
        } else {
            links.clearing = true;
            if (reason == null) {
                evidence.add("service " + svc + " has " + ready.size() + " ready address(es): the aggregator has "
                        + "not checked it yet");
                return;
            }
            evidence.add("service " + svc + " now has " + ready.size() + " ready address(es) ("
                    + ready.stream().map(EndpointAddress::ip).collect(Collectors.joining(", "))
                    + "): the " + reason + " condition may be stale and clear on the aggregator's next check");
        }
    }

    private static List<String> agreeing(Condition available, String reason, String finding) {
        return available != null && reason.equals(available.reason())
                ? List.of(finding, "the aggregator agrees: " + available.quote())
                : List.of(finding);
    }

    /** A Ready endpoint with the pod and node it resolves to (either may be unknown). */
    private record Backend(String ip, String podName, PodInfo pod, String nodeName, NodeInfo node) {
    }

    private List<Backend> backends(ServiceRef svc, List<EndpointAddress> ready) {
        List<PodInfo> pods = reads.pods(svc.namespace());
        Map<String, PodInfo> byName = ClusterReads.index(pods, PodInfo::name);
        Map<String, PodInfo> byIp = ClusterReads.index(pods, PodInfo::ip);
        List<Backend> backends = new ArrayList<>();
        for (EndpointAddress address : ready) {
            PodInfo pod = address.podName() != null && byName.containsKey(address.podName())
                    ? byName.get(address.podName()) : byIp.get(address.ip());
            String podName = pod != null ? pod.name() : address.podName();
            String nodeName = pod != null && pod.nodeName() != null ? pod.nodeName() : address.nodeName();
            NodeInfo node = nodeName == null ? null : reads.nodesByName().get(nodeName);
            backends.add(new Backend(address.ip(), podName, pod, nodeName, node));
        }
        return backends;
    }

    /** The backends the failed check concerns: the one its URL names, or all when it names none of them. */
    private static List<Backend> checked(DiscoveryCheckFailure check, List<Backend> backends) {
        if (check.host() == null) {
            return backends;
        }
        List<Backend> named = backends.stream().filter(b -> check.host().equals(b.ip())).toList();
        return named.isEmpty() ? backends : named;
    }

    private static boolean urlNamesNoBackend(DiscoveryCheckFailure check, List<Backend> backends) {
        return check.host() != null && backends.stream().noneMatch(b -> check.host().equals(b.ip()));
    }

    private Cause failing(ApiServiceStatus api, ServiceRef svc, DiscoveryCheckFailure check, String message,
                          List<Backend> backends) {
        List<Backend> named = checked(check, backends);
        List<String> evidence = new ArrayList<>();
        evidence.add("APIService " + api.name() + " Available=False (FailedDiscoveryCheck): " + message);
        String who;
        if (urlNamesNoBackend(check, backends) || check.host() == null) {
            who = check.host() != null ? check.host() : "the backend of service " + svc;
            if (check.host() != null) {
                evidence.add("the aggregator checked " + check.host() + ", which is no Ready backend pod (with "
                        + "aggregator routing off it is the Service's cluster IP)");
            }
        } else {
            who = named.stream().map(Backend::ip).collect(Collectors.joining(", "));
        }
        named.stream().limit(MAX_QUOTED).forEach(b -> evidence.add(describe(svc.namespace(), b)));
        evidence.add("the request reached the pod and it " + check.answer() + ": the network path works, so a VPC "
                + "route is not the cause");
        return new Cause(CauseKind.APISERVICE_BACKEND_FAILING, who + " " + check.answer() + ": the backend of "
                + "APIService " + api.name() + " answers but fails its discovery check; the extension itself must "
                + "be repaired, not the network", evidence);
    }

    private void unreachable(ApiServiceStatus api, ServiceRef svc, DiscoveryCheckFailure check, String message,
                             List<Backend> backends, Links links) {
        PodNetwork network = reads.podNetwork();
        List<String> evidence = new ArrayList<>();
        evidence.add("APIService " + api.name() + " Available=False (FailedDiscoveryCheck): " + message);
        if (check.outcome() == DiscoveryCheckFailure.Outcome.UNCLASSIFIED) {
            evidence.add("the discovery-check error could not be classified; nothing in it shows the pod answered, "
                    + "so the network path stays a suspect");
        }
        if (urlNamesNoBackend(check, backends)) {
            evidence.add("the aggregator checked " + check.host() + ", which is no Ready backend pod (with "
                    + "aggregator routing off it is the Service's cluster IP): every Ready backend is a suspect");
        }
        if (network.managedCluster()) {
            evidence.add("no node is marked control-plane: the API server runs outside the node pool (managed "
                    + "cluster) and reaches every backend pod through the VPC");
        }
        List<String> notRouteBased = new ArrayList<>();
        List<String> notRouteBasedIps = new ArrayList<>();
        List<String> ips = new ArrayList<>();
        for (Backend b : checked(check, backends)) {
            if (b.pod() != null && !b.pod().ready()) {
                evidence.add("endpoint " + b.ip() + " is ready but pod " + b.pod().namespace() + "/" + b.pod().name()
                        + " is not Ready");
                continue;
            }
            ips.add(b.ip());
            String description = describe(svc.namespace(), b);
            evidence.add(description);
            PodNetwork.Verdict verdict = network.judge(b.ip(), b.pod(), b.node());
            switch (verdict.reach()) {
                case HOST_NETWORK -> evidence.add("pod " + b.podName() + " uses the host network: no pod route is "
                        + "involved");
                case CONTROL_PLANE_HOST -> evidence.add("node " + b.nodeName() + " is a control-plane node: the API "
                        + "server reaches it without a VPC route");
                case NOT_ROUTE_BASED -> {
                    notRouteBased.add(description);
                    notRouteBased.add(verdict.why());
                    notRouteBasedIps.add(b.ip());
                }
                case VPC_ROUTE -> links.paths.add(new PodNetworkPath(api.name(), svc.namespace(), b.podName(), b.ip(),
                        b.nodeName(), b.node().podCIDR(), b.node().region(), b.node().instanceId()));
                case UNKNOWN_NODE -> {
                    // The description already says the node is unknown; no path can be judged.
                }
            }
        }
        if (ips.isEmpty()) {
            return;
        }
        evidence.addAll(network.problems());
        links.unreachable = new Cause(CauseKind.POD_UNREACHABLE_FROM_CONTROL_PLANE,
                "the control plane cannot reach the Ready backend pod(s) " + String.join(", ", ips)
                        + " of APIService " + api.name(), evidence);
        if (!notRouteBasedIps.isEmpty()) {
            String port = check.port() != null ? String.valueOf(check.port())
                    : svc.port() != null ? svc.port() + " (the Service port; the pod's target port may differ)"
                    : "its serving port";
            List<String> ev = new ArrayList<>(notRouteBased);
            ev.add("check instead: the security groups of the pod's ENI (or of its node) allow "
                    + network.controlPlaneSource(reads.nodes()) + " to reach " + String.join(", ", notRouteBasedIps)
                    + " on port " + port);
            ev.add("check instead: the ENI and vSwitch the pod's address belongs to (the vSwitch's route table and "
                    + "network ACL)");
            ev.addAll(network.problems());
            links.notRouteBased = new Cause(CauseKind.POD_NETWORK_NOT_ROUTE_BASED,
                    "VPC route entries are not on the path to " + String.join(", ", notRouteBasedIps)
                            + " (APIService " + api.name() + "), so no route can repair it: check the security "
                            + "groups and the pod's ENI / vSwitch instead", ev);
        }
    }

    private static String describe(String podNamespace, Backend b) {
        StringBuilder sb = new StringBuilder("backend pod ")
                .append(b.podName() == null ? "(unnamed)" : podNamespace + "/" + b.podName())
                .append(" IP ").append(b.ip())
                .append(" on node ").append(b.nodeName() == null ? "(unknown)" : b.nodeName());
        NodeInfo node = b.node();
        if (b.nodeName() != null && node == null) {
            return sb.append(" (node not found)").toString();
        }
        if (node != null) {
            sb.append(" (podCIDR ").append(node.podCIDR() == null ? "none" : node.podCIDR());
            if (node.instanceId() != null) {
                sb.append(", instance ").append(node.instanceId()).append(" in ").append(node.region());
            } else {
                sb.append(", providerID ").append(node.providerID() == null ? "none" : node.providerID());
            }
            if (node.internalIP() != null) {
                sb.append(", node IP ").append(node.internalIP());
            }
            sb.append(')');
        }
        return sb.toString();
    }
}
