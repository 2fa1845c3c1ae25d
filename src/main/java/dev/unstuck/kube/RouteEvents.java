package dev.unstuck.kube;

import dev.unstuck.diagnosis.Advisory;
import dev.unstuck.diagnosis.ClusterEvent;
import dev.unstuck.diagnosis.InvolvedObject;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/** The events the route controller (and the kubelet) record about nodes, read per node, never cluster-wide. */
final class RouteEvents {
    // Events about cluster-scoped objects (nodes, the route controller's synthetic object) are recorded here.
    static final String EVENTS_NAMESPACE = "default";
    static final long EVENT_PAGE = 500;
    static final int MAX_EVENT_PAGES = 20;
    /** Pages read per object: events repeat by count, not by copy, so even a flapping node has few of them. */
    static final int MAX_OBJECT_EVENT_PAGES = 2;

    private final KubernetesClient client;
    private final ExecutorService executor;

    RouteEvents(KubernetesClient client, ExecutorService executor) {
        this.client = client;
        this.executor = executor;
    }

    /**
     * Reads the events of each object in {@code about} with a field selector ({@code involvedObject.name}, and
     * {@code involvedObject.kind} when known) in namespace {@value #EVENTS_NAMESPACE}, where Kubernetes files events
     * about cluster-scoped objects: one request per object (a bounded set: the suspect nodes and the route
     * controller), however many events the cluster holds. A server that rejects the selector gets the bounded scan
     * of that namespace instead.
     */
    Advisory<List<ClusterEvent>> read(Set<InvolvedObject> about, Set<String> reasons) {
        Map<InvolvedObject, Future<ObjectEvents>> futures = new LinkedHashMap<>();
        about.forEach(o -> futures.put(o, executor.submit(() -> eventsAbout(o, reasons))));
        List<ClusterEvent> kept = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<InvolvedObject, Future<ObjectEvents>> entry : futures.entrySet()) {
            try {
                ObjectEvents read = KubeReads.await(entry.getValue());
                kept.addAll(read.events());
                if (read.truncated()) {
                    problems.add("events about " + entry.getKey().name() + ": only the first "
                            + (EVENT_PAGE * MAX_OBJECT_EVENT_PAGES) + " were read");
                }
            } catch (KubernetesClientException e) {
                if (e.getCode() == 400) {
                    // The selector is not supported here (a server or proxy without event field indexes).
                    futures.values().forEach(f -> f.cancel(true));
                    return scanEvents(about, reasons);
                }
                return Advisory.unavailable(sorted(kept), "events could not be read: " + problem(e));
            }
        }
        return new Advisory<>(sorted(kept), problems);
    }

    private record ObjectEvents(List<ClusterEvent> events, boolean truncated) {
    }

    private ObjectEvents eventsAbout(InvolvedObject object, Set<String> reasons) {
        String selector = "involvedObject.name=" + object.name()
                + (object.kind() == null ? "" : ",involvedObject.kind=" + object.kind());
        List<ClusterEvent> kept = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            EventList page = client.v1().events().inNamespace(EVENTS_NAMESPACE).list(new ListOptionsBuilder()
                    .withFieldSelector(selector).withLimit(EVENT_PAGE).withContinue(token).build());
            pages++;
            KubeReads.nullSafe(page.getItems()).forEach(e -> keep(e, Set.of(object), reasons, kept));
            token = page.getMetadata() == null ? null : page.getMetadata().getContinue();
        } while (token != null && !token.isEmpty() && pages < MAX_OBJECT_EVENT_PAGES);
        return new ObjectEvents(kept, token != null && !token.isEmpty());
    }

    /**
     * Pages through the events of namespace {@value #EVENTS_NAMESPACE} ({@value #EVENT_PAGE} per request, at most
     * {@value #MAX_EVENT_PAGES} pages) and keeps those about {@code about}: the fallback for a server that does not
     * filter events by involved object.
     */
    private Advisory<List<ClusterEvent>> scanEvents(Set<InvolvedObject> about, Set<String> reasons) {
        List<ClusterEvent> kept = new ArrayList<>();
        String token = null;
        int pages = 0;
        long read = 0;
        try {
            do {
                EventList page = client.v1().events().inNamespace(EVENTS_NAMESPACE).list(new ListOptionsBuilder()
                        .withLimit(EVENT_PAGE).withContinue(token).build());
                pages++;
                for (Event e : KubeReads.nullSafe(page.getItems())) {
                    read++;
                    keep(e, about, reasons, kept);
                }
                token = page.getMetadata() == null ? null : page.getMetadata().getContinue();
            } while (token != null && !token.isEmpty() && pages < MAX_EVENT_PAGES);
        } catch (KubernetesClientException e) {
            return Advisory.unavailable(sorted(kept), "events could not be read: " + problem(e));
        }
        List<ClusterEvent> result = sorted(kept);
        if (token != null && !token.isEmpty()) {
            return Advisory.unavailable(result, "events: only the first " + read + " events of namespace "
                    + EVENTS_NAMESPACE + " were read; route-controller events beyond them were not");
        }
        return Advisory.of(result);
    }

    /** The client filters too: a server may ignore a selector it does not index, and reasons cannot be OR-ed. */
    private static void keep(Event e, Set<InvolvedObject> about, Set<String> reasons, List<ClusterEvent> kept) {
        ObjectReference involved = e.getInvolvedObject();
        if (involved == null || !reasons.contains(e.getReason())
                || about.stream().noneMatch(o -> o.matches(involved.getKind(), involved.getName()))) {
            return;
        }
        kept.add(new ClusterEvent(involved.getKind(), involved.getName(), e.getReason(), e.getMessage(),
                e.getCount() == null ? 1 : e.getCount(), eventTime(e)));
    }

    private static List<ClusterEvent> sorted(List<ClusterEvent> events) {
        return events.stream()
                .sorted(Comparator.comparing(ClusterEvent::lastSeen, Comparator.nullsFirst(Comparator.naturalOrder())))
                .toList();
    }

    private static Instant eventTime(Event e) {
        Instant t = KubeReads.instant(e.getLastTimestamp());
        if (t == null && e.getEventTime() != null) {
            t = KubeReads.instant(e.getEventTime().getTime());
        }
        return t != null ? t
                : KubeReads.instant(e.getMetadata() == null ? null : e.getMetadata().getCreationTimestamp());
    }

    private String problem(KubernetesClientException e) {
        return KubeReads.problem(e, String.valueOf(client.getMasterUrl()));
    }
}
