package dev.unstuck.kube.rbac;

import dev.unstuck.sandbox.ClientRequest;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rules the shipped manifests give Unstuck's ServiceAccount ({@code system:serviceaccount:unstuck:unstuck}):
 * every Role and ClusterRole bound to it by a RoleBinding or ClusterRoleBinding in the files, aggregated ClusterRoles
 * resolved from their label selectors, plus the discovery role Kubernetes binds to every authenticated user.
 */
public final class RbacPolicy {
    static final String SERVICE_ACCOUNT_NAMESPACE = "unstuck";
    static final String SERVICE_ACCOUNT = "unstuck";

    private final List<RbacGrant> grants;
    private final List<HasMetadata> objects;

    private RbacPolicy(List<RbacGrant> grants, List<HasMetadata> objects) {
        this.grants = List.copyOf(grants);
        this.objects = List.copyOf(objects);
    }

    /** deploy/rbac.yaml: what is applied by default. */
    public static RbacPolicy shipped() {
        return load(Path.of("deploy/rbac.yaml"));
    }

    /** deploy/rbac.yaml with deploy/optional/namespace-content.yaml applied too. */
    public static RbacPolicy shippedWithOptionalContent() {
        return load(Path.of("deploy/rbac.yaml"), Path.of("deploy/optional/namespace-content.yaml"));
    }

    public static RbacPolicy load(Path... files) {
        List<HasMetadata> objects = new ArrayList<>();
        KubernetesSerialization yaml = new KubernetesSerialization();
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                collect(yaml.unmarshal(in), objects);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + file, e);
            }
        }
        return new RbacPolicy(grants(objects), objects);
    }

    public List<RbacGrant> grants() {
        return grants;
    }

    /** Every object the manifests hold (Roles, bindings, the namespace...), for checks on their shape. */
    public List<HasMetadata> objects() {
        return objects;
    }

    /** The rules shipped by Unstuck (not Kubernetes' own) that none of {@code used} is. */
    public List<String> unused(java.util.Set<RbacGrant> used) {
        return grants.stream().filter(g -> !g.builtIn() && !used.contains(g)).map(RbacGrant::describe).toList();
    }

    /** The first grant that allows {@code request}, if any. */
    public Optional<RbacGrant> allowing(ClientRequest request) {
        return grants.stream().filter(g -> g.allows(request)).findFirst();
    }

    private static void collect(Object parsed, List<HasMetadata> into) {
        if (parsed instanceof KubernetesList list) {
            into.addAll(list.getItems());
        } else if (parsed instanceof Collection<?> many) {
            many.forEach(o -> collect(o, into));
        } else if (parsed instanceof HasMetadata one) {
            into.add(one);
        }
    }

    private static List<RbacGrant> grants(List<HasMetadata> objects) {
        List<RbacGrant> grants = new ArrayList<>();
        grants.addAll(discoveryRole());
        for (HasMetadata o : objects) {
            if (o instanceof ClusterRoleBinding b && boundToUnstuck(b.getSubjects())) {
                clusterRole(objects, b.getRoleRef()).ifPresent(role -> add(grants, "ClusterRole "
                        + role.getMetadata().getName(), null, rulesOf(objects, role)));
            } else if (o instanceof RoleBinding b && boundToUnstuck(b.getSubjects())) {
                String ns = b.getMetadata().getNamespace();
                RoleRef ref = b.getRoleRef();
                if ("ClusterRole".equals(ref.getKind())) {
                    clusterRole(objects, ref).ifPresent(role -> add(grants, "ClusterRole "
                            + role.getMetadata().getName() + " via RoleBinding " + ns, ns, rulesOf(objects, role)));
                } else {
                    objects.stream().filter(r -> r instanceof Role && ref.getName().equals(r.getMetadata().getName())
                                    && ns.equals(r.getMetadata().getNamespace())).map(Role.class::cast).findFirst()
                            .ifPresent(role -> add(grants, "Role " + ns + "/" + role.getMetadata().getName(), ns,
                                    role.getRules()));
                }
            }
        }
        return grants;
    }

    private static void add(List<RbacGrant> grants, String source, String namespace, List<PolicyRule> rules) {
        for (int i = 0; i < rules.size(); i++) {
            grants.add(new RbacGrant(source + ", rule " + (i + 1), namespace, RbacRule.of(rules.get(i)), false));
        }
    }

    private static Optional<ClusterRole> clusterRole(List<HasMetadata> objects, RoleRef ref) {
        return objects.stream().filter(r -> r instanceof ClusterRole && ref.getName().equals(r.getMetadata().getName()))
                .map(ClusterRole.class::cast).findFirst();
    }

    /** An aggregated ClusterRole has the rules of every ClusterRole its selectors match, as the controller fills in. */
    private static List<PolicyRule> rulesOf(List<HasMetadata> objects, ClusterRole role) {
        if (role.getAggregationRule() == null || role.getAggregationRule().getClusterRoleSelectors() == null) {
            return role.getRules() == null ? List.of() : role.getRules();
        }
        List<PolicyRule> rules = new ArrayList<>();
        for (LabelSelector selector : role.getAggregationRule().getClusterRoleSelectors()) {
            Map<String, String> wanted = selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
            objects.stream().filter(o -> o instanceof ClusterRole && o != role).map(ClusterRole.class::cast)
                    .filter(c -> c.getMetadata().getLabels() != null
                            && c.getMetadata().getLabels().entrySet().containsAll(wanted.entrySet()))
                    .forEach(c -> rules.addAll(c.getRules() == null ? List.of() : c.getRules()));
        }
        return rules;
    }

    private static boolean boundToUnstuck(List<Subject> subjects) {
        return subjects != null && subjects.stream().anyMatch(s -> "ServiceAccount".equals(s.getKind())
                && SERVICE_ACCOUNT.equals(s.getName()) && SERVICE_ACCOUNT_NAMESPACE.equals(s.getNamespace()));
    }

    /** system:discovery, which Kubernetes binds to system:authenticated: discovery documents are no RBAC question. */
    private static List<RbacGrant> discoveryRole() {
        return List.of(new RbacGrant("ClusterRole system:discovery (Kubernetes default)", null, new RbacRule(
                List.of("get"), List.of(), List.of(), List.of(), List.of("/api", "/api/*", "/apis", "/apis/*",
                "/healthz", "/livez", "/openapi", "/openapi/*", "/readyz", "/version", "/version/")), true));
    }
}
