package dev.unstuck.sandbox;

import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import static dev.unstuck.sandbox.PrintedValues.address;
import static dev.unstuck.sandbox.PrintedValues.age;
import static dev.unstuck.sandbox.PrintedValues.containers;
import static dev.unstuck.sandbox.PrintedValues.count;
import static dev.unstuck.sandbox.PrintedValues.labels;
import static dev.unstuck.sandbox.PrintedValues.name;
import static dev.unstuck.sandbox.PrintedValues.orUnknown;
import static dev.unstuck.sandbox.PrintedValues.replicas;
import static dev.unstuck.sandbox.PrintedValues.selector;
import static dev.unstuck.sandbox.PrintedValues.since;
import static dev.unstuck.sandbox.PrintedValues.strings;
import static dev.unstuck.sandbox.PrintedValues.text;

/**
 * The columns the API server prints for each resource (kubernetes pkg/printers/internalversion/printers.go, and
 * kube-aggregator's APIService table convertor), computed from the stored JSON. Priority-1 columns are what
 * {@code -o wide} adds; the server always sends them, kubectl hides them otherwise.
 */
final class ResourcePrinters {

    record Column(String name, String type, int priority, String description) {
    }

    /** Columns and how to fill one row from an object, given the time "now" for ages. */
    record Printer(List<Column> columns, Cells cells) {
    }

    @FunctionalInterface
    interface Cells {
        List<Object> of(JsonNode object, Instant now);
    }

    private static final Column NAME = new Column("Name", "string", 0, "Name must be unique within a namespace.");
    private static final Column AGE = new Column("Age", "string", 0,
            "CreationTimestamp is a timestamp representing the server time when this object was created.");

