package dev.unstuck.sandbox;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The store's change history, as a client that lists and then watches relies on it. */
class SandboxStoreTest {
    private final SandboxStore store = new SandboxStore(20);

    private String resourceVersion(MockResponse response) {
        return Serialization.jsonMapper().readTree(response.getBody().getBytes()).path("metadata")
                .path("resourceVersion").asString("");
    }

    private MockResponse createConfigMap(String name) {
        return store.call(HttpMethod.POST, "/api/v1/namespaces/dev/configmaps",
                "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name + "\"}}");
    }

    @Test
    void aWatchFromAListsVersion_getsWhatChangedAfterIt_andThenLiveChanges() {
        createConfigMap("a");
        String listed = resourceVersion(createConfigMap("b"));
        createConfigMap("c");
        List<SandboxStore.WatchEvent> events = new CopyOnWriteArrayList<>();

        Runnable stop = store.watch(store.getKey("/api/v1/namespaces/dev/configmaps"), listed, events::add);
        store.call(HttpMethod.DELETE, "/api/v1/namespaces/dev/configmaps/a", null);
        stop.run();
        createConfigMap("d");

        assertThat(events).extracting(SandboxStore.WatchEvent::type).containsExactly("ADDED", "DELETED");
        assertThat(events.get(0).object()).contains("\"name\":\"c\"");
        assertThat(events.get(1).object()).contains("\"name\":\"a\"");
    }

    @Test
    void aWatchWithoutVersion_startsWithTheCurrentObjects() {
        createConfigMap("a");
        store.call(HttpMethod.POST, "/api/v1/namespaces/other/configmaps",
                "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"x\"}}");
        List<SandboxStore.WatchEvent> events = new CopyOnWriteArrayList<>();

        store.watch(store.getKey("/api/v1/namespaces/dev/configmaps"), null, events::add).run();

        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo("ADDED");
            assertThat(e.object()).contains("\"name\":\"a\"");
        });
    }

    @Test
    void aWatchFromAVersionOlderThanTheKeptHistory_isToldItExpired() {
        for (int i = 0; i < 30; i++) {
            createConfigMap("cm-" + i);
        }
        List<SandboxStore.WatchEvent> events = new CopyOnWriteArrayList<>();

        store.watch(store.getKey("/api/v1/namespaces/dev/configmaps"), "3", events::add).run();

        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo("ERROR");
            assertThat(e.object()).contains("\"code\":410").contains("\"reason\":\"Expired\"")
                    .contains("too old resource version: 3");
        });
    }
}
