package dev.unstuck.sandbox;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

/**
 * Records events the way client-go's recorder does for a controller: named {@code <object>.<hex nanos>}, in the
 * object's namespace or {@code default} for cluster-scoped objects, and a repeat of the same reason and message on
 * the same object bumps {@code count} and {@code lastTimestamp} instead of adding an event.
 */
final class EventRecorder {
    /** The object an event is about; {@code kind} Event with name route-controller is the CCM's synthetic one. */
    record Subject(String kind, String name, String uid) {
    }

    private final KubernetesClient client;
    private final Clock clock;
    private final String component;
    private final Map<String, String> recorded = new HashMap<>();
    private final Map<String, Integer> counts = new HashMap<>();
    private long lastNanos;

    EventRecorder(KubernetesClient client, Clock clock, String component) {
        this.client = client;
        this.clock = clock;
        this.component = component;
    }

    void record(Subject subject, String type, String reason, String message) {
        Instant now = clock.instant();
        String when = now.truncatedTo(ChronoUnit.SECONDS).toString();
        String key = subject.kind() + "/" + subject.name() + "/" + reason + "/" + message;
        String existing = recorded.get(key);
        if (existing != null) {
            int count = counts.merge(key, 1, Integer::sum);
            client.v1().events().inNamespace("default").withName(existing).edit(e -> {
                e.setCount(count);
                e.setLastTimestamp(when);
                return e;
            });
            return;
        }
        // Strictly increasing, so two events about one object within a clock tick still get distinct names.
        lastNanos = Math.max(lastNanos + 1, now.getEpochSecond() * 1_000_000_000L + now.getNano());
        String name = subject.name() + "." + Long.toHexString(lastNanos);
        client.v1().events().inNamespace("default").resource(new EventBuilder().withNewMetadata().withName(name)
                .withNamespace("default").endMetadata()
                .withNewInvolvedObject().withKind(subject.kind()).withName(subject.name()).withUid(subject.uid())
                .withApiVersion("v1").endInvolvedObject()
                .withType(type).withReason(reason).withMessage(message).withCount(1)
                .withFirstTimestamp(when).withLastTimestamp(when)
                .withNewSource().withComponent(component).endSource().build()).create();
        recorded.put(key, name);
        counts.put(key, 1);
    }
}
