package dev.unstuck.sandbox;

import dev.unstuck.diagnosis.NamespaceName;
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
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads scenario YAML and checks it completely before anything is served, so that a typo in a drill file gives a
 * one-line error naming the key and the fix instead of a sandbox that silently behaves differently.
 */
public final class ScenarioLoader {
    /** Scenarios shipped with Unstuck, loadable by name. */
    public static final List<String> BUILT_IN = List.of("seed-incident", "uninstalled-extension", "no-endpoints",
            "stuck-finalizer", "content-deletion-failed", "group-version-parsing", "two-apiservices-two-nodes",
            "route-conflict", "route-pending", "healthy", "throttled-vpc");

    private static final Pattern CIDR = Pattern.compile(
            "(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}/(3[0-2]|[12]?\\d)");
    private static final Pattern IPV4 = Pattern.compile(
            "(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile(
            "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern VERSION = Pattern.compile("v[0-9]+((alpha|beta)[0-9]+)?");
    private static final Pattern KIND = Pattern.compile("[A-Z][A-Za-z0-9]*");
    private static final Pattern CLOUD_ID = Pattern.compile("[a-z]+-[A-Za-z0-9][-A-Za-z0-9]*");
    private static final long MAX_BYTES = 16L * 1024 * 1024;

    private final String source;

    private ScenarioLoader(String source) {
        this.source = source;
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
            throw new ScenarioException(where + ": not valid YAML" + at + ": " + oneLine(e.getProblem()));
        } catch (YAMLException e) {
            throw new ScenarioException(where + ": not valid YAML: " + oneLine(e.getMessage()));
        }
        if (root == null) {
            throw new ScenarioException(where + " is empty; a scenario needs at least 'name', 'cluster' and 'nodes'");
        }
        return new ScenarioLoader(where).scenario(root);
    }

    private Scenario scenario(Object root) {
        Map<String, Object> m = map(root, "the document");
        allowOnly(m, "", "name", "description", "cluster", "nodes", "apiServices", "namespaces", "resourceKinds",
                "malformedGroupVersions", "vpc", "ccm", "faults");
        String name = requiredString(m, "name", "");
        String description = optionalString(m, "description", "");
        Scenario.Cluster cluster = cluster(required(m, "cluster", ""));
        List<Scenario.Node> nodes = nodes(required(m, "nodes", ""));
        Map<String, Scenario.Node> nodesByName = new HashMap<>();
        nodes.forEach(n -> nodesByName.put(n.name(), n));
        List<Scenario.ApiService> apiServices = apiServices(m.get("apiServices"), nodesByName);
        List<Scenario.ResourceKind> kinds = resourceKinds(m.get("resourceKinds"));
        List<Scenario.Namespace> namespaces = namespaces(m.get("namespaces"));
        List<String> malformed = stringList(m.get("malformedGroupVersions"), "malformedGroupVersions");
        Scenario.Vpc vpc = vpc(m.get("vpc"), nodes);
        Scenario.Ccm ccm = ccm(m.get("ccm"));
        Scenario.Faults faults = faults(m.get("faults"));
        return new Scenario(name, description, cluster, nodes, apiServices, namespaces, kinds, malformed, vpc, ccm,
                faults);
    }

    private Scenario.Cluster cluster(Object o) {
        Map<String, Object> m = map(o, "cluster");
        allowOnly(m, "cluster", "name", "region", "vpcId");
        String vpcId = requiredString(m, "vpcId", "cluster");
        check(CLOUD_ID.matcher(vpcId).matches() && vpcId.startsWith("vpc-"),
                "cluster.vpcId '" + vpcId + "' is not a VPC id like vpc-hz001");
        String region = requiredString(m, "region", "cluster");
        check(region.matches("[a-z]+(-[a-z0-9]+)+"), "cluster.region '" + region + "' is not a region id like cn-hangzhou");
        return new Scenario.Cluster(requiredString(m, "name", "cluster"), region, vpcId);
    }

