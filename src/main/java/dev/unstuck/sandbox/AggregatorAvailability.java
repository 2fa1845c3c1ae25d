package dev.unstuck.sandbox;

import io.fabric8.kubernetes.api.model.APIService;
import io.fabric8.kubernetes.api.model.APIServiceCondition;
import io.fabric8.kubernetes.api.model.APIServiceConditionBuilder;
import io.fabric8.kubernetes.api.model.APIServiceStatus;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * kube-aggregator's availability controller for APIServices backed by a Service: Service present and listening on
 * the APIService's port, endpoint slices with a ready address on that port, then a discovery GET to a backend pod,
 * which succeeds only if the network delivers it and the pod answers. Conditions carry the aggregator's own reasons
 * and messages. With a resync period it re-checks each APIService that often (and at once when its Service or
 * endpoints change, as its informers would); a repaired route is therefore noticed at the next resync, not sooner.
 */
final class AggregatorAvailability {
    /** What Go's HTTP client reports when the connection is never established within the 5 s client timeout. */
    static final String NOT_DELIVERED = "net/http: request canceled while waiting for connection"
            + " (Client.Timeout exceeded while awaiting headers)";
    /**
     * The aggregator's client skips certificate verification, so a TLS failure is one it cannot get past even then:
     * a serving certificate Go refuses to parse.
     */
    static final String TLS_FAILURE = "tls: failed to parse certificate from server: x509: negative serial number";

    private record Inputs(Service service, List<EndpointSlice> slices, String fingerprint) {
    }

    private final KubernetesClient client;
    private final SandboxDiscovery discovery;
    private final NetworkPath path;
    private final Scenario scenario;
    private final Clock clock;
    private final Duration resync;
    private final Map<String, Scenario.Pod> pods = new HashMap<>();
    private final Map<String, Instant> nextCheck = new HashMap<>();
    private final Map<String, String> lastInputs = new HashMap<>();

    AggregatorAvailability(Scenario scenario, KubernetesClient client, SandboxDiscovery discovery, NetworkPath path,
                           Clock clock) {
        this.scenario = scenario;
        this.client = client;
        this.discovery = discovery;
        this.path = path;
        this.clock = clock;
        this.resync = Duration.ofSeconds(scenario.timing().apiServiceResyncSeconds());
        scenario.apiServices().forEach(a -> a.pods().forEach(p -> {
            pods.putIfAbsent(p.name(), p);
            pods.putIfAbsent(p.ip(), p);
        }));
    }

    void pass() {
        Instant now = clock.instant();
        Set<String> unavailable = new TreeSet<>();
        for (APIService api : client.resources(APIService.class).list().getItems()) {
            var ref = api.getSpec().getService();
            if (ref == null) {
                continue;
            }
            String name = api.getMetadata().getName();
            Inputs inputs = inputs(ref.getNamespace(), ref.getName());
            // Any change to the APIService (its own status writes included) or its Service and endpoints makes the
            // real controller's informers enqueue it at once; only the network path waits for the resync.
            String fingerprint = inputs.fingerprint() + "|" + api.getMetadata().getResourceVersion();
            APIServiceCondition current = available(api);
            APIServiceCondition effective = current;
            boolean due = resync.isZero() || !fingerprint.equals(lastInputs.get(name))
                    || !now.isBefore(nextCheck.getOrDefault(name, Instant.MIN));
            if (due) {
                lastInputs.put(name, fingerprint);
                nextCheck.put(name, now.plus(resync));
                effective = check(api, inputs, current);
                if (current == null || !sameState(current, effective)) {
                    APIServiceCondition written = effective;
                    client.resources(APIService.class).withName(name).edit(a -> {
                        if (a.getStatus() == null) {
                            a.setStatus(new APIServiceStatus());
                        }
                        a.getStatus().setConditions(new ArrayList<>(List.of(written)));
                        return a;
                    });
                }
            }
            if (effective == null || !"True".equals(effective.getStatus())) {
                unavailable.add(api.getSpec().getGroup() + "/" + api.getSpec().getVersion());
            }
        }
        discovery.setUnavailable(unavailable);
    }

    private Inputs inputs(String namespace, String name) {
        Service service = client.services().inNamespace(namespace).withName(name).get();
        List<EndpointSlice> slices = client.discovery().v1().endpointSlices().inNamespace(namespace)
                .withLabel("kubernetes.io/service-name", name).list().getItems();
        StringBuilder fp = new StringBuilder(service == null ? "none" : service.getMetadata().getResourceVersion());
        slices.forEach(s -> fp.append(',').append(s.getMetadata().getResourceVersion()));
        return new Inputs(service, slices, fp.toString());
    }

