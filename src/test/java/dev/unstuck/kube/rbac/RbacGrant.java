package dev.unstuck.kube.rbac;

import dev.unstuck.sandbox.ClientRequest;

/**
 * One rule as it reaches Unstuck's ServiceAccount through a binding: cluster-wide (a ClusterRoleBinding) or within one
 * namespace (a RoleBinding, which never grants cluster-scoped resources).
 *
 * @param source    where it comes from, e.g. "Role kube-system/unstuck-cloud-controller, rule 1"
 * @param namespace the RoleBinding's namespace, or null for a ClusterRoleBinding
 * @param builtIn   granted by Kubernetes itself to every authenticated user, not shipped by Unstuck
 */
public record RbacGrant(String source, String namespace, RbacRule rule, boolean builtIn) {

    public boolean allows(ClientRequest request) {
        if (namespace != null && !namespace.equals(request.namespace())) {
            return false;
        }
        return rule.allows(request);
    }

    public String describe() {
        return source + ": " + rule.describe() + (namespace == null ? " (cluster-wide)" : " in namespace " + namespace);
    }
}
