package dev.unstuck.sandbox;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceCondition;
import io.fabric8.kubernetes.api.model.NamespaceConditionBuilder;
import io.fabric8.kubernetes.api.model.NamespaceStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The namespace controller: for every namespace with a deletionTimestamp (whoever deleted it) it deletes the content
 * it can discover, reports the five deletion conditions, and finishes the namespace once discovery succeeds and
 * nothing remains. With a retry cap it keeps the real controller's queue: a failed attempt is retried with
 * exponential backoff from 5 ms up to the cap, content still finalizing after a second, and any change to the
 * namespace (its own status writes included) after the 5 s grace period.
 */
final class NamespaceDeletion {
    private static final Logger log = LoggerFactory.getLogger(NamespaceDeletion.class);
    private static final Duration BASE_DELAY = Duration.ofMillis(5);
    private static final Duration GRACE_PERIOD = Duration.ofSeconds(5);
    private static final Duration CONTENT_REMAINING_DELAY = Duration.ofSeconds(1);
    /** Core types the controller is expected to clean up in sandbox namespaces. */
    private static final List<String> CORE_CONTENT = List.of("Pod", "ConfigMap", "Secret", "Service", "ServiceAccount");

    private enum Outcome { FINISHED, FAILED, CONTENT_REMAINING }

    /** Where a namespace stands in the controller's work queue. */
    private static final class Queued {
        int failures;
        Instant next;
        String seenVersion;
    }

    private final Scenario scenario;
    private final KubernetesClient client;
    private final SandboxDiscovery discovery;
    private final SandboxDispatcher dispatcher;
    private final Clock clock;
    private final Duration retryCap;
    private final Map<String, String> deleteErrors = new HashMap<>();
    private final List<ResourceDefinitionContext> contentTypes = new ArrayList<>();
    private final Set<String> longDeleting = new HashSet<>();
    private final Map<String, Queued> queue = new HashMap<>();

    NamespaceDeletion(Scenario scenario, KubernetesClient client, SandboxDiscovery discovery,
                      SandboxDispatcher dispatcher, Clock clock) {
        this.scenario = scenario;
        this.client = client;
        this.discovery = discovery;
        this.dispatcher = dispatcher;
        this.clock = clock;
        this.retryCap = Duration.ofSeconds(scenario.timing().namespaceRetryMaxSeconds());
        Set<String> seen = new TreeSet<>();
        for (String kind : CORE_CONTENT) {
            addContentType("v1", kind, seen);
        }
        for (Scenario.Namespace ns : scenario.namespaces()) {
            if (ns.deleting()) {
                longDeleting.add(ns.name());
            }
            for (Scenario.SandboxObject o : ns.objects()) {
                addContentType(o.apiVersion(), o.kind(), seen);
                if (o.deleteError() != null) {
                    deleteErrors.put(key(ns.name(), o.apiVersion(), o.kind(), o.name()), o.deleteError());
                }
            }
        }
    }

    private void addContentType(String apiVersion, String kind, Set<String> seen) {
        if (seen.add(apiVersion + "/" + kind)) {
            contentTypes.add(SandboxCluster.context(scenario, apiVersion, kind));
        }
    }

    void pass() {
        Instant now = clock.instant();
        Set<String> deleting = new HashSet<>();
        for (Namespace ns : client.namespaces().list().getItems()) {
            if (ns.getMetadata().getDeletionTimestamp() == null) {
                continue;
            }
            String name = ns.getMetadata().getName();
            deleting.add(name);
            if (retryCap.isZero()) {
                sync(ns);
                continue;
            }
            Queued q = queued(name, now);
            String version = ns.getMetadata().getResourceVersion();
            if (q.seenVersion != null && !q.seenVersion.equals(version) && q.next.isAfter(now.plus(GRACE_PERIOD))) {
                q.next = now.plus(GRACE_PERIOD);
            }
            q.seenVersion = version;
            if (now.isBefore(q.next)) {
                continue;
            }
            switch (sync(ns)) {
                case FINISHED -> queue.remove(name);
                case CONTENT_REMAINING -> q.next = now.plus(CONTENT_REMAINING_DELAY);
                case FAILED -> q.next = now.plus(backoff(q.failures++));
            }
        }
        queue.keySet().retainAll(deleting);
    }

    /**
     * A namespace the scenario has kept deleting for a while is already at the back of its backoff and is worked on
     * at once (the sandbox starts as after a resync); one deleted now waits the grace period first.
     */
    private Queued queued(String name, Instant now) {
        return queue.computeIfAbsent(name, n -> {
            Queued q = new Queued();
            if (longDeleting.remove(n)) {
                q.failures = 64;
                q.next = now;
            } else {
                q.next = now.plus(GRACE_PERIOD);
            }
            return q;
        });
    }

    private Duration backoff(int failures) {
        if (failures >= 40) {
            return retryCap;
        }
        Duration d = BASE_DELAY.multipliedBy(1L << failures);
        return d.compareTo(retryCap) > 0 ? retryCap : d;
    }