    private static final Map<String, Printer> PRINTERS = Map.ofEntries(
            Map.entry("namespaces", new Printer(List.of(NAME, col("Status", "The status of the namespace"), AGE),
                    (o, now) -> List.of(name(o), text(o, "status", "phase"), age(o, now)))),
            Map.entry("apiservices.apiregistration.k8s.io", new Printer(List.of(NAME,
                    col("Service", "The reference to the service that hosts this API endpoint."),
                    col("Available", "Whether this service is available."), AGE), ResourcePrinters::apiService)),
            Map.entry("nodes", new Printer(List.of(NAME, col("Status", "The status of the node"),
                    col("Roles", "The roles of the node"), AGE, col("Version", "Kubelet Version reported by the node."),
                    wide("Internal-IP", "List of addresses reachable to the node."),
                    wide("External-IP", "List of addresses reachable to the node."),
                    wide("OS-Image", "OS Image reported by the node."),
                    wide("Kernel-Version", "Kernel Version reported by the node."),
                    wide("Container-Runtime", "ContainerRuntime Version reported by the node.")),
                    ResourcePrinters::node)),
            Map.entry("pods", new Printer(List.of(NAME,
                    col("Ready", "The aggregate readiness state of this pod for accepting traffic."),
                    col("Status", "The aggregate status of the containers in this pod."),
                    col("Restarts", "The number of times the containers in this pod have been restarted and when the"
                            + " last container in this pod has restarted."), AGE,
                    wide("IP", "podIP address allocated to the pod."),
                    wide("Node", "NodeName indicates in which node this pod is scheduled."),
                    wide("Nominated Node", "nominatedNodeName is set only when this pod preempts other pods."),
                    wide("Readiness Gates", "If specified, all readiness gates will be evaluated for pod readiness.")),
                    PodRow::cells)),
            Map.entry("services", new Printer(List.of(NAME, col("Type", "type determines how the Service is exposed."),
                    col("Cluster-IP", "clusterIP is the IP address of the service."),
                    col("External-IP", "externalIPs is a list of IP addresses for which nodes in the cluster will also"
                            + " accept traffic for this service."),
                    col("Port(s)", "The list of ports that are exposed by this service."), AGE,
                    wide("Selector", "Route service traffic to pods with label keys and values matching this"
                            + " selector.")), ResourcePrinters::service)),
            Map.entry("configmaps", new Printer(List.of(NAME, integer("Data", "Data contains the configuration data."),
                    AGE), (o, now) -> List.of(name(o), (long) (o.path("data").size() + o.path("binaryData").size()),
                    age(o, now)))),
            Map.entry("secrets", new Printer(List.of(NAME, col("Type", "Used to facilitate programmatic handling of"
                    + " secret data."), integer("Data", "Data contains the secret data."), AGE),
                    (o, now) -> List.of(name(o), o.path("type").asString("Opaque"), (long) o.path("data").size(),
                            age(o, now)))),
            Map.entry("serviceaccounts", new Printer(List.of(NAME, integer("Secrets", "Secrets is a list of the secrets"
                    + " in the same namespace that pods running using this ServiceAccount are allowed to use."), AGE),
                    (o, now) -> List.of(name(o), (long) o.path("secrets").size(), age(o, now)))),
            Map.entry("events", new Printer(List.of(col("Last Seen", "The time at which the most recent occurrence of"
                            + " this event was recorded."), col("Type", "Type of this event (Normal, Warning)."),
                    col("Reason", "This should be a short, machine understandable string that gives the reason for"
                            + " the transition into the object's current status."),
                    col("Object", "The object that this event is about."),
                    wide("Subobject", "The field of the object the event is about."),
                    wide("Source", "The component reporting this event."),
                    col("Message", "A human-readable description of the status of this operation."),
                    wide("First Seen", "The time at which the event was first recorded."),
                    wide("Count", "The number of times this event has occurred."),
                    new Column("Name", "string", 1, NAME.description())), ResourcePrinters::event)),
            Map.entry("endpoints", new Printer(List.of(NAME, col("Endpoints", "The set of all endpoints is the union of"
                    + " all subsets."), AGE), (o, now) -> List.of(name(o), endpoints(o), age(o, now)))),
            Map.entry("endpointslices.discovery.k8s.io", new Printer(List.of(NAME,
                    col("AddressType", "addressType specifies the type of address carried by this EndpointSlice."),
                    col("Ports", "ports specifies the list of network ports exposed by each endpoint."),
                    col("Endpoints", "endpoints is a list of unique endpoints in this slice."), AGE),
                    ResourcePrinters::endpointSlice)),
            Map.entry("deployments.apps", new Printer(List.of(NAME, col("Ready", "Number of the pod with ready state"),
                    integer("Up-to-date", "Total number of non-terminated pods targeted by this deployment that have"
                            + " the desired template spec."),
                    integer("Available", "Total number of available pods targeted by this deployment."), AGE,
                    wide("Containers", "Names of each container in the template."),
                    wide("Images", "Images referenced by each container in the template."),
                    wide("Selector", "Label selector for pods.")), (o, now) -> List.of(name(o),
                    count(o, "status", "readyReplicas") + "/" + replicas(o), count(o, "status", "updatedReplicas"),
                    count(o, "status", "availableReplicas"), age(o, now), containers(o, "name"), containers(o, "image"),
                    selector(o.path("spec").path("selector"), "")))),
            Map.entry("daemonsets.apps", new Printer(List.of(NAME, integer("Desired", "desired"),
                    integer("Current", "current"), integer("Ready", "ready"), integer("Up-to-date", "updated"),
                    integer("Available", "available"), col("Node Selector", "NodeSelector is a selector which must be"
                            + " true for the pod to fit on a node."), AGE,
                    wide("Containers", "Names of each container in the template."),
                    wide("Images", "Images referenced by each container in the template."),
                    wide("Selector", "A label query over pods that are managed by the daemon set.")),
                    (o, now) -> List.of(name(o), count(o, "status", "desiredNumberScheduled"),
                            count(o, "status", "currentNumberScheduled"), count(o, "status", "numberReady"),
                            count(o, "status", "updatedNumberScheduled"), count(o, "status", "numberAvailable"),
                            labels(o.path("spec").path("template").path("spec").path("nodeSelector"), "<none>"),
                            age(o, now), containers(o, "name"), containers(o, "image"),
                            selector(o.path("spec").path("selector"), "<none>")))),
            Map.entry("replicasets.apps", new Printer(List.of(NAME, integer("Desired", "desired"),
                    integer("Current", "current"), integer("Ready", "ready"), AGE,
                    wide("Containers", "Names of each container in the template."),
                    wide("Images", "Images referenced by each container in the template."),
                    wide("Selector", "Selector is a label query over pods that should match the replica count.")),
                    (o, now) -> List.of(name(o), (long) replicas(o), count(o, "status", "replicas"),
                            count(o, "status", "readyReplicas"), age(o, now), containers(o, "name"),
                            containers(o, "image"), selector(o.path("spec").path("selector"), "<none>")))),
            Map.entry("statefulsets.apps", new Printer(List.of(NAME, col("Ready", "Number of the pod with ready state"),
                    AGE, wide("Containers", "Names of each container in the template."),
                    wide("Images", "Images referenced by each container in the template.")),
                    (o, now) -> List.of(name(o), count(o, "status", "readyReplicas") + "/" + replicas(o), age(o, now),
                            containers(o, "name"), containers(o, "image")))),
            Map.entry("leases.coordination.k8s.io", new Printer(List.of(NAME, col("Holder", "holderIdentity contains"
                    + " the identity of the holder of a current lease."), AGE),
                    (o, now) -> List.of(name(o), o.path("spec").path("holderIdentity").asString(""), age(o, now)))));

