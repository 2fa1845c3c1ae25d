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

    /**
     * Lists, metadata only, just the types the NamespaceContentRemaining condition names (never every type the server
     * serves: that would need a wildcard list permission, Secrets included). A type that cannot be listed is still
     * counted from the condition and says why it was not listed.
     */
    static Optional<RemainingContent> read(NamespaceInfo ns, ClusterReads reads) {
        Optional<Condition> content = ns.condition(DiagnosisEngine.CONTENT_REMAINING).filter(Condition::isTrue);
        Optional<Condition> finalizers = ns.condition(DiagnosisEngine.FINALIZERS_REMAINING).filter(Condition::isTrue);
        if (content.isEmpty() && finalizers.isEmpty()) {
            return Optional.empty();
        }
        List<String> evidence = new ArrayList<>();
        content.ifPresent(c -> evidence.add("namespace " + ns.name() + " " + c.quote()));
        finalizers.ifPresent(c -> evidence.add("namespace " + ns.name() + " " + c.quote()));

        List<ContentRemainingMessage.RemainingType> named = content
                .map(c -> ContentRemainingMessage.types(c.message())).orElse(List.of());
        List<ResourceType> toList = new ArrayList<>();
        Map<String, String> notListed = new TreeMap<>();
        DiscoveryResult discovery = named.isEmpty() ? new DiscoveryResult(List.of(), Map.of()) : reads.discovery();
        for (ContentRemainingMessage.RemainingType t : named) {
            Optional<ResourceType> served = discovery.namespacedTypes().stream()
                    .filter(rt -> t.resource().equals(rt.plural()) && t.group().equals(nullToEmpty(rt.group())))
                    .findFirst();
            if (served.isPresent()) {
                toList.add(served.get());
            } else if (discovery.failedGroupVersions().keySet().stream().noneMatch(gv -> inGroup(gv, t.group()))) {
                notListed.put(t.qualifiedName(), "the API server does not serve it now");
            }
        }
        ListedObjects listed = toList.isEmpty() ? new ListedObjects(List.of(), Map.of())
                : reads.reader().listObjects(ns.name(), toList);
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
        List<RemainingObject> shown = objects.stream()
                .sorted(Comparator.comparing((RemainingObject o) -> !o.heldByFinalizers())).limit(MAX_NAMED).toList();
        shown.forEach(o -> evidence.add("remaining: " + o.describe() + (o.deleting() ? " (deletion requested)" : "")));
        if (objects.size() > shown.size()) {
            evidence.add("... and " + (objects.size() - shown.size()) + " more object(s), not named here");
        }
        new TreeMap<>(discovery.failedGroupVersions()).forEach((gv, error) ->
                evidence.add("skipped " + gv + ": discovery failed: " + error));
        Map<String, String> unlisted = new TreeMap<>(listed.failedTypes());
        unlisted.putAll(notListed);
        unlisted.forEach((type, why) -> evidence.add("cannot list " + type + ": " + why));

        List<RemainingObject> held = objects.stream().filter(RemainingObject::heldByFinalizers).toList();
        long reported = named.stream().mapToLong(ContentRemainingMessage.RemainingType::instances).sum();
        String summary;
        if (!objects.isEmpty()) {
            summary = objects.size() + " object(s) remain in namespace " + ns.name()
                    + (held.isEmpty() ? "" : ", " + held.size() + " held by finalizers");
        } else if (reported > 0 && toList.size() < named.size() || !unlisted.isEmpty()) {
            summary = (reported > 0 ? reported + " object(s)" : "objects") + " remain in namespace " + ns.name()
                    + " according to the namespace controller; the types holding them could not be listed";
        } else {
            summary = "the namespace controller reports remaining content, but none was found in the types that "
                    + "could be listed";
        }
        List<FinalizersRemainingMessage.FinalizerCount> fromCondition = finalizers
                .map(c -> FinalizersRemainingMessage.finalizers(c.message())).orElse(List.of());
        return Optional.of(new RemainingContent(new Cause(CauseKind.CONTENT_REMAINING, summary, evidence), held,
                fromCondition));
    }

    private static boolean inGroup(String groupVersion, String group) {
        int slash = groupVersion.indexOf('/');
        return slash < 0 ? group.isEmpty() : groupVersion.substring(0, slash).equals(group);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    /** Held objects grouped by finalizer, in a stable order, for the unresolved summary. */
    Map<String, List<RemainingObject>> heldByFinalizer() {
        Map<String, List<RemainingObject>> byFinalizer = new LinkedHashMap<>();
        held.forEach(o -> o.finalizers().forEach(f -> byFinalizer.computeIfAbsent(f, k -> new ArrayList<>()).add(o)));
        return byFinalizer;
    }
}
