package dev.unstuck.sandbox;

import dev.unstuck.sandbox.vpc.Cidrs;
import io.fabric8.kubernetes.api.model.APIService;
import io.fabric8.kubernetes.api.model.APIServiceBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The world at time zero, as an ACK cluster shows it: namespaces, nodes (with the NetworkUnavailable condition their
 * route left when they joined), the network plugin's DaemonSet, APIServices with their Services, endpoint slices
 * and pods, the cloud-controller-manager with its cloud-config, the scenario's objects and its deleting namespaces.
 */
final class ClusterSeed {
    static final String SYSTEM = "kube-system";
    /** The alphabet Kubernetes draws generated name suffixes from. */
    private static final String SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

    private final Scenario scenario;
    private final KubernetesClient client;
    private final SandboxDispatcher dispatcher;
    private final Clock clock;

    ClusterSeed(Scenario scenario, KubernetesClient client, SandboxDispatcher dispatcher, Clock clock) {
        this.scenario = scenario;
        this.client = client;
        this.dispatcher = dispatcher;
        this.clock = clock;
    }

    void seed() {
        KubernetesClient c = client;
        Set<String> namespaces = new LinkedHashSet<>(List.of("default", SYSTEM, "kube-public", "kube-node-lease"));
        scenario.apiServices().stream().filter(a -> !a.isLocal()).forEach(a -> namespaces.add(a.serviceNamespace()));
        scenario.namespaces().forEach(n -> namespaces.add(n.name()));
        for (String ns : namespaces) {
            c.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns)
                    .addToLabels("kubernetes.io/metadata.name", ns).addToFinalizers(SandboxDispatcher.HOLD_FINALIZER)
                    .endMetadata().withNewSpec().addToFinalizers("kubernetes").endSpec()
                    .withNewStatus().withPhase("Active").endStatus().build()).create();
        }
        nodes();
        networkPlugin();
        apiServices();
        cloudController();
        for (Scenario.Namespace ns : scenario.namespaces()) {
            for (Scenario.SandboxObject o : ns.objects()) {
                c.genericKubernetesResources(SandboxCluster.context(scenario, o.apiVersion(), o.kind()))
                        .inNamespace(ns.name()).resource(object(o)).create();
            }
        }
        Instant now = clock.instant();
        for (Scenario.Namespace ns : scenario.namespaces()) {
            if (ns.deleting()) {
                dispatcher.presentDeletion(ns.name(), now.minus(Duration.ofMinutes(ns.deletingForMinutes())));
                c.namespaces().withName(ns.name()).delete();
            }
        }
    }

    private void nodes() {
        String joined = clock.instant().minus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS).toString();
        boolean routeController = CloudControllerRoutes.configuresRoutes(scenario);
        for (Scenario.Node n : scenario.nodes()) {
            NodeBuilder b = new NodeBuilder().withNewMetadata().withName(n.name())
                    .addToLabels("kubernetes.io/hostname", n.name())
                    .addToLabels("kubernetes.io/os", "linux")
                    .addToLabels("topology.kubernetes.io/region", scenario.cluster().region())
                    .endMetadata()
                    .withNewSpec().withProviderID(scenario.cluster().region() + "." + n.instanceId()).endSpec()
                    .withNewStatus().addNewAddress().withType("InternalIP").withAddress(n.internalIP()).endAddress()
                    .addNewAddress().withType("Hostname").withAddress(n.name()).endAddress()
                    .addNewCondition().withType("Ready").withStatus("True").withReason("KubeletReady")
                    .withMessage("kubelet is posting ready status").endCondition()
                    .endStatus();
            if (n.podCIDR() != null) {
                b.editSpec().withPodCIDR(n.podCIDR()).withPodCIDRs(n.podCIDR()).endSpec();
                if (routeController) {
                    // Before the incident the route controller created this node's route.
                    b.editStatus().addToConditions(CloudControllerRoutes.routeCreated(joined)).endStatus();
                }
            }
            if (n.controlPlane()) {
                b.editMetadata().addToLabels("node-role.kubernetes.io/control-plane", "").endMetadata();
            }
            client.nodes().resource(b.build()).create();
        }
    }

    /** The plugin's DaemonSet as ACK installs it: terway-eniip on Terway, kube-flannel-ds on Flannel. */
    private void networkPlugin() {
        boolean terway = scenario.cluster().network() == Scenario.Network.TERWAY;
        String name = terway ? "terway-eniip" : "kube-flannel-ds";
        Map<String, String> labels = terway ? Map.of("app", "terway-eniip") : Map.of("app", "flannel", "tier", "node");
        String image = "registry." + scenario.cluster().region() + ".aliyuncs.com/acs/"
                + (terway ? "terway:v1.13.3" : "flannel:v0.15.1.22-20a397e6-aliyun");
        String container = terway ? "terway" : "kube-flannel";
        int nodes = scenario.nodes().size();
        var daemonSet = new DaemonSetBuilder().withNewMetadata().withName(name).withNamespace(SYSTEM)
                .withLabels(labels).withGeneration(1L).endMetadata()
                .withNewSpec().withNewSelector().withMatchLabels(labels).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec().withHostNetwork(true).withServiceAccountName(terway ? "terway" : "flannel")
                .addNewContainer().withName(container).withImage(image).endContainer().endSpec().endTemplate()
                .endSpec()
                .withNewStatus().withObservedGeneration(1L).withDesiredNumberScheduled(nodes)
                .withCurrentNumberScheduled(nodes).withUpdatedNumberScheduled(nodes).withNumberReady(nodes)
                .withNumberAvailable(nodes).withNumberMisscheduled(0).endStatus().build();
        client.apps().daemonSets().inNamespace(SYSTEM).resource(daemonSet).create();
        for (int i = 0; i < nodes; i++) {
            Scenario.Node n = scenario.nodes().get(i);
            client.pods().inNamespace(SYSTEM).resource(new PodBuilder().withNewMetadata()
                    .withName(name + "-" + suffix(n.name())).withNamespace(SYSTEM).withLabels(labels)
                    .addNewOwnerReference().withApiVersion("apps/v1").withKind("DaemonSet").withName(name)
                    .withController(true).endOwnerReference().endMetadata()
                    .withNewSpec().withNodeName(n.name()).withHostNetwork(true).addNewContainer().withName(container)
                    .withImage(image).endContainer().endSpec()
                    .withNewStatus().withPhase("Running").withHostIP(n.internalIP()).withPodIP(n.internalIP())
                    .addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build())
                    .create();
        }
    }

    private void apiServices() {
        KubernetesClient c = client;
        for (String local : List.of("v1.", "v1.apps", "v1.batch", "v1.discovery.k8s.io", "v1.apiregistration.k8s.io")) {
            int dot = local.indexOf('.');
            c.resources(APIService.class).resource(new APIServiceBuilder()
                    .withNewMetadata().withName(local).endMetadata()
                    .withNewSpec().withGroup(local.substring(dot + 1)).withVersion(local.substring(0, dot))
                    .withGroupPriorityMinimum(18000).withVersionPriority(1).endSpec()
                    .withNewStatus().addNewCondition().withType("Available").withStatus("True").withReason("Local")
                    .withMessage("Local APIServices are always available").endCondition().endStatus().build()).create();
        }
        for (Scenario.ApiService a : scenario.apiServices()) {
            APIServiceBuilder b = new APIServiceBuilder().withNewMetadata().withName(a.name()).endMetadata()
                    .withNewSpec().withGroup(a.group()).withVersion(a.version()).withGroupPriorityMinimum(100)
                    .withVersionPriority(100).withInsecureSkipTLSVerify(true).endSpec();
            if (!a.isLocal()) {
                b.editSpec().withNewService().withNamespace(a.serviceNamespace()).withName(a.serviceName())
                        .withPort(443).endService().endSpec();
            }
            c.resources(APIService.class).resource(b.build()).create();
            if (a.isLocal()) {
                continue;
            }
            String app = a.serviceName();
            if (a.serviceExists()) {
                c.services().inNamespace(a.serviceNamespace()).resource(new ServiceBuilder().withNewMetadata()
                        .withName(a.serviceName()).withNamespace(a.serviceNamespace()).addToLabels("k8s-app", app)
                        .endMetadata().withNewSpec().addToSelector("k8s-app", app).addNewPort().withName("https")
                        .withPort(443).withProtocol("TCP").withNewTargetPort(4443).endPort()
                        .withClusterIP("10.96.0." + (10 + scenario.apiServices().indexOf(a))).endSpec().build()).create();
                EndpointSliceBuilder slice = new EndpointSliceBuilder().withNewMetadata()
                        .withName(a.serviceName() + "-x7k2p").withNamespace(a.serviceNamespace())
                        .addToLabels("kubernetes.io/service-name", a.serviceName())
                        .addToLabels("endpointslice.kubernetes.io/managed-by", "endpointslice-controller.k8s.io")
                        .endMetadata().withAddressType("IPv4")
                        .addNewPort().withName("https").withPort(4443).withProtocol("TCP").endPort();
                for (Scenario.Pod p : a.pods()) {
                    slice.addToEndpoints(new EndpointBuilder().withAddresses(p.ip()).withNodeName(p.node())
                            .withNewConditions().withReady(p.ready()).withServing(p.ready()).withTerminating(false)
                            .endConditions()
                            .withNewTargetRef().withKind("Pod").withName(p.name()).withNamespace(a.serviceNamespace())
                            .endTargetRef().build());
                }
                c.discovery().v1().endpointSlices().inNamespace(a.serviceNamespace()).resource(slice.build()).create();
            }
            for (Scenario.Pod p : a.pods()) {
                c.pods().inNamespace(a.serviceNamespace()).resource(new PodBuilder().withNewMetadata()
                        .withName(p.name()).withNamespace(a.serviceNamespace()).addToLabels("k8s-app", app)
                        .endMetadata().withNewSpec().withNodeName(p.node()).addNewContainer().withName(app)
                        .withImage("registry.k8s.io/" + app + "/" + app + ":v0.7.2").endContainer().endSpec()
                        .withNewStatus().withPhase("Running").withPodIP(p.ip()).addNewPodIP().withIp(p.ip()).endPodIP()
                        .addNewCondition().withType("Ready").withStatus(p.ready() ? "True" : "False").endCondition()
                        .endStatus().build()).create();
            }
        }
    }


    private void cloudController() {
        Scenario.Ccm ccm = scenario.ccm();
        if (ccm == null) {
            return;
        }
        Scenario.Node host = scenario.controlPlaneNodes().stream().findFirst().orElse(scenario.nodes().get(0));
        List<String> args = new ArrayList<>(List.of("--cloud-provider=alibabacloud",
                "--cloud-config=/etc/kubernetes/config/cloud-config.conf",
                "--configure-cloud-routes=" + CloudControllerRoutes.configuresRoutes(scenario),
                "--route-reconciliation-period=5m"));
        clusterCidr().ifPresent(cidr -> args.add("--cluster-cidr=" + cidr));
        client.pods().inNamespace(SYSTEM).resource(new PodBuilder().withNewMetadata()
                .withName(SandboxCluster.CCM_POD).withNamespace(SYSTEM).addToLabels("app", "cloud-controller-manager")
                .endMetadata()
                .withNewSpec().withNodeName(host.name()).withHostNetwork(true).addNewContainer()
                .withName("cloud-controller-manager")
                .withImage("registry." + scenario.cluster().region() + ".aliyuncs.com/acs/cloud-controller-manager-amd64:v2.9.1")
                .withCommand("/cloud-controller-manager").withArgs(args).endContainer().endSpec()
                .withNewStatus().withPhase("Running").withPodIP(host.internalIP()).addNewCondition().withType("Ready")
                .withStatus("True").endCondition().endStatus().build()).create();
        Map<String, String> global = new LinkedHashMap<>();
        global.put("region", scenario.cluster().region());
        global.put("vpcid", ccm.configuredVpcId());
        global.put("routeTableIDs", String.join(",", ccm.routeTableIds()));
        global.put("clusterID", scenario.cluster().name());
        client.configMaps().inNamespace(SYSTEM).resource(new ConfigMapBuilder().withNewMetadata()
                .withName("cloud-config").withNamespace(SYSTEM).endMetadata()
                .addToData("cloud-config.conf", Serialization.asJson(Map.of("Global", global))).build()).create();
        dispatcher.setPodLog(SYSTEM, SandboxCluster.CCM_POD, ccm.logs());
    }

    /**
     * The pod range the controller is started with: the scenario's, else the smallest block of /16 or wider holding
     * every node's podCIDR (the controller refuses to manage routes without one).
     */
    private Optional<String> clusterCidr() {
        if (scenario.cluster().clusterCIDR() != null) {
            return Optional.of(scenario.cluster().clusterCIDR());
        }
        List<String> ranges = scenario.nodes().stream().map(Scenario.Node::podCIDR).filter(Objects::nonNull).toList();
        if (ranges.isEmpty()) {
            return Optional.empty();
        }
        String first = ranges.get(0);
        for (int bits = 16; bits >= 0; bits--) {
            String block = Cidrs.network(first.substring(0, first.indexOf('/')) + "/" + bits);
            if (ranges.stream().allMatch(r -> Cidrs.within(block, r))) {
                return Optional.of(block);
            }
        }
        return Optional.empty();
    }

    /** A five-letter suffix like the DaemonSet controller's, stable per node so that drills read the same. */
    private static String suffix(String nodeName) {
        long n = Integer.toUnsignedLong(nodeName.hashCode());
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            sb.append(SUFFIX_ALPHABET.charAt((int) (n % SUFFIX_ALPHABET.length())));
            n /= SUFFIX_ALPHABET.length();
        }
        return sb.toString();
    }

    private static GenericKubernetesResource object(Scenario.SandboxObject o) {
        return new GenericKubernetesResourceBuilder().withApiVersion(o.apiVersion()).withKind(o.kind())
                .withNewMetadata().withName(o.name()).withFinalizers(o.finalizers()).endMetadata().build();
    }
}
