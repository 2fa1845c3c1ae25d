package dev.unstuck.kube.rbac;

import dev.unstuck.sandbox.ClientRequest;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;

import java.util.List;

/**
 * One PolicyRule of a shipped Role or ClusterRole, matched as Kubernetes' RBAC authorizer matches it
 * (pkg/apis/rbac/v1/evaluation_helpers.go): "*" verbs, groups and resources, "resource/subresource" and
 * "*&#47;subresource", resourceNames (a list or watch pinned by a metadata.name field selector carries the name), and
 * nonResourceURLs with a trailing "*".
 */
public record RbacRule(List<String> verbs, List<String> apiGroups, List<String> resources, List<String> resourceNames,
                       List<String> nonResourceURLs) {

    public RbacRule {
        verbs = List.copyOf(verbs);
        apiGroups = List.copyOf(apiGroups);
        resources = List.copyOf(resources);
        resourceNames = List.copyOf(resourceNames);
        nonResourceURLs = List.copyOf(nonResourceURLs);
    }

    static RbacRule of(PolicyRule r) {
        return new RbacRule(orEmpty(r.getVerbs()), orEmpty(r.getApiGroups()), orEmpty(r.getResources()),
                orEmpty(r.getResourceNames()), orEmpty(r.getNonResourceURLs()));
    }

    public boolean allows(ClientRequest request) {
        if (!verbs.contains("*") && !verbs.contains(request.verb())) {
            return false;
        }
        if (!request.isResourceRequest()) {
            return nonResourceURLs.stream().anyMatch(url -> url.equals("*") || url.equals(request.nonResourcePath())
                    || url.endsWith("*") && request.nonResourcePath().startsWith(url.substring(0, url.length() - 1)));
        }
        return (apiGroups.contains("*") || apiGroups.contains(request.group()))
                && resourceMatches(request.resource(), request.subresource())
                && (resourceNames.isEmpty() || resourceNames.contains(request.name()));
    }

    private boolean resourceMatches(String resource, String subresource) {
        String combined = subresource == null ? resource : resource + "/" + subresource;
        return resources.stream().anyMatch(r -> r.equals("*") || r.equals(combined)
                || subresource != null && r.equals("*/" + subresource));
    }

    /** "get,list pods (resourceNames cloud-config)", for reports. */
    public String describe() {
        String what = nonResourceURLs.isEmpty()
                ? String.join(",", resources) + (apiGroups.equals(List.of("")) ? "" : " in " + apiGroups)
                : String.join(",", nonResourceURLs);
        return String.join(",", verbs) + " " + what
                + (resourceNames.isEmpty() ? "" : " (resourceNames " + String.join(",", resourceNames) + ")");
    }

    private static List<String> orEmpty(List<String> list) {
        return list == null ? List.of() : list;
    }
}
