package dev.unstuck.sandbox;

import dev.unstuck.diagnosis.NamespaceName;
import dev.unstuck.sandbox.vpc.Cidrs;
import dev.unstuck.sandbox.vpc.FakeVpcServer;
import dev.unstuck.sandbox.vpc.VpcFaults;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static dev.unstuck.sandbox.ScenarioYaml.DNS_SUBDOMAIN;
import static dev.unstuck.sandbox.ScenarioYaml.IPV4;
import static dev.unstuck.sandbox.ScenarioYaml.KIND;
import static dev.unstuck.sandbox.ScenarioYaml.VERSION;

/**
 * Reads scenario YAML and checks it completely before anything is served, so that a typo in a drill file gives a
 * one-line error naming the key and the fix instead of a sandbox that silently behaves differently. The network
 * sections are read by {@link ScenarioNetworkReader}; this class reads the workloads on top of them.
 */
public final class ScenarioLoader {
    /** Scenarios shipped with Unstuck, loadable by name. */
    public static final List<String> BUILT_IN = List.of("seed-incident", "uninstalled-extension", "no-endpoints",
            "stuck-finalizer", "content-deletion-failed", "group-version-parsing", "two-apiservices-two-nodes",
            "route-conflict", "route-pending", "healthy", "throttled-vpc", "terway", "custom-route-table",
            "managed-cluster", "backend-refuses", "route-table-full", "route-and-finalizer", "slow-controllers");

    private static final long MAX_BYTES = 16L * 1024 * 1024;
    private static final int MAX_TIMING_SECONDS = 3600;

    private final ScenarioYaml y;

    private ScenarioLoader(String source) {
        this.y = new ScenarioYaml(source);
    }

    /** Loads a file, or a built-in scenario when {@code fileOrName} is one of {@link #BUILT_IN}. */
    public static Scenario load(String fileOrName) {
        if (fileOrName == null || fileOrName.isBlank()) {
            throw new ScenarioException("no scenario given: pass a file or one of " + String.join(", ", BUILT_IN));
        }
        Path path = Path.of(fileOrName);
        if (!Files.exists(path) && BUILT_IN.contains(fileOrName)) {
            return loadBuiltIn(fileOrName);
        }
        return loadFile(path);
    }

