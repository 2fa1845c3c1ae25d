package dev.unstuck.watch;

import dev.unstuck.chat.ChatButton;
import dev.unstuck.chat.ChatField;
import dev.unstuck.chat.ChatMessage;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** How a card reads: what is wrong, since when, the top of the chain, what else it hurts, and its one button. */
class AlertCardsTest {
    private static final long T0 = 1_764_576_000_000L; // 2025-12-01 08:00 UTC

    @Test
    void aNamespaceHeldByFinalizersSaysSoInTheControllersWords_andItsButtonNamesIt() {
        NamespaceSeen legacy = new NamespaceSeen("legacy", T0, List.of(), List.of(new ConditionSeen(
                "NamespaceFinalizersRemaining", "SomeFinalizersRemain", "Some content in the namespace has finalizers"
                + " remaining: example.com/cleanup in 1 resource instances")));
        Incident i = Incident.opened(4, IncidentKind.NAMESPACE_STUCK, "legacy", T0, T0 + 600_000)
                .seen(null, List.of(legacy), List.of(), List.of());
        ChatMessage m = AlertCards.message("prod", "0a1b2c3d", i);
        assertThat(m.title()).isEqualTo("Namespace legacy is stuck in Terminating on prod");
        assertThat(m.summary()).isEqualTo("Terminating since 2025-12-01 08:00 UTC; the namespace controller reports"
                + " SomeFinalizersRemain");
        assertThat(field(m, "Cause (top of the chain)")).isEqualTo("- NamespaceFinalizersRemaining"
                + " (SomeFinalizersRemain): Some content in the namespace has finalizers remaining: example.com/cleanup"
                + " in 1 resource instances");
        assertThat(m.buttons()).singleElement().satisfies(b -> {
            assertThat(b.label()).isEqualTo("Start remediation (legacy)");
            assertThat(b.id()).isEqualTo("ws.0a1b2c3d.4.prod");
            assertThat(b.disabled()).isFalse();
        });
        assertThat(m.footer()).isEqualTo("prod~0a1b2c3d.4 | unstuck-watch/prod");
    }

    @Test
    void anApiServiceHoldingThirtyNamespacesListsTwelveAndSaysHowManyMore_andAResolvedCardSaysHow() {
        List<NamespaceSeen> held = IntStream.rangeClosed(1, 30).mapToObj(n -> new NamespaceSeen("team-" + n,
                T0 + n * 1000L, List.of("metrics.k8s.io/v1beta1"), List.of())).toList();
        ApiServiceSeen metrics = new ApiServiceSeen("v1beta1.metrics.k8s.io", "metrics.k8s.io/v1beta1",
                "kube-system/metrics-server", false, "FailedDiscoveryCheck", "failing or missing response from"
                + " https://172.16.1.12:4443/apis/metrics.k8s.io/v1beta1: bad status from"
                + " https://172.16.1.12:4443/apis/metrics.k8s.io/v1beta1: 503", T0);
        Incident open = Incident.opened(1, IncidentKind.APISERVICE_UNAVAILABLE, "v1beta1.metrics.k8s.io", T0, T0)
                .seen(metrics, held, List.of(), List.of());
        ChatMessage m = AlertCards.message("prod", "0a1b2c3d", open);
        assertThat(m.summary()).endsWith("30 namespaces are stuck in Terminating on it");
        assertThat(field(m, "Stuck namespaces").lines()).hasSize(13).first().asString().startsWith("- team-1:");
        assertThat(field(m, "Stuck namespaces")).endsWith("... and 18 more namespaces");
        assertThat(field(m, "Cause (top of the chain)")).contains("The backend answered (answered with HTTP status"
                + " 503): the network works, the extension itself fails.");
        assertThat(m.buttons()).extracting(ChatButton::label).containsExactly("Start remediation (team-1)");

        Incident resolved = open.resolved(T0 + 3_600_000).withResolution("by itself");
        ChatMessage r = AlertCards.message("prod", "0a1b2c3d", resolved);
        assertThat(r.title()).isEqualTo("Resolved: APIService v1beta1.metrics.k8s.io was unavailable on prod");
        assertThat(field(r, "Resolved")).isEqualTo("at 2025-12-01 09:00 UTC by itself");
        assertThat(r.buttons()).allMatch(ChatButton::disabled);
        assertThat(resolved.revision()).isGreaterThan(open.revision());
    }

    @Test
    void aNamespaceNameTooLongForAButtonLabelLeavesTheLabelPlain() {
        String name = "n".repeat(63);
        Incident i = Incident.opened(2, IncidentKind.NAMESPACE_STUCK, name, T0, T0)
                .seen(null, List.of(new NamespaceSeen(name, T0, List.of(), List.of())), List.of(), List.of());
        assertThat(AlertCards.message("prod", "0a1b2c3d", i).buttons().get(0).label()).isEqualTo("Start remediation");
    }

    private static String field(ChatMessage m, String name) {
        return m.fields().stream().filter(f -> f.name().equals(name)).map(ChatField::value).findFirst().orElse("");
    }
}
