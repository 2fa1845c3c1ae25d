package dev.unstuck.diagnosis;

import dev.unstuck.remediation.PlanStep;
import dev.unstuck.remediation.RemediationAction;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a plan will not fix: the causes that hold the namespace and that no plan step addresses, each restated as
 * "what the namespace still waits on" so that a person can act on it after the plan has run.
 * <ul>
 * <li>A CREATE_ROUTE_ENTRY step (destinationCidrBlock + nextHopId) addresses the unreachable path of that node, and
 * through it the APIService when one of its suspect backends is on that path, and that group/version's discovery
 * failure. DELETE_APISERVICE addresses its APIService's missing backend, unavailability and discovery failure.</li>
 * <li>Never addressed by a step: GROUP_VERSION_PARSING_FAILED, CONTENT_DELETION_FAILED, objects held by finalizers
 * (objects without finalizers go once discovery works), ROUTE_CONFLICT, APISERVICE_BACKEND_FAILING,
 * POD_NETWORK_NOT_ROUTE_BASED, a missing backend without a step.</li>
 * <li>Not holders: ROUTE_NOT_AVAILABLE (it settles by itself), NODE_ROUTES_MISSING and ROUTE_CONTROLLER_FAILING
 * (advisory), an APIService that is Available again or whose condition is about to clear.</li>
 * </ul>
 * The cloud side reports path causes without naming their path, so an unaddressed APIService with suspect paths is
 * judged by their kinds: a conflict is listed once as itself, a pending route settles, anything else (route found
 * fine, cloud not asked) leaves the unreachable pod as what the namespace waits on.
 */
final class UnresolvedCauses {

    private static final int MAX_NAMED = RemainingContent.MAX_NAMED;

    private final String namespace;
    private final List<PlanStep> plan;

    UnresolvedCauses(String namespace, List<PlanStep> plan) {
        this.namespace = namespace;
        this.plan = List.copyOf(plan);
    }

    /**
     * @param conditionCauses GROUP_VERSION_PARSING_FAILED and CONTENT_DELETION_FAILED, when raised
     * @param chains          the unavailable APIServices behind the failing group/versions
     * @param pathCauses      what the cloud side found on the suspect paths
     */
    List<Cause> of(List<Cause> conditionCauses, Optional<RemainingContent> content, List<ApiServiceChain> chains,
                   List<Cause> pathCauses) {
        List<Cause> unresolved = new ArrayList<>();
        for (Cause c : conditionCauses) {
            if (c.kind() == CauseKind.GROUP_VERSION_PARSING_FAILED) {
                unresolved.add(new Cause(c.kind(), namespace + " still waits on group/versions the namespace "
                        + "controller cannot parse: a person must fix the API registration the condition names",
                        c.evidence()));
            } else if (c.kind() == CauseKind.CONTENT_DELETION_FAILED) {
                unresolved.add(new Cause(c.kind(), namespace + " still waits on content the namespace controller "
                        + "fails to delete: a person must remove what refuses the deletion", c.evidence()));
            }
        }
        content.flatMap(this::heldContent).ifPresent(unresolved::add);
        boolean conflict = pathCauses.stream().anyMatch(c -> c.kind() == CauseKind.ROUTE_CONFLICT);
        boolean pending = pathCauses.stream().anyMatch(c -> c.kind() == CauseKind.ROUTE_NOT_AVAILABLE);
        for (ApiServiceChain chain : chains) {
            if (addressed(chain)) {
                continue;
            }
            List<Cause> holds = new ArrayList<>();
            if (chain.backend() != null) {
                holds.add(waitsOn(chain, chain.backend(), chain.backend().kind() == CauseKind.APISERVICE_BACKEND_MISSING
                        ? "; no step repairs it: a person must restore the backend or remove the APIService" : ""));
            }
            if (chain.notRouteBased() != null) {
                holds.add(waitsOn(chain, chain.notRouteBased(), ""));
            }
            boolean routeSettlesOrIsListed = !chain.suspectPaths().isEmpty() && (conflict || pending);
            boolean suspectsLeft = !chain.suspectPaths().isEmpty() && !routeSettlesOrIsListed;
            // Pods on the control plane's own host, on the host network or on unknown nodes: nothing else explains.
            boolean noVerdict = chain.suspectPaths().isEmpty() && chain.notRouteBased() == null;
            if (chain.unreachable() != null && (suspectsLeft || noVerdict)) {
                holds.add(waitsOn(chain, chain.unreachable(), ", and no step of the plan repairs that path"));
            }
            if (holds.isEmpty() && !chain.clearing() && !routeSettlesOrIsListed) {
                holds.add(new Cause(CauseKind.APISERVICE_UNAVAILABLE, namespace + " still waits on APIService "
                        + chain.name() + ", which is not Available, and no step of the plan repairs it",
                        chain.unavailable().evidence()));
            }
            unresolved.addAll(holds);
        }
        pathCauses.stream().filter(c -> c.kind() == CauseKind.ROUTE_CONFLICT).forEach(c -> unresolved.add(
                new Cause(c.kind(), namespace + " still waits on a conflicting VPC route: " + c.summary()
                        + "; Unstuck never overwrites a route that points elsewhere, a person must decide",
                        c.evidence())));
        return unresolved;
    }

