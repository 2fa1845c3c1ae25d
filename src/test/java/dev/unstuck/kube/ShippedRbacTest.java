package dev.unstuck.kube;

import dev.unstuck.kube.rbac.RbacGrant;
import dev.unstuck.kube.rbac.RbacPolicy;
import dev.unstuck.sandbox.ClientRequest;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shape of what deploy/ ships, and the RBAC evaluator the least-privilege proof relies on, checked on the
 * requests that matter: what Unstuck needs is allowed, Secrets and every other ConfigMap are not.
 */
class ShippedRbacTest {
    private static final RbacPolicy SHIPPED = RbacPolicy.shipped();
    private static final RbacPolicy WITH_OPTIONAL = RbacPolicy.shippedWithOptionalContent();

    private static ClientRequest request(String verb, String group, String resource, String subresource,
                                         String namespace, String name) {
        return new ClientRequest(KubeClients.USER_AGENT, verb, group, resource, subresource, namespace, name, null);
    }

    private static boolean shipped(String verb, String group, String resource, String namespace, String name) {
        return SHIPPED.allowing(request(verb, group, resource, null, namespace, name)).isPresent();
    }

    @Test
    @DisplayName("no shipped rule uses a wildcard, names Secrets, or grants a write other than deleting APIServices")
    void noWildcardNoSecretsOneWrite() {
        for (RbacPolicy policy : List.of(SHIPPED, WITH_OPTIONAL)) {
            for (RbacGrant g : policy.grants().stream().filter(g -> !g.builtIn()).toList()) {
                assertThat(g.rule().verbs()).as(g.describe()).doesNotContain("*");
                assertThat(g.rule().apiGroups()).as(g.describe()).doesNotContain("*");
                assertThat(g.rule().resources()).as(g.describe()).noneMatch(r -> r.contains("*"))
                        .doesNotContain("secrets");
                if (g.rule().resources().contains("configmaps")) {
                    assertThat(g.rule().resourceNames()).as(g.describe()).containsExactly("cloud-config");
                    assertThat(g.namespace()).isEqualTo("kube-system");
                }
                List<String> writes = g.rule().verbs().stream().filter(v -> !List.of("get", "list", "watch")
                        .contains(v)).toList();
                if (!writes.isEmpty()) {
                    assertThat(g.source()).as(g.describe()).satisfiesAnyOf(
                            s -> assertThat(g.rule().resources()).containsExactly("apiservices"),
                            s -> assertThat(s).startsWith("Role unstuck/unstuck-leader-election"));
                }
            }
        }
    }

    @Test
    @DisplayName("every binding in deploy/ binds Unstuck's ServiceAccount and nobody else")
    void bindingsOnlyForUnstuck() {
        for (RbacPolicy policy : List.of(SHIPPED, WITH_OPTIONAL)) {
            policy.objects().forEach(o -> {
                List<Subject> subjects = o instanceof ClusterRoleBinding b ? b.getSubjects()
                        : o instanceof RoleBinding b ? b.getSubjects() : null;
                if (subjects != null) {
                    assertThat(subjects).as(o.getKind() + " " + o.getMetadata().getName()).singleElement()
                            .satisfies(s -> assertThat(s.getKind() + " " + s.getNamespace() + "/" + s.getName())
                                    .isEqualTo("ServiceAccount unstuck/unstuck"));
                }
            });
        }
    }

