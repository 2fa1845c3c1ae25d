package dev.unstuck.chat.console;

import dev.unstuck.cloud.RouteEntry;
import dev.unstuck.cloud.RouteEntryStatus;
import dev.unstuck.config.ClusterRegistry;
import dev.unstuck.diagnosis.Cause;
import dev.unstuck.remediation.PlanStep;
import dev.unstuck.remediation.RemediationAction;
import dev.unstuck.remediation.StepResult;
import dev.unstuck.sandbox.Sandbox;
import dev.unstuck.workflow.RemediationStatus;
import io.fabric8.kubernetes.api.model.APIService;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Draws the cause chain of a remediation as it stands NOW: namespace, APIService, Service, pod, node, route. Which
 * objects to follow comes from the diagnosis; their state is read fresh from the cluster on every call, so the
 * picture turns green as the world recovers. Routes are read from the sandbox's VPC when there is one, and
 * otherwise from the plan and its executed steps: a page refreshing every second must not spend the cloud API's
 * rate limit.
 */
public final class CauseChainReader {
    private static final Pattern API_SERVICE = Pattern.compile("APIService (v[0-9a-z]+\\.[a-z0-9.-]*[a-z0-9])");

    private final ClusterRegistry clusters;
    private final Sandbox sandbox;

    public CauseChainReader(ClusterRegistry clusters, Sandbox sandbox) {
        this.clusters = clusters;
        this.sandbox = sandbox;
    }

    /** One chain per APIService the diagnosis blames; just the namespace while nothing is blamed yet. */
    public List<List<ChainLink>> chains(RemediationStatus status) {
        KubernetesClient client = clusters.connection(status.cluster()).client();
        ChainLink namespace = namespace(client, status.namespace());
        Set<String> apiServices = new LinkedHashSet<>();
        if (status.diagnosis() != null) {
            for (Cause c : status.diagnosis().causes()) {
                Matcher m = API_SERVICE.matcher(c.summary());
                while (m.find()) {
                    apiServices.add(m.group(1));
                }
            }
        }
        if (apiServices.isEmpty()) {
            return List.of(List.of(namespace));
        }
        List<List<ChainLink>> chains = new ArrayList<>();
        for (String name : apiServices) {
            List<ChainLink> chain = new ArrayList<>();
            chain.add(namespace);
            follow(client, status, name, chain);
            chains.add(chain);
        }
        return chains;
    }

    private static ChainLink namespace(KubernetesClient client, String name) {
        Namespace ns = client.namespaces().withName(name).get();
        if (ns == null) {
            return new ChainLink("namespace", name, ChainLink.OK, "deleted");
        }
        String phase = ns.getStatus() == null ? null : ns.getStatus().getPhase();
        boolean terminating = "Terminating".equals(phase) || ns.getMetadata().getDeletionTimestamp() != null;
        return new ChainLink("namespace", name, terminating ? ChainLink.BROKEN : ChainLink.OK,
                terminating ? "Terminating since " + ns.getMetadata().getDeletionTimestamp() : phase);
    }

