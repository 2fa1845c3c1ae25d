package dev.unstuck.diagnosis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The content a deleting namespace still holds, read once and summarised: counts per type plus the first
 * {@value #MAX_NAMED} objects (those held by finalizers first), never the full list, which in a large namespace would
 * not fit a chat message nor a workflow history.
 *
 * @param cause                CONTENT_REMAINING
 * @param held                 the listed objects that carry finalizers (all of them: the unresolved rule needs them)
 * @param conditionFinalizers  what the NamespaceFinalizersRemaining condition names, for objects that could not be
 *                             listed
 */
record RemainingContent(Cause cause, List<RemainingObject> held,
                        List<FinalizersRemainingMessage.FinalizerCount> conditionFinalizers) {

    static final int MAX_NAMED = 20;

    RemainingContent {
        held = List.copyOf(held);
        conditionFinalizers = List.copyOf(conditionFinalizers);
    }

    static Optional<RemainingContent> read(NamespaceInfo ns, ClusterReads reads) {
        Optional<Condition> content = ns.condition(DiagnosisEngine.CONTENT_REMAINING).filter(Condition::isTrue);
        Optional<Condition> finalizers = ns.condition(DiagnosisEngine.FINALIZERS_REMAINING).filter(Condition::isTrue);
        if (content.isEmpty() && finalizers.isEmpty()) {
            return Optional.empty();
        }
        List<String> evidence = new ArrayList<>();
        content.ifPresent(c -> evidence.add("namespace " + ns.name() + " " + c.quote()));
        finalizers.ifPresent(c -> evidence.add("namespace " + ns.name() + " " + c.quote()));

        DiscoveryResult types = reads.discovery();
        ListedObjects listed = reads.reader().listObjects(ns.name(), types.namespacedTypes());
        List<RemainingObject> objects = listed.objects();

        Map<String, int[]> perType = new TreeMap<>();
        objects.forEach(o -> {
            int[] counts = perType.computeIfAbsent(o.typeKey(), k -> new int[2]);
            counts[0]++;
            counts[1] += o.heldByFinalizers() ? 1 : 0;
        });
        perType.entrySet().stream().limit(MAX_NAMED).forEach(e -> evidence.add("remaining " + e.getKey() + ": "
                + e.getValue()[0] + " object(s)" + (e.getValue()[1] > 0 ? ", " + e.getValue()[1]
                + " held by finalizers" : "")));
        if (perType.size() > MAX_NAMED) {
            evidence.add("... and " + (perType.size() - MAX_NAMED) + " more type(s)");
        }
        List<RemainingObject> named = objects.stream()
                .sorted(Comparator.comparing((RemainingObject o) -> !o.heldByFinalizers())).limit(MAX_NAMED).toList();
        named.forEach(o -> evidence.add("remaining: " + o.describe() + (o.deleting() ? " (deletion requested)" : "")));
        if (objects.size() > named.size()) {
            evidence.add("... and " + (objects.size() - named.size()) + " more object(s), not named here");
        }
        new TreeMap<>(types.failedGroupVersions()).forEach((gv, error) ->
                evidence.add("skipped " + gv + ": discovery failed: " + error));
        new TreeMap<>(listed.failedTypes()).forEach((type, error) ->
                evidence.add("could not list " + type + ": " + error));

        List<RemainingObject> held = objects.stream().filter(RemainingObject::heldByFinalizers).toList();
        String summary = objects.isEmpty()
                ? "the namespace controller reports remaining content, but none was found in the types that "
                + "could be listed"
                : objects.size() + " object(s) remain in namespace " + ns.name()
                + (held.isEmpty() ? "" : ", " + held.size() + " held by finalizers");
        List<FinalizersRemainingMessage.FinalizerCount> fromCondition = finalizers
                .map(c -> FinalizersRemainingMessage.finalizers(c.message())).orElse(List.of());
        return Optional.of(new RemainingContent(new Cause(CauseKind.CONTENT_REMAINING, summary, evidence), held,
                fromCondition));
    }

    /** Held objects grouped by finalizer, in a stable order, for the unresolved summary. */
    Map<String, List<RemainingObject>> heldByFinalizer() {
        Map<String, List<RemainingObject>> byFinalizer = new LinkedHashMap<>();
        held.forEach(o -> o.finalizers().forEach(f -> byFinalizer.computeIfAbsent(f, k -> new ArrayList<>()).add(o)));
        return byFinalizer;
    }
}