    public static Scenario loadBuiltIn(String name) {
        String resource = "/scenarios/" + name + ".yaml";
        try (InputStream in = ScenarioLoader.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new ScenarioException("no built-in scenario '" + name + "'; built-in scenarios: "
                        + String.join(", ", BUILT_IN));
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "scenario " + name);
        } catch (IOException e) {
            throw new ScenarioException("scenario " + name + ": cannot be read: " + e.getMessage(), e);
        }
    }

    public static Scenario loadFile(Path path) {
        String where = "scenario file " + path;
        try {
            if (Files.isDirectory(path)) {
                throw new ScenarioException(where + " is a directory; pass a YAML file");
            }
            if (Files.size(path) > MAX_BYTES) {
                throw new ScenarioException(where + " is larger than 16 MiB; a scenario is a small YAML file");
            }
            return parse(Files.readString(path, StandardCharsets.UTF_8), where);
        } catch (NoSuchFileException e) {
            throw new ScenarioException(where + " does not exist");
        } catch (java.nio.charset.MalformedInputException e) {
            throw new ScenarioException(where + " is not UTF-8 text");
        } catch (IOException e) {
            throw new ScenarioException(where + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** Parses YAML text; {@code where} names the source in error messages. */
    public static Scenario parse(String yaml, String where) {
        Object root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(50);
            root = new Yaml(new SafeConstructor(options)).load(yaml);
        } catch (MarkedYAMLException e) {
            var mark = e.getProblemMark();
            String at = mark == null ? "" : " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
            throw new ScenarioException(where + ": not valid YAML" + at + ": " + ScenarioYaml.oneLine(e.getProblem()));
        } catch (YAMLException e) {
            throw new ScenarioException(where + ": not valid YAML: " + ScenarioYaml.oneLine(e.getMessage()));
        }
        if (root == null) {
            throw new ScenarioException(where + " is empty; a scenario needs at least 'name', 'cluster' and 'nodes'");
        }
        return new ScenarioLoader(where).scenario(root);
    }

    private Scenario scenario(Object root) {
        Map<String, Object> m = y.map(root, "the document");
        y.allowOnly(m, "", "name", "description", "cluster", "nodes", "apiServices", "namespaces", "resourceKinds",
                "malformedGroupVersions", "vpc", "ccm", "faults", "timing");
        String name = y.requiredString(m, "name", "");
        String description = y.optionalString(m, "description", "", "");
        ScenarioNetworkReader.Network network = new ScenarioNetworkReader(y).read(m);
        List<Scenario.ApiService> apiServices = apiServices(m.get("apiServices"), network);
        List<Scenario.ResourceKind> kinds = resourceKinds(m.get("resourceKinds"));
        List<Scenario.Namespace> namespaces = namespaces(m.get("namespaces"));
        List<String> malformed = y.stringList(m.get("malformedGroupVersions"), "malformedGroupVersions");
        Scenario.Faults faults = faults(m.get("faults"));
        Scenario.Timing timing = timing(m.get("timing"));
        return new Scenario(name, description, network.cluster(), network.nodes(), apiServices, namespaces, kinds,
                malformed, network.vpc(), network.ccm(), faults, timing);
    }

    private List<Scenario.ApiService> apiServices(Object o, ScenarioNetworkReader.Network network) {
        List<Scenario.ApiService> result = new ArrayList<>();
        if (o == null) {
            return result;
        }
        Map<String, Scenario.Node> nodes = new HashMap<>();
        network.nodes().forEach(n -> nodes.put(n.name(), n));
        List<Object> list = y.list(o, "apiServices");
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String at = "apiServices[" + i + "]";
            Map<String, Object> m = y.map(list.get(i), at);
            y.allowOnly(m, at, "name", "service", "serviceExists", "pods");
            String name = y.requiredString(m, "name", at);
            int dot = name.indexOf('.');
            y.check(dot > 0 && VERSION.matcher(name.substring(0, dot)).matches()
                            && DNS_SUBDOMAIN.matcher(name.substring(dot + 1)).matches(),
                    at + ".name '" + name + "' is not VERSION.GROUP like v1beta1.metrics.k8s.io");
            y.check(names.add(name), at + ".name '" + name + "' is declared twice");
            String service = y.optionalString(m, "service", at, null);
            String serviceNamespace = null;
            String serviceName = null;
            if (service != null) {
                String[] parts = service.split("/", -1);
                y.check(parts.length == 2 && NamespaceName.problem(parts[0]).isEmpty()
                                && DNS_SUBDOMAIN.matcher(parts[1]).matches(),
                        at + ".service '" + service + "' is not NAMESPACE/NAME like kube-system/metrics-server");
                serviceNamespace = parts[0];
                serviceName = parts[1];
            }
            boolean exists = y.optionalBoolean(m, "serviceExists", at, true);
            List<Scenario.Pod> pods = new ArrayList<>();
            if (m.get("pods") != null) {
                y.check(service != null, at + ".pods needs a 'service': a local APIService has no backend pods");
                List<Object> podList = y.list(m.get("pods"), at + ".pods");
                for (int j = 0; j < podList.size(); j++) {
                    pods.add(pod(podList.get(j), at + ".pods[" + j + "]", nodes, network));
                }
            }
            result.add(new Scenario.ApiService(name, name.substring(dot + 1), name.substring(0, dot), serviceNamespace,
                    serviceName, exists, pods));
        }
        return result;
    }

    private Scenario.Pod pod(Object o, String at, Map<String, Scenario.Node> nodes, ScenarioNetworkReader.Network net) {
        Map<String, Object> pm = y.map(o, at);
        y.allowOnly(pm, at, "name", "node", "ip", "ready", "answers");
        String podName = y.requiredString(pm, "name", at);
        y.check(DNS_SUBDOMAIN.matcher(podName).matches(), at + ".name '" + podName + "' is not a valid pod name");
        String node = y.requiredString(pm, "node", at);
        y.check(nodes.containsKey(node), at + ".node '" + node + "' is not one of the scenario's nodes");
        String ip = y.requiredString(pm, "ip", at);
        y.check(IPV4.matcher(ip).matches(), at + ".ip '" + ip + "' is not an IPv4 address");
        if (net.cluster().network() == Scenario.Network.FLANNEL) {
            y.check(Cidrs.contains(nodes.get(node).podCIDR(), ip),
                    at + ".ip " + ip + " is outside node " + node + "'s podCIDR " + nodes.get(node).podCIDR());
        } else if (net.vpc().hasTopology()) {
            y.check(net.vpc().vSwitches().stream().anyMatch(v -> Cidrs.contains(v.cidr(), ip)), at + ".ip " + ip
                    + " lies in no vSwitch of vpc.vSwitches; Terway gives pods addresses from the VPC's vSwitches");
        }
        String answers = y.oneOf(pm, "answers", at, "ok", List.of("ok", "timeout", "refused", "tls"));
        return new Scenario.Pod(podName, node, ip, y.optionalBoolean(pm, "ready", at, true),
                Scenario.Answer.valueOf(answers.toUpperCase(Locale.ROOT)));
    }

    private List<Scenario.ResourceKind> resourceKinds(Object o) {
        List<Scenario.ResourceKind> result = new ArrayList<>();
        if (o == null) {
            return result;
        }
        List<Object> list = y.list(o, "resourceKinds");
        for (int i = 0; i < list.size(); i++) {
            String at = "resourceKinds[" + i + "]";
            Map<String, Object> m = y.map(list.get(i), at);
            y.allowOnly(m, at, "apiVersion", "kind", "plural");
            String apiVersion = y.requiredString(m, "apiVersion", at);
            String[] gv = splitApiVersion(apiVersion, at + ".apiVersion");
            y.check(!gv[0].isEmpty(), at + ".apiVersion '" + apiVersion + "' is a core version; resourceKinds are for API groups");
            String kind = y.requiredString(m, "kind", at);
            y.check(KIND.matcher(kind).matches(), at + ".kind '" + kind + "' is not a Kind like Widget");
            String plural = y.optionalString(m, "plural", at, Plurals.of(kind));
            result.add(new Scenario.ResourceKind(gv[0], gv[1], kind, plural));
        }
        return result;
    }

    private List<Scenario.Namespace> namespaces(Object o) {
        List<Scenario.Namespace> result = new ArrayList<>();
        if (o == null) {
            return result;
        }
        List<Object> list = y.list(o, "namespaces");
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String at = "namespaces[" + i + "]";
            Map<String, Object> m = y.map(list.get(i), at);
            y.allowOnly(m, at, "name", "deleting", "deletingForMinutes", "objects");
            String name = y.requiredString(m, "name", at);
            NamespaceName.problem(name).ifPresent(p -> y.fail(at + ".name: " + p));
            y.check(names.add(name), at + ".name '" + name + "' is declared twice");
            boolean deleting = y.optionalBoolean(m, "deleting", at, false);
            long minutes = y.optionalLong(m, "deletingForMinutes", at, 0);
            y.check(minutes >= 0 && minutes <= 525_600, at + ".deletingForMinutes must be between 0 and 525600");
            y.check(deleting || !m.containsKey("deletingForMinutes"),
                    at + ".deletingForMinutes is set but deleting is not true");
            List<Scenario.SandboxObject> objects = new ArrayList<>();
            List<Object> objs = y.optionalList(m, "objects", at);
            Set<String> keys = new HashSet<>();
            for (int j = 0; j < objs.size(); j++) {
                String oat = at + ".objects[" + j + "]";
                Map<String, Object> om = y.map(objs.get(j), oat);
                y.allowOnly(om, oat, "apiVersion", "kind", "name", "finalizers", "deleteError");
                String apiVersion = y.requiredString(om, "apiVersion", oat);
                splitApiVersion(apiVersion, oat + ".apiVersion");
                String kind = y.requiredString(om, "kind", oat);
                y.check(KIND.matcher(kind).matches(), oat + ".kind '" + kind + "' is not a Kind like Widget");
                String objName = y.requiredString(om, "name", oat);
                y.check(DNS_SUBDOMAIN.matcher(objName).matches(), oat + ".name '" + objName + "' is not a valid object name");
                y.check(keys.add(apiVersion + "/" + kind + "/" + objName), oat + " duplicates another object");
                List<String> finalizers = y.stringList(om.get("finalizers"), oat + ".finalizers");
                for (String f : finalizers) {
                    y.check(f.matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?(/[-a-zA-Z0-9_.]+)?"),
                            oat + ".finalizers: '" + f + "' is not a finalizer name like example.com/cleanup");
                }
                objects.add(new Scenario.SandboxObject(apiVersion, kind, objName, finalizers,
                        y.optionalString(om, "deleteError", oat, null)));
            }
            result.add(new Scenario.Namespace(name, deleting, minutes, objects));
        }
        return result;
    }

    private Scenario.Faults faults(Object o) {
        if (o == null) {
            return new Scenario.Faults(VpcFaults.none());
        }
        Map<String, Object> m = y.map(o, "faults");
        y.allowOnly(m, "faults", "vpc");
        if (m.get("vpc") == null) {
            return new Scenario.Faults(VpcFaults.none());
        }
        Map<String, Object> v = y.map(m.get("vpc"), "faults.vpc");
        y.allowOnly(v, "faults.vpc", "throttleRate", "serverErrorRate", "latencyMs", "pendingSeconds", "failAction");
        double throttle = rate(v, "throttleRate");
        double server = rate(v, "serverErrorRate");
        long latency = y.optionalLong(v, "latencyMs", "faults.vpc", 0);
        y.check(latency >= 0 && latency <= 60_000, "faults.vpc.latencyMs must be between 0 and 60000");
        double pending = y.optionalDouble(v, "pendingSeconds", "faults.vpc", VpcFaults.none().pendingSeconds());
        y.check(pending >= 0 && pending <= 3600, "faults.vpc.pendingSeconds must be between 0 and 3600");
        Map<String, String> failAction = new LinkedHashMap<>();
        if (v.get("failAction") != null) {
            Map<String, Object> fa = y.map(v.get("failAction"), "faults.vpc.failAction");
            for (var e : fa.entrySet()) {
                y.check(FakeVpcServer.ACTIONS.contains(e.getKey()),
                        "faults.vpc.failAction: '" + e.getKey() + "' is not a VPC action the sandbox serves");
                y.check(e.getValue() instanceof String s && s.matches("[A-Za-z][A-Za-z0-9.]*"),
                        "faults.vpc.failAction." + e.getKey() + " must be an error code like Forbidden.RAM");
                failAction.put(e.getKey(), (String) e.getValue());
            }
        }
        return new Scenario.Faults(new VpcFaults(throttle, server, latency, pending, failAction));
    }

    private Scenario.Timing timing(Object o) {
        if (o == null) {
            return Scenario.Timing.INSTANT;
        }
        Map<String, Object> m = y.map(o, "timing");
        y.allowOnly(m, "timing", "apiServiceResyncSeconds", "namespaceRetryMaxSeconds");
        return new Scenario.Timing(y.boundedInt(m, "apiServiceResyncSeconds", "timing", 0, 0, MAX_TIMING_SECONDS),
                y.boundedInt(m, "namespaceRetryMaxSeconds", "timing", 0, 0, MAX_TIMING_SECONDS));
    }

    private double rate(Map<String, Object> m, String key) {
        double r = y.optionalDouble(m, key, "faults.vpc", 0);
        y.check(r >= 0 && r <= 1, "faults.vpc." + key + " must be a fraction between 0 and 1, e.g. 0.5");
        return r;
    }

    private String[] splitApiVersion(String apiVersion, String at) {
        String[] parts = apiVersion.split("/", -1);
        if (parts.length == 1 && VERSION.matcher(parts[0]).matches()) {
            return new String[]{"", parts[0]};
        }
        y.check(parts.length == 2 && DNS_SUBDOMAIN.matcher(parts[0]).matches() && parts[0].contains(".")
                        && VERSION.matcher(parts[1]).matches(),
                at + " '" + apiVersion + "' is not GROUP/VERSION like example.com/v1 (or v1 for core)");
        return parts;
    }
}