    private void follow(KubernetesClient client, RemediationStatus status, String apiServiceName,
                        List<ChainLink> chain) {
        APIService api = client.resources(APIService.class).withName(apiServiceName).get();
        if (api == null) {
            chain.add(new ChainLink("apiservice", apiServiceName, ChainLink.OK, "deleted"));
            return;
        }
        var available = api.getStatus() == null ? Optional.<io.fabric8.kubernetes.api.model.APIServiceCondition>empty()
                : api.getStatus().getConditions().stream().filter(c -> "Available".equals(c.getType())).findFirst();
        boolean up = available.map(c -> "True".equals(c.getStatus())).orElse(false);
        chain.add(new ChainLink("apiservice", apiServiceName, up ? ChainLink.OK : ChainLink.BROKEN,
                available.map(c -> "Available=" + c.getStatus() + " (" + c.getReason() + ")").orElse("no condition")));
        if (api.getSpec() == null || api.getSpec().getService() == null) {
            return;
        }
        String svcNs = api.getSpec().getService().getNamespace();
        String svcName = api.getSpec().getService().getName();
        Service svc = client.services().inNamespace(svcNs).withName(svcName).get();
        chain.add(new ChainLink("service", svcNs + "/" + svcName, svc == null ? ChainLink.BROKEN : ChainLink.OK,
                svc == null ? "missing" : "ClusterIP " + svc.getSpec().getClusterIP()));
        if (svc == null) {
            return;
        }
        Optional<Endpoint> backend = client.discovery().v1().endpointSlices().inNamespace(svcNs)
                .withLabel("kubernetes.io/service-name", svcName).list().getItems().stream()
                .map(EndpointSlice::getEndpoints).flatMap(List::stream).findFirst();
        if (backend.isEmpty()) {
            chain.add(new ChainLink("pod", "(no endpoints)", ChainLink.BROKEN, "the service has no backend pod"));
            return;
        }
        Endpoint e = backend.get();
        boolean ready = e.getConditions() != null && Boolean.TRUE.equals(e.getConditions().getReady());
        String ip = e.getAddresses().isEmpty() ? "?" : e.getAddresses().get(0);
        String podName = e.getTargetRef() == null ? ip : e.getTargetRef().getName();
        chain.add(new ChainLink("pod", podName, ready ? ChainLink.OK : ChainLink.BROKEN,
                ip + (ready ? ", Ready" : ", not Ready")));
        if (e.getNodeName() == null) {
            return;
        }
        Node node = client.nodes().withName(e.getNodeName()).get();
        if (node == null) {
            chain.add(new ChainLink("node", e.getNodeName(), ChainLink.BROKEN, "missing"));
            return;
        }
        String podCidr = node.getSpec().getPodCIDR();
        String provider = node.getSpec().getProviderID();
        String instance = provider == null ? null : provider.substring(provider.lastIndexOf('.') + 1);
        boolean networkDown = node.getStatus() != null && node.getStatus().getConditions().stream()
                .anyMatch(c -> "NetworkUnavailable".equals(c.getType()) && "True".equals(c.getStatus()));
        chain.add(new ChainLink("node", node.getMetadata().getName(), networkDown ? ChainLink.BROKEN : ChainLink.OK,
                "podCIDR " + podCidr + ", instance " + instance + (networkDown ? ", NetworkUnavailable" : "")));
        chain.add(route(status, podCidr, instance));
    }

    private ChainLink route(RemediationStatus status, String podCidr, String instance) {
        String name = podCidr + " -> " + instance;
        Optional<PlanStep> planned = status.diagnosis() == null ? Optional.empty() : status.diagnosis().plan()
                .stream().filter(s -> s.action() == RemediationAction.CREATE_ROUTE_ENTRY
                        && podCidr != null && podCidr.equals(s.parameter("destinationCidrBlock"))).findFirst();
        String table = planned.map(s -> s.parameter("routeTableId")).orElse(null);
        if (sandbox != null && sandbox.scenario().cluster().name().equals(status.cluster())) {
            for (Map.Entry<String, List<RouteEntry>> t : sandbox.vpc().server().routeTables().entrySet()) {
                for (RouteEntry r : t.getValue()) {
                    if (r.hasDestination(podCidr) && r.pointsToInstance(instance)) {
                        boolean ok = r.status() == RouteEntryStatus.AVAILABLE;
                        return new ChainLink("route", "route table " + t.getKey(), ok ? ChainLink.OK
                                : ChainLink.BROKEN, name + " " + r.routeEntryId() + " (" + r.status().wireName()
                                + ")");
                    }
                }
            }
            return new ChainLink("route", "route table " + (table == null ? "?" : table), ChainLink.BROKEN,
                    name + " missing");
        }
        Optional<StepResult> done = status.steps().stream().filter(StepResult::succeeded)
                .filter(r -> podCidr != null && podCidr.equals(r.step().parameter("destinationCidrBlock")))
                .findFirst();
        if (done.isPresent()) {
            return new ChainLink("route", "route table " + done.get().step().parameter("routeTableId"),
                    ChainLink.OK, name + " " + done.get().routeEntryId());
        }
        if (planned.isPresent()) {
            return new ChainLink("route", "route table " + table, ChainLink.BROKEN, name + " missing");
        }
        return new ChainLink("route", "route table", ChainLink.UNKNOWN, name + " not in the plan");
    }
}