    private APIServiceCondition check(APIService api, Inputs in, APIServiceCondition current) {
        var ref = api.getSpec().getService();
        String service = "service/" + ref.getName() + " in \"" + ref.getNamespace() + "\"";
        if (in.service() == null) {
            return condition(current, "False", "ServiceNotFound", service + " is not present");
        }
        int port = ref.getPort() == null ? 443 : ref.getPort();
        // The sandbox serves ClusterIP Services only, where the aggregator checks port and endpoints first.
        ServicePort match = in.service().getSpec().getPorts() == null ? null : in.service().getSpec().getPorts()
                .stream().filter(p -> Objects.equals(p.getPort(), port)).findFirst().orElse(null);
        if (match == null) {
            return condition(current, "False", "ServicePortError", service + " is not listening on port " + port);
        }
        String portName = match.getName() == null ? "" : match.getName();
        if (in.slices().isEmpty()) {
            return condition(current, "False", "EndpointsNotFound", "cannot find endpointslices for " + service);
        }
        List<Target> targets = targets(in.slices(), portName);
        if (targets.isEmpty()) {
            return condition(current, "False", "MissingEndpoints", "endpointslices for " + service
                    + " have no addresses with port name \"" + portName + "\"");
        }
        String firstFailure = null;
        for (Target t : targets) {
            String failure = discoveryFailure(t, api.getSpec().getGroup(), api.getSpec().getVersion());
            if (failure == null) {
                return condition(current, "True", "Passed", "all checks passed");
            }
            firstFailure = firstFailure == null ? failure : firstFailure;
        }
        return condition(current, "False", "FailedDiscoveryCheck", firstFailure);
    }

    /** A ready backend address the aggregator's discovery GET may go to. */
    private record Target(String ip, int port, String nodeName, String podName) {
    }

    private static List<Target> targets(List<EndpointSlice> slices, String portName) {
        List<Target> out = new ArrayList<>();
        for (EndpointSlice s : slices) {
            EndpointPort port = s.getPorts() == null ? null : s.getPorts().stream()
                    .filter(p -> Objects.equals(portName, p.getName() == null ? "" : p.getName()))
                    .filter(p -> p.getPort() != null).findFirst().orElse(null);
            if (port == null || s.getEndpoints() == null) {
                continue;
            }
            for (Endpoint e : s.getEndpoints()) {
                boolean ready = e.getConditions() == null || !Boolean.FALSE.equals(e.getConditions().getReady());
                if (ready && e.getAddresses() != null && !e.getAddresses().isEmpty()) {
                    out.add(new Target(e.getAddresses().get(0), port.getPort(), e.getNodeName(),
                            e.getTargetRef() == null ? null : e.getTargetRef().getName()));
                }
            }
        }
        return out;
    }

    /** The error the discovery GET ends with, worded as Go's HTTP client words it; null when the pod answers. */
    private String discoveryFailure(Target t, String group, String version) {
        Scenario.Pod pod = pods.getOrDefault(t.podName() == null ? t.ip() : t.podName(), pods.get(t.ip()));
        Scenario.Answer answer = pod == null ? Scenario.Answer.OK : pod.answers();
        boolean delivered = path.delivers(t.nodeName() == null ? null : scenario.node(t.nodeName()).orElse(null));
        if (delivered && answer == Scenario.Answer.OK) {
            return null;
        }
        String url = "https://" + t.ip() + ":" + t.port() + "/apis/" + group + "/" + version;
        String error = !delivered || answer == Scenario.Answer.TIMEOUT ? NOT_DELIVERED
                : answer == Scenario.Answer.REFUSED ? "dial tcp " + t.ip() + ":" + t.port() + ": connect: connection refused"
                : TLS_FAILURE;
        return "failing or missing response from " + url + ": Get \"" + url + "\": " + error;
    }

    private static APIServiceCondition available(APIService api) {
        return api.getStatus() == null || api.getStatus().getConditions() == null ? null
                : api.getStatus().getConditions().stream().filter(c -> "Available".equals(c.getType()))
                .findFirst().orElse(null);
    }

    /** As the aggregator's SetAPIServiceCondition: the transition time moves only when the status does. */
    private APIServiceCondition condition(APIServiceCondition current, String status, String reason, String message) {
        String since = current != null && status.equals(current.getStatus()) && current.getLastTransitionTime() != null
                ? current.getLastTransitionTime() : clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        return new APIServiceConditionBuilder().withType("Available").withStatus(status).withReason(reason)
                .withMessage(message).withLastTransitionTime(since).build();
    }

    private static boolean sameState(APIServiceCondition a, APIServiceCondition b) {
        return Objects.equals(a.getStatus(), b.getStatus()) && Objects.equals(a.getReason(), b.getReason())
                && Objects.equals(a.getMessage(), b.getMessage());
    }
}
