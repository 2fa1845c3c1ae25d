package dev.unstuck.diagnosis;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.unstuck.diagnosis.DiagnosisEngineTest.cause;
import static dev.unstuck.diagnosis.DiagnosisEngineTest.cond;
import static org.assertj.core.api.Assertions.assertThat;

/** A namespace with hundreds of leftovers: the diagnosis counts them and names a few, never all. */
class LargeNamespaceTest {

    @Test
    @DisplayName("given 510 objects of 30 types, 5 held by finalizers, CONTENT_REMAINING gives counts for 20 types and "
            + "names 20 objects, the held ones first")
    void countsAndFirstNames() {
        IncidentFixture f = new IncidentFixture();
        List<String> remaining = new ArrayList<>();
        for (int t = 0; t < 30; t++) {
            f.cluster.types.add(new ResourceType("example.com", "v1", String.format("Kind%02d", t),
                    String.format("kind%02ds", t)));
            remaining.add(String.format("kind%02ds.example.com has 17 resource instances", t));
        }
        f.terminating("big", Duration.ofMinutes(40),
                cond("NamespaceContentRemaining", "True", "SomeResourcesRemain", "Some resources are remaining: "
                        + String.join(", ", remaining)),
                cond("NamespaceFinalizersRemaining", "True", "SomeFinalizersRemain", "Some content in the namespace "
                        + "has finalizers remaining: example.com/hold in 5 resource instances"));
        for (int t = 0; t < 30; t++) {
            for (int i = 0; i < 17; i++) {
                boolean held = t == 29 && i < 5;
                f.cluster.objects.add(new RemainingObject("example.com", "v1", String.format("Kind%02d", t),
                        "obj-" + t + "-" + i, held ? List.of("example.com/hold") : List.of(), true));
            }
        }

        Diagnosis d = f.diagnose("big");

        Cause content = cause(d, CauseKind.CONTENT_REMAINING);
        assertThat(content.summary()).isEqualTo("510 object(s) remain in namespace big, 5 held by finalizers");
        assertThat(content.evidence()).hasSize(2 + 20 + 1 + 20 + 1)
                .contains("remaining example.com/Kind00: 17 object(s)", "... and 10 more type(s)",
                        "... and 490 more object(s), not named here");
        assertThat(content.evidence().subList(23, 28)).allMatch(e -> e.contains("finalizers=[example.com/hold]"));
        assertThat(d.unresolved()).singleElement().satisfies(u -> {
            assertThat(u.summary()).startsWith("big still waits on finalizer example.com/hold of Kind29 obj-29-0 "
                    + "(example.com/v1) and on 4 more object(s) held by finalizers: no controller removes them");
            assertThat(u.evidence()).hasSize(5 + 1);
        });
    }
}
