package dev.unstuck.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import dev.unstuck.config.UnstuckProperties;
import dev.unstuck.ha.GatewayLeaseProperties;
import dev.unstuck.watch.WatchProperties;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Helm chart as an operator installs it, rendered and linted by Helm's own engine: with the default values and
 * with the production example (Temporal Cloud, Discord, console behind HTTPS, a second cluster).
 */
class HelmChartTest {
    private static final Pattern SECRET_NAMED = Pattern.compile(".*(TOKEN|SECRET|PASSWORD|API_KEY|ACCESS_KEY).*");

    @Test
    void theChartLintsClean() {
        LintResult lint = new Helm(RenderedChart.CHART).lint().strict().call();
        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    }

    @Test
    void byDefault_twoReplicasRollOneAtATime_spreadOverZonesAndNodes_withAPodDisruptionBudget() {
        RenderedChart chart = RenderedChart.defaults();
        assertThat(chart.kinds()).containsExactlyInAnyOrder("ServiceAccount", "ConfigMap", "ClusterRole",
                "ClusterRoleBinding", "Role", "RoleBinding", "Role", "RoleBinding", "Role", "RoleBinding", "Service",
                "Deployment", "PodDisruptionBudget", "NetworkPolicy");
        Deployment d = chart.one(Deployment.class);
        assertThat(d.getMetadata().getNamespace()).isEqualTo("unstuck");
        assertThat(d.getSpec().getReplicas()).isEqualTo(2);
        assertThat(d.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
        assertThat(d.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isZero();
        PodSpec pod = d.getSpec().getTemplate().getSpec();
        assertThat(pod.getTopologySpreadConstraints()).extracting(c -> c.getTopologyKey())
                .containsExactly("topology.kubernetes.io/zone", "kubernetes.io/hostname");
        assertThat(pod.getTopologySpreadConstraints()).allSatisfy(c -> assertThat(c.getLabelSelector()
                .getMatchLabels()).isEqualTo(d.getSpec().getSelector().getMatchLabels()));
        PodDisruptionBudget pdb = chart.one(PodDisruptionBudget.class);
        assertThat(pdb.getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
        assertThat(pdb.getSpec().getSelector().getMatchLabels()).isEqualTo(d.getSpec().getSelector().getMatchLabels());
    }

    @Test
    void thePodRunsNonRoot_readOnly_withoutPrivilegeOrCapabilities_underRuntimeDefaultSeccomp() {
        for (RenderedChart chart : List.of(RenderedChart.defaults(), RenderedChart.production())) {
            PodSpec pod = chart.one(Deployment.class).getSpec().getTemplate().getSpec();
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(pod.getSecurityContext().getRunAsUser()).isPositive();
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            Container c = pod.getContainers().get(0);
            assertThat(c.getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
            assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
            assertThat(c.getSecurityContext().getPrivileged()).isFalse();
            assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
            assertThat(c.getSecurityContext().getCapabilities().getAdd()).isNullOrEmpty();
            assertThat(c.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            // The only writable path is an emptyDir for temporary files.
            assertThat(c.getVolumeMounts()).filteredOn(m -> !Boolean.TRUE.equals(m.getReadOnly()))
                    .extracting(m -> m.getMountPath()).containsExactly("/tmp");
            assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
            assertThat(c.getResources().getLimits()).containsKeys("cpu", "memory");
        }
    }

    @Test
    void probesAskTheActuatorOnTheManagementPort() {
        Container c = RenderedChart.defaults().one(Deployment.class).getSpec().getTemplate().getSpec()
                .getContainers().get(0);
        assertThat(c.getPorts()).extracting(p -> p.getName() + ":" + p.getContainerPort())
                .containsExactly("console:8080", "management:8081");
        assertProbe(c.getStartupProbe(), "/actuator/health/liveness");
        assertProbe(c.getLivenessProbe(), "/actuator/health/liveness");
        assertProbe(c.getReadinessProbe(), "/actuator/health/readiness");
        assertThat(c.getStartupProbe().getFailureThreshold() * c.getStartupProbe().getPeriodSeconds())
                .as("seconds a slow start may take").isGreaterThanOrEqualTo(120);
    }

    private static void assertProbe(Probe probe, String path) {
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
        assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("management");
    }

    @Test
    void theClusterRoleHasExactlyTheRulesOfDeployRbacYaml() throws IOException {
        Map<String, List<PolicyRule>> plain = RenderedChart.parse(Files.readString(Path.of("deploy/rbac.yaml")))
                .stream().filter(ClusterRole.class::isInstance).map(ClusterRole.class::cast)
                .collect(Collectors.toMap(r -> r.getMetadata().getName(), ClusterRole::getRules));
        RenderedChart chart = RenderedChart.defaults();
        Map<String, List<PolicyRule>> charted = chart.all(ClusterRole.class).stream()
                .collect(Collectors.toMap(r -> r.getMetadata().getName(), ClusterRole::getRules));
        assertThat(plain).isNotEmpty();
        assertThat(charted).isEqualTo(plain);
        // The namespaced reads: the same rules per namespace (kube-system, default) as deploy/rbac.yaml's Roles.
        Map<String, List<PolicyRule>> plainRoles = RenderedChart.parse(Files.readString(Path.of("deploy/rbac.yaml")))
                .stream().filter(Role.class::isInstance).map(Role.class::cast)
                .filter(r -> !r.getMetadata().getNamespace().equals("unstuck"))
                .collect(Collectors.toMap(r -> r.getMetadata().getNamespace(), Role::getRules));
        Map<String, List<PolicyRule>> chartedRoles = chart.all(Role.class).stream()
                .filter(r -> !r.getMetadata().getNamespace().equals("unstuck"))
                .collect(Collectors.toMap(r -> r.getMetadata().getNamespace(), Role::getRules));
        assertThat(plainRoles).containsOnlyKeys("kube-system", "default");
        assertThat(chartedRoles).isEqualTo(plainRoles);
        ClusterRoleBinding binding = chart.one(ClusterRoleBinding.class);
        assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
            assertThat(s.getName()).isEqualTo(chart.one(ServiceAccount.class).getMetadata().getName());
            assertThat(s.getNamespace()).isEqualTo("unstuck");
        });
    }

    @Test
    void theLeaderLeaseIsGrantedOnlyInTheReleaseNamespace_andTheServiceAccountCarriesTheRrsaRole() {
        RenderedChart chart = RenderedChart.defaults();
        Role role = chart.all(Role.class).stream().filter(r -> r.getMetadata().getNamespace().equals("unstuck"))
                .findFirst().orElseThrow();
        assertThat(role.getRules()).singleElement().satisfies(r -> {
            assertThat(r.getApiGroups()).containsExactly("coordination.k8s.io");
            assertThat(r.getResources()).containsExactly("leases");
            assertThat(r.getVerbs()).doesNotContain("delete", "deletecollection", "*");
        });
        RoleBinding binding = chart.all(RoleBinding.class).stream()
                .filter(b -> b.getMetadata().getNamespace().equals("unstuck")).findFirst().orElseThrow();
        assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
        ServiceAccount sa = chart.one(ServiceAccount.class);
        assertThat(sa.getMetadata().getAnnotations())
                .containsEntry("pod-identity.alibabacloud.com/role-name", "unstuck-route-repair");
        assertThat(chart.one(Deployment.class).getSpec().getTemplate().getSpec().getServiceAccountName())
                .isEqualTo(sa.getMetadata().getName());
    }

    @Test
    void noSecretValueIsRendered_everyCredentialIsASecretReference() {
        RenderedChart production = RenderedChart.production();
        for (RenderedChart chart : List.of(RenderedChart.defaults(), production)) {
            assertThat(chart.all(Secret.class)).isEmpty();
            Container c = chart.one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
            assertThat(c.getEnv()).filteredOn(e -> SECRET_NAMED.matcher(e.getName()).matches())
                    .allSatisfy(e -> {
                        assertThat(e.getValue()).as(e.getName()).isNull();
                        assertThat(e.getValueFrom().getSecretKeyRef()).as(e.getName()).isNotNull();
                    });
            assertThat(chart.one(ConfigMap.class).getData().get("application.yml"))
                    .doesNotContainIgnoringCase("token:").doesNotContainIgnoringCase("password")
                    .doesNotContainIgnoringCase("api-key");
        }
        Container c = production.one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(secretRef(c, "TEMPORAL_API_KEY")).isEqualTo("unstuck-temporal/api-key");
        assertThat(secretRef(c, "UNSTUCK_DISCORD_TOKEN")).isEqualTo("unstuck-discord/token");
        List<Volume> volumes = production.one(Deployment.class).getSpec().getTemplate().getSpec().getVolumes();
        assertThat(volumes).filteredOn(v -> v.getSecret() != null).extracting(v -> v.getSecret().getSecretName())
                .containsExactlyInAnyOrder("unstuck-console-users", "unstuck-kubeconfig-prod-sh");
    }

    private static String secretRef(Container c, String env) {
        EnvVar e = c.getEnv().stream().filter(v -> v.getName().equals(env)).findFirst().orElseThrow();
        return e.getValueFrom().getSecretKeyRef().getName() + "/" + e.getValueFrom().getSecretKeyRef().getKey();
    }

    @Test
    void theConfigMapIsAnApplicationYmlUnstuckBinds_ownClusterInCluster_othersThroughTheirKubeconfigSecret()
            throws IOException {
        RenderedChart production = RenderedChart.production();
        String yaml = production.one(ConfigMap.class).getData().get("application.yml");
        UnstuckProperties props = bind(yaml);
        assertThat(props.clusters()).containsOnlyKeys("self", "prod-sh");
        UnstuckProperties.Cluster self = props.clusters().get("self");
        assertThat(self.inCluster()).isTrue();
        assertThat(self.region()).isEqualTo("cn-hangzhou");
        assertThat(self.approverRoles()).containsExactly("sre");
        assertThat(self.fourEyes()).isTrue();
        UnstuckProperties.Cluster other = props.clusters().get("prod-sh");
        assertThat(other.inCluster()).isFalse();
        assertThat(other.kubeconfig()).isEqualTo("/etc/unstuck/clusters/prod-sh/kubeconfig");
        assertThat(other.routeTableIds()).containsExactly("vtb-uf6prod000000000003");
        Container c = production.one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(c.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath())
                .isEqualTo("/etc/unstuck/clusters/prod-sh"));

        Map<String, Object> doc = RenderedChart.yamlMap(yaml);
        assertThat(doc).extractingByKey("management").isEqualTo(Map.of("server",
                Map.of("port", 8081, "address", "0.0.0.0")));
        assertThat(doc).extractingByKey("server").isEqualTo(Map.of("address", "0.0.0.0", "port", 8080));
        assertThat(bind(RenderedChart.defaults().one(ConfigMap.class).getData().get("application.yml")).clusters()
                .get("self").inCluster()).isTrue();
    }

    @Test
    void withDiscord_theGatewayLeaseIsInTheInClusterClusterAndTheReleaseNamespace_withTheChartsTiming()
            throws IOException {
        String yaml = RenderedChart.production().one(ConfigMap.class).getData().get("application.yml");
        GatewayLeaseProperties lease = bindLease(yaml);
        assertThat(lease.enabled()).isTrue();
        assertThat(lease.cluster()).isEqualTo("self");
        assertThat(lease.namespace()).isEqualTo("unstuck");
        assertThat(lease.name()).isEqualTo("unstuck-discord-gateway");
        assertThat(List.of(lease.duration(), lease.renewDeadline(), lease.retryPeriod())).containsExactly(
                Duration.ofSeconds(10), Duration.ofSeconds(7), Duration.ofSeconds(1));

        String single = RenderedChart.render(t -> t.withValuesFile(RenderedChart.PRODUCTION_VALUES)
                .set("replicaCount", "1").set("clusters.self.inCluster", "false")
                .set("clusters.self.kubeconfigSecret.name", "own")).one(ConfigMap.class).getData()
                .get("application.yml");
        assertThat(bindLease(single).enabled()).as("one replica needs no Lease").isFalse();
        assertThatThrownBy(() -> RenderedChart.render(t -> t.withValuesFile(RenderedChart.PRODUCTION_VALUES)
                .set("clusters.self.inCluster", "false").set("clusters.self.kubeconfigSecret.name", "own")))
                .hasMessageContaining("needs exactly one cluster with inCluster: true");
    }

    private static GatewayLeaseProperties bindLease(String applicationYml) throws IOException {
        return Binder.get(environment(applicationYml)).bindOrCreate("unstuck.gateway.lease",
                GatewayLeaseProperties.class);
    }

    @Test
    void theWatchersSettingsReachTheBot() throws IOException {
        StandardEnvironment env = environment(RenderedChart.defaults().one(ConfigMap.class).getData()
                .get("application.yml"));
        WatchProperties watch = Binder.get(env).bindOrCreate("unstuck.watch", WatchProperties.class);
        assertThat(watch.enabled()).isTrue();
        assertThat(watch.namespaceStuckAfter()).isEqualTo(java.time.Duration.ofMinutes(10));
        assertThat(watch.apiserviceUnavailableAfter()).isEqualTo(java.time.Duration.ofMinutes(5));
        assertThat(watch.routeAuditEvery()).isEqualTo(java.time.Duration.ofHours(1));
        assertThat(watch.maxCardsPerHour()).isEqualTo(10);
        assertThat(watch.discordChannels()).isEmpty();
    }

    private static StandardEnvironment environment(String applicationYml) throws IOException {
        StandardEnvironment env = new StandardEnvironment();
        for (PropertySource<?> source : new YamlPropertySourceLoader().load("chart",
                new ByteArrayResource(applicationYml.getBytes(StandardCharsets.UTF_8)))) {
            env.getPropertySources().addFirst(source);
        }
        ConfigurationPropertySources.attach(env);
        return env;
    }

    private static UnstuckProperties bind(String applicationYml) throws IOException {
        StandardEnvironment env = new StandardEnvironment();
        for (PropertySource<?> source : new YamlPropertySourceLoader().load("chart",
                new ByteArrayResource(applicationYml.getBytes(StandardCharsets.UTF_8)))) {
            env.getPropertySources().addFirst(source);
        }
        ConfigurationPropertySources.attach(env);
        return Binder.get(env).bindOrCreate("unstuck", UnstuckProperties.class);
    }

    @Test
    void theConsoleIsServedOnlyWhenAskedFor_andTheMetricsPortNeverLeavesTheService() {
        RenderedChart defaults = RenderedChart.defaults();
        assertThat(defaults.one(Service.class).getSpec().getPorts()).extracting(p -> p.getName())
                .containsExactly("metrics");
        assertThat(RenderedChart.yamlMap(defaults.one(ConfigMap.class).getData().get("application.yml")))
                .extractingByKey("server").isEqualTo(Map.of("address", "127.0.0.1", "port", 8080));

        RenderedChart production = RenderedChart.production();
        assertThat(production.one(Service.class).getSpec().getPorts()).extracting(p -> p.getName())
                .containsExactly("console", "metrics");
        Ingress ingress = production.one(Ingress.class);
        assertThat(ingress.getSpec().getTls()).singleElement().satisfies(t ->
                assertThat(t.getSecretName()).isEqualTo("unstuck-console-tls"));
        assertThat(ingress.getSpec().getRules().get(0).getHttp().getPaths()).singleElement()
                .satisfies(p -> assertThat(p.getBackend().getService().getPort().getName()).isEqualTo("console"));
        GenericKubernetesResource monitor = production.all(GenericKubernetesResource.class).stream()
                .filter(r -> r.getKind().equals("ServiceMonitor")).findFirst().orElseThrow();
        assertThat(monitor.toString()).contains("/actuator/prometheus").contains("port=metrics");
    }

    @Test
    void theNetworkPolicyLetsOutOnlyDnsTheApiServerTemporalAndHttps() {
        NetworkPolicy policy = RenderedChart.production().one(NetworkPolicy.class);
        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
        assertThat(policy.getSpec().getEgress()).extracting(NetworkPolicyEgressRule::getPorts)
                .allSatisfy(ports -> assertThat(ports).isNotEmpty());
        assertThat(policy.getSpec().getEgress().stream().flatMap(r -> r.getPorts().stream())
                .map(p -> p.getPort().getIntVal())).containsExactlyInAnyOrder(53, 53, 443, 6443, 7233, 443);
        assertThat(policy.getSpec().getEgress().get(1).getTo()).extracting(t -> t.getIpBlock().getCidr())
                .containsExactly("192.168.0.0/24", "47.100.0.10/32");
        assertThat(policy.getSpec().getEgress().get(2).getTo()).singleElement().satisfies(t -> assertThat(
                t.getIpBlock().getCidr()).isEqualTo("0.0.0.0/0"));
    }

    @Test
    void valuesThatWouldStartAnUnsafeOrBrokenBot_failTheRenderWithOneLine() {
        assertThatThrownBy(() -> RenderedChart.render(t -> t.set("console.enabled", "true")
                .set("console.auth", "none")))
                .hasMessageContaining("console.auth must be basic or bearer");
        assertThatThrownBy(() -> RenderedChart.render(t -> t.set("discord.enabled", "true")))
                .hasMessageContaining("discord.enabled needs discord.tokenSecret.name");
        assertThatThrownBy(() -> RenderedChart.render(t -> t.set("clusters.self.vpcId", "vpc-1")))
                .hasMessageContaining("clusters.self: region and vpcId go together");
        assertThatThrownBy(() -> RenderedChart.render(t -> t.set("clusters.Bad_Alias.inCluster", "true")))
                .hasMessageContaining("a cluster alias must be lower-case");
    }
}