    private List<Scenario.Node> nodes(Object o) {
        List<Object> list = list(o, "nodes");
        check(!list.isEmpty(), "nodes is empty; a cluster needs at least one node");
        List<Scenario.Node> nodes = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> cidrs = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String at = "nodes[" + i + "]";
            Map<String, Object> m = map(list.get(i), at);
            allowOnly(m, at, "name", "internalIP", "instanceId", "podCIDR", "controlPlane");
            String name = requiredString(m, "name", at);
            check(DNS_SUBDOMAIN.matcher(name).matches(), at + ".name '" + name + "' is not a valid node name");
            check(names.add(name), at + ".name '" + name + "' is used by two nodes");
            String ip = requiredString(m, "internalIP", at);
            check(IPV4.matcher(ip).matches(), at + ".internalIP '" + ip + "' is not an IPv4 address");
            String instance = requiredString(m, "instanceId", at);
            check(CLOUD_ID.matcher(instance).matches() && instance.startsWith("i-"),
                    at + ".instanceId '" + instance + "' is not an ECS instance id like i-node2");
            String cidr = requiredString(m, "podCIDR", at);
            check(CIDR.matcher(cidr).matches(), at + ".podCIDR '" + cidr + "' is not a CIDR block like 172.16.1.0/24");
            check(cidrs.add(cidr), at + ".podCIDR " + cidr + " is given to two nodes");
            nodes.add(new Scenario.Node(name, ip, instance, cidr, optionalBoolean(m, "controlPlane", at, false)));
        }
        return nodes;
    }

    private List<Scenario.ApiService> apiServices(Object o, Map<String, Scenario.Node> nodes) {
        List<Scenario.ApiService> result = new ArrayList<>();
        if (o == null) {
            return result;
        }
        List<Object> list = list(o, "apiServices");
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String at = "apiServices[" + i + "]";
            Map<String, Object> m = map(list.get(i), at);
            allowOnly(m, at, "name", "service", "serviceExists", "pods");
            String name = requiredString(m, "name", at);
            int dot = name.indexOf('.');
            check(dot > 0 && VERSION.matcher(name.substring(0, dot)).matches()
                            && DNS_SUBDOMAIN.matcher(name.substring(dot + 1)).matches(),
                    at + ".name '" + name + "' is not VERSION.GROUP like v1beta1.metrics.k8s.io");
            check(names.add(name), at + ".name '" + name + "' is declared twice");
            String version = name.substring(0, dot);
            String group = name.substring(dot + 1);
            String service = optionalString(m, "service", null);
            String serviceNamespace = null;
            String serviceName = null;
            if (service != null) {
                String[] parts = service.split("/", -1);
                check(parts.length == 2 && NamespaceName.problem(parts[0]).isEmpty()
                                && DNS_SUBDOMAIN.matcher(parts[1]).matches(),
                        at + ".service '" + service + "' is not NAMESPACE/NAME like kube-system/metrics-server");
                serviceNamespace = parts[0];
                serviceName = parts[1];
            }
            boolean exists = optionalBoolean(m, "serviceExists", at, true);
            List<Scenario.Pod> pods = new ArrayList<>();
            if (m.get("pods") != null) {
                check(service != null, at + ".pods needs a 'service': a local APIService has no backend pods");
                List<Object> podList = list(m.get("pods"), at + ".pods");
                for (int j = 0; j < podList.size(); j++) {
                    String pat = at + ".pods[" + j + "]";
                    Map<String, Object> pm = map(podList.get(j), pat);
                    allowOnly(pm, pat, "name", "node", "ip", "ready");
                    String podName = requiredString(pm, "name", pat);
                    check(DNS_SUBDOMAIN.matcher(podName).matches(), pat + ".name '" + podName + "' is not a valid pod name");
                    String node = requiredString(pm, "node", pat);
                    check(nodes.containsKey(node), pat + ".node '" + node + "' is not one of the scenario's nodes");
                    String ip = requiredString(pm, "ip", pat);
                    check(IPV4.matcher(ip).matches(), pat + ".ip '" + ip + "' is not an IPv4 address");
                    check(Cidrs.contains(nodes.get(node).podCIDR(), ip),
                            pat + ".ip " + ip + " is outside node " + node + "'s podCIDR " + nodes.get(node).podCIDR());
                    pods.add(new Scenario.Pod(podName, node, ip, optionalBoolean(pm, "ready", pat, true)));
                }
            }
            result.add(new Scenario.ApiService(name, group, version, serviceNamespace, serviceName, exists, pods));
        }
        return result;
    }

    private List<Scenario.ResourceKind> resourceKinds(Object o) {
        List<Scenario.ResourceKind> result = new ArrayList<>();
        if (o == null) {
            return result;
        }
        List<Object> list = list(o, "resourceKinds");
        for (int i = 0; i < list.size(); i++) {
            String at = "resourceKinds[" + i + "]";
            Map<String, Object> m = map(list.get(i), at);
            allowOnly(m, at, "apiVersion", "kind", "plural");
            String apiVersion = requiredString(m, "apiVersion", at);
            String[] gv = splitApiVersion(apiVersion, at + ".apiVersion");
            check(!gv[0].isEmpty(), at + ".apiVersion '" + apiVersion + "' is a core version; resourceKinds are for API groups");
            String kind = requiredString(m, "kind", at);
            check(KIND.matcher(kind).matches(), at + ".kind '" + kind + "' is not a Kind like Widget");
            String plural = optionalString(m, "plural", Plurals.of(kind));
            result.add(new Scenario.ResourceKind(gv[0], gv[1], kind, plural));
        }
        return result;
    }

    private List<Scenario.Namespace> namespaces(Object o) {
        List<Scenario.Namespace> result = new ArrayList<>();
        if (o == null) {
            return result;
        }
        List<Object> list = list(o, "namespaces");
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String at = "namespaces[" + i + "]";
            Map<String, Object> m = map(list.get(i), at);
            allowOnly(m, at, "name", "deleting", "deletingForMinutes", "objects");
            String name = requiredString(m, "name", at);
            NamespaceName.problem(name).ifPresent(p -> fail(at + ".name: " + p));
            check(names.add(name), at + ".name '" + name + "' is declared twice");
            boolean deleting = optionalBoolean(m, "deleting", at, false);
            long minutes = optionalLong(m, "deletingForMinutes", at, 0);
            check(minutes >= 0 && minutes <= 525_600, at + ".deletingForMinutes must be between 0 and 525600");
            check(deleting || !m.containsKey("deletingForMinutes"),
                    at + ".deletingForMinutes is set but deleting is not true");
            List<Scenario.SandboxObject> objects = new ArrayList<>();
            if (m.get("objects") != null) {
                List<Object> objs = list(m.get("objects"), at + ".objects");
                Set<String> keys = new HashSet<>();
                for (int j = 0; j < objs.size(); j++) {
                    String oat = at + ".objects[" + j + "]";
                    Map<String, Object> om = map(objs.get(j), oat);
                    allowOnly(om, oat, "apiVersion", "kind", "name", "finalizers", "deleteError");
                    String apiVersion = requiredString(om, "apiVersion", oat);
                    splitApiVersion(apiVersion, oat + ".apiVersion");
                    String kind = requiredString(om, "kind", oat);
                    check(KIND.matcher(kind).matches(), oat + ".kind '" + kind + "' is not a Kind like Widget");
                    String objName = requiredString(om, "name", oat);
                    check(DNS_SUBDOMAIN.matcher(objName).matches(), oat + ".name '" + objName + "' is not a valid object name");
                    check(keys.add(apiVersion + "/" + kind + "/" + objName), oat + " duplicates another object");
                    List<String> finalizers = stringList(om.get("finalizers"), oat + ".finalizers");
                    for (String f : finalizers) {
                        check(f.matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?(/[-a-zA-Z0-9_.]+)?"),
                                oat + ".finalizers: '" + f + "' is not a finalizer name like example.com/cleanup");
                    }
                    objects.add(new Scenario.SandboxObject(apiVersion, kind, objName, finalizers,
                            optionalString(om, "deleteError", null)));
                }
            }
            result.add(new Scenario.Namespace(name, deleting, minutes, objects));
        }
        return result;
    }

    private Scenario.Vpc vpc(Object o, List<Scenario.Node> nodes) {
        if (o == null) {
            return new Scenario.Vpc(List.of());
        }
        Map<String, Object> m = map(o, "vpc");
        allowOnly(m, "vpc", "routeTables");
        List<Scenario.RouteTable> tables = new ArrayList<>();
        List<Object> list = list(required(m, "routeTables", "vpc"), "vpc.routeTables");
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String at = "vpc.routeTables[" + i + "]";
            Map<String, Object> tm = map(list.get(i), at);
            allowOnly(tm, at, "id", "entries");
            String id = requiredString(tm, "id", at);
            check(CLOUD_ID.matcher(id).matches() && id.startsWith("vtb-"), at + ".id '" + id + "' is not a route table id like vtb-hz001");
            check(ids.add(id), at + ".id '" + id + "' is declared twice");
            List<Scenario.Route> routes = new ArrayList<>();
            Set<String> destinations = new HashSet<>();
            List<Object> entries = tm.get("entries") == null ? List.of() : list(tm.get("entries"), at + ".entries");
            for (int j = 0; j < entries.size(); j++) {
                String eat = at + ".entries[" + j + "]";
                Map<String, Object> em = map(entries.get(j), eat);
                allowOnly(em, eat, "destination", "nextHop", "status");
                String dest = requiredString(em, "destination", eat);
                check(CIDR.matcher(dest).matches(), eat + ".destination '" + dest + "' is not a CIDR block");
                check(destinations.add(dest), eat + ".destination " + dest + " appears twice in " + id
                        + " (a VPC route table holds one entry per destination)");
                String hop = requiredString(em, "nextHop", eat);
                check(CLOUD_ID.matcher(hop).matches(), eat + ".nextHop '" + hop + "' is not an instance id like i-node1");
                String status = optionalString(em, "status", "Available");
                check(List.of("Available", "Pending").contains(status),
                        eat + ".status '" + status + "' must be Available or Pending");
                routes.add(new Scenario.Route(dest, hop, status));
            }
            tables.add(new Scenario.RouteTable(id, routes));
        }
        return new Scenario.Vpc(tables);
    }

    private Scenario.Ccm ccm(Object o) {
        if (o == null) {
            return null;
        }
        Map<String, Object> m = map(o, "ccm");
        allowOnly(m, "ccm", "configuredVpcId", "logs");
        String vpcId = requiredString(m, "configuredVpcId", "ccm");
        return new Scenario.Ccm(vpcId, stringList(m.get("logs"), "ccm.logs"));
    }

    private Scenario.Faults faults(Object o) {
        if (o == null) {
            return new Scenario.Faults(VpcFaults.none());
        }
        Map<String, Object> m = map(o, "faults");
        allowOnly(m, "faults", "vpc");
        if (m.get("vpc") == null) {
            return new Scenario.Faults(VpcFaults.none());
        }
        Map<String, Object> v = map(m.get("vpc"), "faults.vpc");
        allowOnly(v, "faults.vpc", "throttleRate", "serverErrorRate", "latencyMs", "pendingSeconds", "failAction");
        double throttle = rate(v, "throttleRate");
        double server = rate(v, "serverErrorRate");
        long latency = optionalLong(v, "latencyMs", "faults.vpc", 0);
        check(latency >= 0 && latency <= 60_000, "faults.vpc.latencyMs must be between 0 and 60000");
        double pending = optionalDouble(v, "pendingSeconds", "faults.vpc", VpcFaults.none().pendingSeconds());
        check(pending >= 0 && pending <= 3600, "faults.vpc.pendingSeconds must be between 0 and 3600");
        Map<String, String> failAction = new LinkedHashMap<>();
        if (v.get("failAction") != null) {
            Map<String, Object> fa = map(v.get("failAction"), "faults.vpc.failAction");
            for (var e : fa.entrySet()) {
                check(List.of("CreateRouteEntry", "DescribeRouteEntryList", "DescribeRouteTableList",
                                "DescribeVpcAttribute", "DescribeVpcs").contains(e.getKey()),
                        "faults.vpc.failAction: '" + e.getKey() + "' is not a VPC action the sandbox serves");
                check(e.getValue() instanceof String s && s.matches("[A-Za-z][A-Za-z0-9.]*"),
                        "faults.vpc.failAction." + e.getKey() + " must be an error code like Forbidden.RAM");
                failAction.put(e.getKey(), (String) e.getValue());
            }
        }
        return new Scenario.Faults(new VpcFaults(throttle, server, latency, pending, failAction));
    }

    private double rate(Map<String, Object> m, String key) {
        double r = optionalDouble(m, key, "faults.vpc", 0);
        check(r >= 0 && r <= 1, "faults.vpc." + key + " must be a fraction between 0 and 1, e.g. 0.5");
        return r;
    }

    private String[] splitApiVersion(String apiVersion, String at) {
        String[] parts = apiVersion.split("/", -1);
        if (parts.length == 1 && VERSION.matcher(parts[0]).matches()) {
            return new String[]{"", parts[0]};
        }
        check(parts.length == 2 && DNS_SUBDOMAIN.matcher(parts[0]).matches() && parts[0].contains(".")
                        && VERSION.matcher(parts[1]).matches(),
                at + " '" + apiVersion + "' is not GROUP/VERSION like example.com/v1 (or v1 for core)");
        return parts;
    }

    // --- typed access with one-line errors -------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private Map<String, Object> map(Object o, String at) {
        if (!(o instanceof Map<?, ?> raw)) {
            throw fail(at + " must be a mapping (key: value), not " + describe(o));
        }
        for (Object k : raw.keySet()) {
            if (!(k instanceof String)) {
                throw fail(at + " has a key that is not text: " + k);
            }
        }
        return (Map<String, Object>) raw;
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(Object o, String at) {
        if (!(o instanceof List<?>)) {
            throw fail(at + " must be a list, not " + describe(o));
        }
        return (List<Object>) o;
    }

    private Object required(Map<String, Object> m, String key, String at) {
        Object v = m.get(key);
        if (v == null) {
            throw fail(path(at, key) + " is missing");
        }
        return v;
    }

    private String requiredString(Map<String, Object> m, String key, String at) {
        Object v = required(m, key, at);
        if (!(v instanceof String s) || s.isBlank()) {
            throw fail(path(at, key) + " must be non-empty text, not " + describe(v));
        }
        return s.trim();
    }

    private String optionalString(Map<String, Object> m, String key, String fallback) {
        Object v = m.get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof String s)) {
            throw fail(key + " must be text, not " + describe(v));
        }
        return s;
    }

    private boolean optionalBoolean(Map<String, Object> m, String key, String at, boolean fallback) {
        Object v = m.get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Boolean b)) {
            throw fail(path(at, key) + " must be true or false, not " + describe(v));
        }
        return b;
    }

    private long optionalLong(Map<String, Object> m, String key, String at, long fallback) {
        Object v = m.get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Integer || v instanceof Long)) {
            throw fail(path(at, key) + " must be a whole number, not " + describe(v));
        }
        return ((Number) v).longValue();
    }

    private double optionalDouble(Map<String, Object> m, String key, String at, double fallback) {
        Object v = m.get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Number n)) {
            throw fail(path(at, key) + " must be a number, not " + describe(v));
        }
        return n.doubleValue();
    }

    private List<String> stringList(Object o, String at) {
        if (o == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Object item : list(o, at)) {
            if (!(item instanceof String s)) {
                throw fail(at + " must be a list of text, but holds " + describe(item));
            }
            out.add(s);
        }
        return out;
    }

    private void allowOnly(Map<String, Object> m, String at, String... keys) {
        List<String> allowed = List.of(keys);
        for (String k : m.keySet()) {
            if (!allowed.contains(k)) {
                throw fail(path(at, k) + " is not a known key; expected one of " + String.join(", ", allowed));
            }
        }
    }

    private void check(boolean ok, String message) {
        if (!ok) {
            throw fail(message);
        }
    }

    private ScenarioException fail(String message) {
        throw new ScenarioException(source + ": " + message);
    }

    private static String path(String at, String key) {
        return at.isEmpty() ? key : at + "." + key;
    }

    private static String describe(Object o) {
        if (o == null) {
            return "nothing";
        }
        if (o instanceof Map) {
            return "a mapping";
        }
        if (o instanceof List) {
            return "a list";
        }
        String s = oneLine(String.valueOf(o));
        return "'" + (s.length() > 40 ? s.substring(0, 37) + "..." : s) + "'";
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").trim();
    }
}