    private ResourcePrinters() {
    }

    /** The printer for {@code resource} (plural, qualified by group outside the core group), if the server has one. */
    static Optional<Printer> forResource(String qualifiedResource) {
        return Optional.ofNullable(PRINTERS.get(qualifiedResource));
    }

    private static Column col(String name, String description) {
        return new Column(name, "string", 0, description);
    }

    private static Column integer(String name, String description) {
        return new Column(name, "integer", 0, description);
    }

    private static Column wide(String name, String description) {
        return new Column(name, "string", 1, description);
    }

    // --- cells --------------------------------------------------------------------------------------------------

    private static List<Object> apiService(JsonNode o, Instant now) {
        JsonNode svc = o.path("spec").path("service");
        String service = svc.isObject() ? svc.path("namespace").asString("") + "/" + svc.path("name").asString("")
                : "Local";
        String available = "Unknown";
        for (JsonNode c : o.path("status").path("conditions")) {
            if ("Available".equals(c.path("type").asString(""))) {
                String status = c.path("status").asString("");
                String reason = c.path("reason").asString("");
                available = status.equals("True") || reason.isEmpty() ? status : status + " (" + reason + ")";
                break;
            }
        }
        return List.of(name(o), service, available, age(o, now));
    }

    private static List<Object> node(JsonNode o, Instant now) {
        List<String> status = new ArrayList<>();
        for (JsonNode c : o.path("status").path("conditions")) {
            if ("Ready".equals(c.path("type").asString(""))) {
                status.add("True".equals(c.path("status").asString("")) ? "Ready" : "NotReady");
            }
        }
        if (status.isEmpty()) {
            status.add("Unknown");
        }
        if (o.path("spec").path("unschedulable").asBoolean(false)) {
            status.add("SchedulingDisabled");
        }
        TreeSet<String> roles = new TreeSet<>();
        for (Map.Entry<String, JsonNode> label : o.path("metadata").path("labels").properties()) {
            if (label.getKey().startsWith("node-role.kubernetes.io/")) {
                String role = label.getKey().substring("node-role.kubernetes.io/".length());
                if (!role.isEmpty()) {
                    roles.add(role);
                }
            } else if (label.getKey().equals("kubernetes.io/role") && !label.getValue().asString("").isEmpty()) {
                roles.add(label.getValue().asString(""));
            }
        }
        JsonNode info = o.path("status").path("nodeInfo");
        return List.of(name(o), String.join(",", status), roles.isEmpty() ? "<none>" : String.join(",", roles),
                age(o, now), info.path("kubeletVersion").asString(""), address(o, "InternalIP"),
                address(o, "ExternalIP"), orUnknown(info.path("osImage")), orUnknown(info.path("kernelVersion")),
                orUnknown(info.path("containerRuntimeVersion")));
    }