    private Outcome sync(Namespace ns) {
        String name = ns.getMetadata().getName();
        Map<String, String> failedDiscovery = new TreeMap<>();
        for (String gv : scenario.apiServices().stream().map(Scenario.ApiService::groupVersion).toList()) {
            if (discovery.isUnavailable(gv)) {
                failedDiscovery.put(gv, "the server is currently unable to handle the request");
            }
        }
        Map<String, Integer> remainingByResource = new TreeMap<>();
        Map<String, Integer> remainingByFinalizer = new TreeMap<>();
        List<String> deletionErrors = new ArrayList<>();
        for (ResourceDefinitionContext type : contentTypes) {
            String gv = type.getGroup().isEmpty() ? type.getVersion() : type.getGroup() + "/" + type.getVersion();
            if (discovery.isUnavailable(gv)) {
                continue;
            }
            for (GenericKubernetesResource o : client.genericKubernetesResources(type).inNamespace(name).list().getItems()) {
                String error = deleteErrors.get(key(name, o.getApiVersion(), type.getKind(), o.getMetadata().getName()));
                if (error != null) {
                    deletionErrors.add(error);
                } else if (o.getMetadata().getDeletionTimestamp() == null) {
                    client.genericKubernetesResources(type).inNamespace(name).withName(o.getMetadata().getName()).delete();
                    if (o.getMetadata().getFinalizers() == null || o.getMetadata().getFinalizers().isEmpty()) {
                        continue;
                    }
                }
                // The namespace controller's "%s.%s" of resource and group: a core type ends in a bare dot ("pods.").
                remainingByResource.merge(type.getPlural() + "." + type.getGroup(), 1, Integer::sum);
                if (o.getMetadata().getFinalizers() != null) {
                    o.getMetadata().getFinalizers().forEach(f -> remainingByFinalizer.merge(f, 1, Integer::sum));
                }
            }
        }
        List<String> malformed = scenario.malformedGroupVersions();
        boolean failed = !failedDiscovery.isEmpty() || !malformed.isEmpty() || !deletionErrors.isEmpty();
        if (!failed && remainingByResource.isEmpty()) {
            client.namespaces().withName(name).edit(n -> {
                n.getMetadata().setFinalizers(new ArrayList<>());
                return n;
            });
            dispatcher.forget(name);
            log.info("sandbox: namespace {} finished terminating", name);
            return Outcome.FINISHED;
        }
        List<NamespaceCondition> desired = List.of(
                failedDiscovery.isEmpty()
                        ? nsCondition("NamespaceDeletionDiscoveryFailure", "False", "ResourcesDiscovered",
                        "All resources successfully discovered")
                        : nsCondition("NamespaceDeletionDiscoveryFailure", "True", "DiscoveryFailed",
                        "Discovery failed for some groups, " + failedDiscovery.size() + " failing: unable to retrieve"
                                + " the complete list of server APIs: " + join(failedDiscovery)),
                malformed.isEmpty()
                        ? nsCondition("NamespaceDeletionGroupVersionParsingFailure", "False", "ParsedGroupVersions",
                        "All legacy kube types successfully parsed")
                        : nsCondition("NamespaceDeletionGroupVersionParsingFailure", "True",
                        "GroupVersionParsingFailed", String.join(", ", malformed.stream()
                                .map(gv -> "unexpected GroupVersion string: " + gv).toList())),
                deletionErrors.isEmpty()
                        ? nsCondition("NamespaceDeletionContentFailure", "False", "ContentDeleted",
                        "All content successfully deleted, may be waiting on finalization")
                        : nsCondition("NamespaceDeletionContentFailure", "True", "ContentDeletionFailed",
                        "Failed to delete all resource types, " + deletionErrors.size() + " remaining: "
                                + String.join(", ", deletionErrors)),
                remainingByResource.isEmpty()
                        ? nsCondition("NamespaceContentRemaining", "False", "ContentRemoved",
                        "All content successfully removed")
                        : nsCondition("NamespaceContentRemaining", "True", "SomeResourcesRemain",
                        "Some resources are remaining: " + String.join(", ", remainingByResource.entrySet().stream()
                                .map(e -> e.getKey() + " has " + e.getValue() + " resource instances").toList())),
                remainingByFinalizer.isEmpty()
                        ? nsCondition("NamespaceFinalizersRemaining", "False", "ContentRemoved",
                        "All content successfully removed")
                        : nsCondition("NamespaceFinalizersRemaining", "True", "SomeFinalizerRemain",
                        "Some finalizers are remaining: " + String.join(", ",
                                remainingByFinalizer.entrySet().stream()
                                        .map(e -> e.getKey() + " in " + e.getValue() + " resource instances").toList())));
        List<NamespaceCondition> current = ns.getStatus() == null || ns.getStatus().getConditions() == null
                ? List.of() : ns.getStatus().getConditions();
        if (!"Terminating".equals(ns.getStatus() == null ? null : ns.getStatus().getPhase()) || !same(current, desired)) {
            client.namespaces().withName(name).edit(n -> {
                if (n.getStatus() == null) {
                    n.setStatus(new NamespaceStatus());
                }
                n.getStatus().setPhase("Terminating");
                n.getStatus().setConditions(new ArrayList<>(desired));
                return n;
            });
        }
        return failed ? Outcome.FAILED : Outcome.CONTENT_REMAINING;
    }

    private NamespaceCondition nsCondition(String type, String status, String reason, String message) {
        return new NamespaceConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
                .withLastTransitionTime(clock.instant().truncatedTo(ChronoUnit.SECONDS).toString()).build();
    }

    private static boolean same(List<NamespaceCondition> current, List<NamespaceCondition> desired) {
        if (current.size() != desired.size()) {
            return false;
        }
        for (int i = 0; i < desired.size(); i++) {
            NamespaceCondition c = current.get(i);
            NamespaceCondition d = desired.get(i);
            if (!Objects.equals(c.getType(), d.getType()) || !Objects.equals(c.getStatus(), d.getStatus())
                    || !Objects.equals(c.getReason(), d.getReason()) || !Objects.equals(c.getMessage(), d.getMessage())) {
                return false;
            }
        }
        return true;
    }

    private static String join(Map<String, String> failures) {
        return String.join(", ", failures.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList());
    }

    private static String key(String namespace, String apiVersion, String kind, String name) {
        return namespace + "/" + apiVersion + "/" + kind + "/" + name;
    }
}
