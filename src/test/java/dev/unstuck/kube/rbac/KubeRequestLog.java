package dev.unstuck.kube.rbac;

import dev.unstuck.kube.KubeClients;
import dev.unstuck.sandbox.ClientRequest;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * Records every request Unstuck's own clients (their User-Agent says so) send to a sandbox, and has the sandbox
 * refuse with 403 what {@link RbacPolicy} does not allow, as the real API server would with the shipped manifests.
 * Requests of the test's own clients and of the sandbox's simulation pass unrecorded. One log may watch several
 * sandboxes in turn; it remembers which grants were used.
 */
public final class KubeRequestLog implements Predicate<ClientRequest> {
    private final RbacPolicy policy;
    private final List<ClientRequest> requests = new CopyOnWriteArrayList<>();
    private final List<ClientRequest> refused = new CopyOnWriteArrayList<>();
    private final Set<RbacGrant> used = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public KubeRequestLog(RbacPolicy policy) {
        this.policy = policy;
    }

    @Override
    public boolean test(ClientRequest request) {
        if (request.userAgent() == null || !request.userAgent().startsWith(KubeClients.USER_AGENT_PREFIX)) {
            return true;
        }
        requests.add(request);
        var grant = policy.allowing(request);
        grant.ifPresent(used::add);
        if (grant.isEmpty()) {
            refused.add(request);
        }
        return grant.isPresent();
    }

    public List<ClientRequest> requests() {
        return List.copyOf(requests);
    }

    /** Requests the shipped rules do not allow (the sandbox answered them 403), each once, in order. */
    public List<String> refused() {
        return new ArrayList<>(new LinkedHashSet<>(refused.stream().map(ClientRequest::describe).toList()));
    }

    /** The grants some recorded request needed. */
    public Set<RbacGrant> used() {
        return Set.copyOf(used);
    }

    /** Rules Unstuck ships that no recorded request needed: candidates for removal, or for a missing test. */
    public List<String> unusedRules() {
        return policy.unused(used);
    }
}