    @Test
    @DisplayName("given the shipped rules, what the diagnosis and the repair need is allowed")
    void whatUnstuckNeeds() {
        assertThat(shipped("get", "", "namespaces", "dev", "dev")).isTrue();
        assertThat(shipped("watch", "", "namespaces", "dev", "dev")).isTrue();
        assertThat(shipped("list", "", "nodes", null, null)).isTrue();
        assertThat(shipped("list", "", "pods", "monitoring", null)).isTrue();
        assertThat(shipped("get", "", "services", "keda", "keda-operator-metrics-apiserver")).isTrue();
        assertThat(shipped("list", "discovery.k8s.io", "endpointslices", "kube-system", null)).isTrue();
        assertThat(shipped("delete", "apiregistration.k8s.io", "apiservices", null, "v1beta1.external.metrics.k8s.io"))
                .isTrue();
        assertThat(shipped("get", "", "configmaps", "kube-system", "cloud-config")).isTrue();
        assertThat(shipped("get", "coordination.k8s.io", "leases", "kube-system", "cloud-controller-manager")).isTrue();
        assertThat(shipped("list", "apps", "daemonsets", "kube-system", null)).isTrue();
        assertThat(shipped("list", "", "events", "default", null)).isTrue();
        assertThat(SHIPPED.allowing(request("get", "", "pods", "log", "kube-system", "ccm-1"))).isPresent();
        assertThat(SHIPPED.allowing(new ClientRequest(KubeClients.USER_AGENT, "get", null, null, null, null, null,
                "/apis/metrics.k8s.io/v1beta1"))).get().extracting(RbacGrant::builtIn).isEqualTo(true);
    }

    @Test
    @DisplayName("given the shipped rules, Secrets, other ConfigMaps, logs outside kube-system, events outside default "
            + "and any other write are refused")
    void whatUnstuckMustNotDo() {
        assertThat(shipped("list", "", "secrets", "dev", null)).isFalse();
        assertThat(shipped("get", "", "secrets", "kube-system", "addon.aliyuncs.com")).isFalse();
        assertThat(shipped("list", "", "configmaps", "kube-system", null)).isFalse();
        assertThat(shipped("get", "", "configmaps", "kube-system", "coredns")).isFalse();
        assertThat(shipped("get", "", "configmaps", "dev", "cloud-config")).isFalse();
        assertThat(shipped("get", "coordination.k8s.io", "leases", "kube-system", "kube-scheduler")).isFalse();
        assertThat(SHIPPED.allowing(request("get", "", "pods", "log", "dev", "app-1"))).isEmpty();
        assertThat(SHIPPED.allowing(request("create", "", "pods", "exec", "kube-system", "ccm-1"))).isEmpty();
        assertThat(shipped("list", "", "events", "kube-system", null)).isFalse();
        assertThat(shipped("list", "", "events", null, null)).as("events of every namespace").isFalse();
        assertThat(shipped("update", "", "namespaces", "dev", "dev")).isFalse();
        assertThat(SHIPPED.allowing(request("update", "", "namespaces", "finalize", "dev", "dev"))).isEmpty();
        assertThat(shipped("delete", "", "pods", "dev", "app-1")).isFalse();
        assertThat(shipped("list", "example.com", "widgets", "legacy", null)).isFalse();
        assertThat(shipped("list", "apps", "deployments", "dev", null)).isFalse();
    }

    @Test
    @DisplayName("given the optional namespace-content role too, built-in types can be listed, still no Secret, no "
            + "ConfigMap and no custom type nobody labelled")
    void optionalContentRole() {
        assertThat(WITH_OPTIONAL.allowing(request("list", "apps", "deployments", null, "dev", null))).get()
                .extracting(RbacGrant::source).asString().startsWith("ClusterRole unstuck-namespace-content");
        assertThat(WITH_OPTIONAL.allowing(request("list", "", "persistentvolumeclaims", null, "dev", null)))
                .isPresent();
        assertThat(WITH_OPTIONAL.allowing(request("list", "", "secrets", null, "dev", null))).isEmpty();
        assertThat(WITH_OPTIONAL.allowing(request("list", "", "configmaps", null, "dev", null))).isEmpty();
        assertThat(WITH_OPTIONAL.allowing(request("list", "example.com", "widgets", null, "legacy", null))).isEmpty();
        assertThat(WITH_OPTIONAL.allowing(request("get", "apps", "deployments", null, "dev", "web"))).isEmpty();
    }
}