    private static List<Object> service(JsonNode o, Instant now) {
        JsonNode spec = o.path("spec");
        // Defaulting on create fills type and clusterIPs; objects written without them still print as stored ones.
        String type = spec.path("type").asString("");
        type = type.isEmpty() ? "ClusterIP" : type;
        String clusterIP = spec.path("clusterIPs").path(0).asString(spec.path("clusterIP").asString(""));
        List<String> externalIPs = strings(spec.path("externalIPs"));
        String external = switch (type) {
            case "ClusterIP", "NodePort" -> externalIPs.isEmpty() ? "<none>" : String.join(",", externalIPs);
            case "LoadBalancer" -> {
                List<String> all = new ArrayList<>();
                for (JsonNode in : o.path("status").path("loadBalancer").path("ingress")) {
                    String a = in.path("ip").asString(in.path("hostname").asString(""));
                    if (!a.isEmpty()) {
                        all.add(a);
                    }
                }
                all.addAll(externalIPs);
                yield all.isEmpty() ? "<pending>" : String.join(",", all);
            }
            case "ExternalName" -> spec.path("externalName").asString("");
            default -> "<unknown>";
        };
        List<String> ports = new ArrayList<>();
        for (JsonNode p : spec.path("ports")) {
            String protocol = p.path("protocol").asString("TCP");
            long nodePort = p.path("nodePort").asLong(0);
            ports.add(nodePort > 0 ? p.path("port").asLong(0) + ":" + nodePort + "/" + protocol
                    : p.path("port").asLong(0) + "/" + protocol);
        }
        return List.of(name(o), type, clusterIP.isEmpty() ? "<none>" : clusterIP, external,
                ports.isEmpty() ? "<none>" : String.join(",", ports), age(o, now), labels(spec.path("selector"),
                        "<none>"));
    }

    private static List<Object> event(JsonNode o, Instant now) {
        String first = o.path("firstTimestamp").isString() ? since(o.path("firstTimestamp"), now)
                : since(o.path("eventTime"), now);
        String last = o.path("lastTimestamp").isString() ? since(o.path("lastTimestamp"), now) : first;
        long count = o.path("count").asLong(0);
        if (o.path("series").isObject()) {
            last = since(o.path("series").path("lastObservedTime"), now);
            count = o.path("series").path("count").asLong(0);
        } else if (count == 0) {
            count = 1;
        }
        JsonNode involved = o.path("involvedObject");
        String kind = involved.path("kind").asString("").toLowerCase(java.util.Locale.ROOT);
        String involvedName = involved.path("name").asString("");
        String target = involvedName.isEmpty() ? kind : kind + "/" + involvedName;
        String component = o.path("source").path("component").asString(o.path("reportingComponent").asString(""));
        String host = o.path("source").path("host").asString(o.path("reportingInstance").asString(""));
        return List.of(last, o.path("type").asString(""), o.path("reason").asString(""), target,
                involved.path("fieldPath").asString(""), host.isEmpty() ? component : component + ", " + host,
                o.path("message").asString("").trim(), first, count, name(o));
    }

    private static String endpoints(JsonNode o) {
        List<String> list = new ArrayList<>();
        int count = 0;
        for (JsonNode subset : o.path("subsets")) {
            List<JsonNode> ports = new ArrayList<>();
            subset.path("ports").forEach(ports::add);
            for (JsonNode address : subset.path("addresses")) {
                if (ports.isEmpty()) {
                    count++;
                    if (list.size() < 3) {
                        list.add(address.path("ip").asString(""));
                    }
                }
                for (JsonNode port : ports) {
                    count++;
                    if (list.size() < 3) {
                        list.add(address.path("ip").asString("") + ":" + port.path("port").asLong(0));
                    }
                }
            }
        }
        if (count == 0) {
            return "<none>";
        }
        return count > 3 ? String.join(",", list) + " + " + (count - 3) + " more..." : String.join(",", list);
    }

    private static List<Object> endpointSlice(JsonNode o, Instant now) {
        List<String> ports = new ArrayList<>();
        for (JsonNode p : o.path("ports")) {
            ports.add(p.has("port") ? String.valueOf(p.path("port").asLong(0))
                    : p.has("name") ? p.path("name").asString("") : "*");
        }
        List<String> addresses = new ArrayList<>();
        for (JsonNode e : o.path("endpoints")) {
            addresses.addAll(strings(e.path("addresses")));
        }
        return List.of(name(o), o.path("addressType").asString(""), atMostThree(ports), atMostThree(addresses),
                age(o, now));
    }

    private static String atMostThree(List<String> items) {
        if (items.isEmpty()) {
            return "<unset>";
        }
        String shown = String.join(",", items.subList(0, Math.min(3, items.size())));
        return items.size() > 3 ? shown + " + " + (items.size() - 3) + " more..." : shown;
    }
}
