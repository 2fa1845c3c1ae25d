package dev.unstuck.diagnosis;

import java.util.List;

/**
 * Evidence that helps explain a diagnosis but that the diagnosis can do without (events, the cloud-controller-manager's
 * log and config, kube-system DaemonSets). A read that fails or is cut short still yields a value, possibly empty, and
 * says why it may be incomplete, so the report can mark that evidence as unavailable instead of failing.
 *
 * @param problems one line each, e.g. "events could not be read: forbidden (403)"; empty when the read was complete
 */
public record Advisory<T>(T value, List<String> problems) {
    public Advisory {
        problems = List.copyOf(problems);
    }

    public static <T> Advisory<T> of(T value) {
        return new Advisory<>(value, List.of());
    }

    public static <T> Advisory<T> unavailable(T fallback, String problem) {
        return new Advisory<>(fallback, List.of(problem));
    }

    public boolean complete() {
        return problems.isEmpty();
    }
}