    /** The unavailable APIServices the plan brings back by repairing their path (deleted ones excluded). */
    List<String> verifyApiServices(List<ApiServiceChain> chains) {
        return chains.stream().filter(c -> !deleted(c) && c.suspectPaths().stream().anyMatch(this::routed))
                .map(ApiServiceChain::name).distinct().toList();
    }

    boolean addressed(ApiServiceChain chain) {
        return deleted(chain) || chain.suspectPaths().stream().anyMatch(this::routed);
    }

    private boolean deleted(ApiServiceChain chain) {
        return plan.stream().anyMatch(s -> s.action() == RemediationAction.DELETE_APISERVICE
                && chain.name().equals(s.parameter("apiService")));
    }

    private boolean routed(PodNetworkPath path) {
        return path.podCIDR() != null && path.instanceId() != null && plan.stream().anyMatch(s ->
                s.action() == RemediationAction.CREATE_ROUTE_ENTRY
                        && path.podCIDR().equals(s.parameter("destinationCidrBlock"))
                        && path.instanceId().equals(s.parameter("nextHopId")));
    }

    private Cause waitsOn(ApiServiceChain chain, Cause cause, String tail) {
        return new Cause(cause.kind(), namespace + " still waits on APIService " + chain.name() + ": "
                + cause.summary() + tail, cause.evidence());
    }

    private Optional<Cause> heldContent(RemainingContent content) {
        List<RemainingObject> held = content.held();
        if (held.isEmpty()) {
            if (content.conditionFinalizers().isEmpty()) {
                return Optional.empty();
            }
            List<String> evidence = new ArrayList<>();
            content.conditionFinalizers().forEach(f -> evidence.add("the namespace controller reports finalizer "
                    + f.finalizer() + " in " + f.instances() + " resource instances"));
            evidence.addAll(content.cause().evidence());
            FinalizersRemainingMessage.FinalizerCount first = content.conditionFinalizers().get(0);
            return Optional.of(new Cause(CauseKind.CONTENT_REMAINING, namespace + " still waits on finalizer "
                    + first.finalizer() + " in " + first.instances() + " resource instance(s)"
                    + (content.conditionFinalizers().size() > 1 ? " and " + (content.conditionFinalizers().size() - 1)
                    + " more finalizer(s)" : "") + " on objects Unstuck could not list: no step removes it; a "
                    + "person must decide", evidence));
        }
        RemainingObject first = held.get(0);
        String finalizers = (first.finalizers().size() == 1 ? "finalizer " : "finalizers ")
                + String.join(", ", first.finalizers());
        String summary = namespace + " still waits on " + finalizers + " of " + first.kind() + " " + first.name()
                + " (" + first.apiVersion() + ")"
                + (held.size() > 1 ? " and on " + (held.size() - 1) + " more object(s) held by finalizers" : "")
                + ": no controller removes " + (held.size() > 1 ? "them" : "it") + "; a person must decide";
        List<String> evidence = new ArrayList<>();
        held.stream().limit(MAX_NAMED).forEach(o -> evidence.add(o.kind() + " " + o.name() + " (" + o.apiVersion()
                + ") finalizers=" + o.finalizers() + (o.deleting() ? " (deletion requested)" : "")));
        if (held.size() > MAX_NAMED) {
            evidence.add("... and " + (held.size() - MAX_NAMED) + " more object(s) held by finalizers");
        }
        Map<String, List<RemainingObject>> byFinalizer = content.heldByFinalizer();
        byFinalizer.forEach((f, objects) -> evidence.add("finalizer " + f + " holds " + objects.size()
                + " object(s)"));
        return Optional.of(new Cause(CauseKind.CONTENT_REMAINING, summary, evidence));
    }
}
