package dev.unstuck.watch;

import dev.unstuck.chat.ButtonStyle;
import dev.unstuck.chat.ChatButton;
import dev.unstuck.chat.ChatField;
import dev.unstuck.chat.ChatMessage;
import dev.unstuck.chat.PhaseLine;
import dev.unstuck.chat.PhaseMark;
import dev.unstuck.diagnosis.DiscoveryCheckFailure;
import dev.unstuck.diagnosis.NodeRouteAudit.MissingNodeRoute;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Draws an incident as a chat-neutral card: what is wrong, since when, the top of the cause chain, what else it
 * affects, and the button that starts the repair. Pure (no clock, no I/O): the watcher workflow draws with it, so a
 * replay draws what the original run drew.
 */
public final class AlertCards {
    /** Discord's limit for a button label. */
    private static final int MAX_LABEL = 80;
    private static final int MAX_LINES = 12;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private AlertCards() {
    }

    public static AlertCard card(String cluster, String epoch, Incident i) {
        ChatMessage m = message(cluster, epoch, i);
        return new AlertCard(AlertIds.alertId(cluster, epoch, i.number()), cluster, i.kind(), m.title(),
                i.problemSinceMillis(), i.resolvedAtMillis(), m);
    }

    public static ChatMessage message(String cluster, String epoch, Incident i) {
        List<ChatField> fields = new ArrayList<>();
        String title;
        String summary;
        List<ChatButton> buttons = new ArrayList<>();
        switch (i.kind()) {
            case APISERVICE_UNAVAILABLE -> {
                ApiServiceSeen a = i.apiService();
                title = "APIService " + i.subject() + (i.open() ? " is unavailable" : " was unavailable") + " on "
                        + cluster;
                summary = "Available=False" + (a == null || a.reason() == null ? "" : " (" + a.reason() + ")")
                        + " since " + when(i.problemSinceMillis()) + "; " + holding(i.namespaces());
                fields.add(new ChatField("Cause (top of the chain)", apiServiceCause(a)));
                fields.add(new ChatField("Stuck namespaces", i.namespaces().isEmpty() ? "none yet"
                        : namespaces(i.namespaces())));
                fields.add(new ChatField("Also affected", affected(a, i.namespaces())));
                startButton(cluster, epoch, i).ifPresent(buttons::add);
            }
            case NAMESPACE_STUCK -> {
                title = "Namespace " + i.subject() + (i.open() ? " is stuck" : " was stuck") + " in Terminating on "
                        + cluster;
                NamespaceSeen ns = i.namespaces().isEmpty() ? null : i.namespaces().get(0);
                summary = "Terminating since " + when(i.problemSinceMillis())
                        + (ns == null || ns.conditions().isEmpty() ? ""
                        : "; the namespace controller reports " + ns.conditions().get(0).reason());
                fields.add(new ChatField("Cause (top of the chain)", ns == null || ns.conditions().isEmpty()
                        ? "none of its conditions reports a failure: its finalizers have not been removed"
                        : ns.conditions().stream().map(c -> "- " + c.type() + " (" + c.reason() + "): " + c.message())
                        .collect(Collectors.joining("\n"))));
                startButton(cluster, epoch, i).ifPresent(buttons::add);
            }
            default -> {
                int n = i.routes().size();
                title = n + (n == 1 ? " node has" : " nodes have") + (i.open() ? " no" : " had no") + " VPC route on "
                        + cluster;
                summary = i.findings().isEmpty() ? "found by the route audit at " + when(i.problemSinceMillis())
                        : String.join("; ", i.findings());
                fields.add(new ChatField("Missing entries", routes(i.routes())));
                fields.add(new ChatField("Also affected", "The control plane and other VPC hosts cannot reach pods"
                        + " on these nodes: aggregated APIs (metrics-server) and admission webhooks served from them"
                        + " fail, and namespace deletions that need those APIs get stuck."));
                buttons.add(new ChatButton(AlertIds.button(AlertIds.Action.OPEN_REPAIR_PLAN, cluster, epoch,
                        i.number()), "Open repair plan", ButtonStyle.PRIMARY, !i.open()));
            }
        }
        fields.add(new ChatField("Since", when(i.problemSinceMillis()) + (i.reopenings() == 0 ? ""
                : " (came back " + i.reopenings() + (i.reopenings() == 1 ? " time" : " times")
                + " after resolving; same card)")));
        if (!i.remediations().isEmpty()) {
            fields.add(new ChatField("Remediation", i.remediations().stream().map(l -> "- " + l.workflowId()
                    + " started by " + l.requestedBy() + " at " + when(l.atMillis())).collect(Collectors.joining("\n"))));
        }
        if (!i.open()) {
            fields.add(new ChatField("Resolved", "at " + when(i.resolvedAtMillis())
                    + (i.resolution() == null ? "" : " " + i.resolution())));
        }
        String footer = AlertIds.alertId(cluster, epoch, i.number()) + " | " + AlertIds.watcherId(cluster);
        // One line that says open or resolved: adapters colour the card by it.
        PhaseLine state = i.open() ? new PhaseLine("incident open", PhaseMark.FAILED, null)
                : new PhaseLine("resolved", PhaseMark.DONE, null);
        return new ChatMessage((i.open() ? "" : "Resolved: ") + title, summary, List.of(state), fields, buttons,
                footer);
    }

    private static java.util.Optional<ChatButton> startButton(String cluster, String epoch, Incident i) {
        String target = i.longestStuckNamespace();
        String label = target == null ? "Start remediation" : "Start remediation (" + target + ")";
        if (label.length() > MAX_LABEL) {
            label = "Start remediation";
        }
        return java.util.Optional.of(new ChatButton(AlertIds.button(AlertIds.Action.START_REMEDIATION, cluster,
                epoch, i.number()), label, ButtonStyle.PRIMARY, !i.open() || target == null));
    }

    private static String holding(List<NamespaceSeen> held) {
        if (held.isEmpty()) {
            return "no namespace is stuck on it yet";
        }
        return held.size() + (held.size() == 1 ? " namespace is" : " namespaces are") + " stuck in Terminating on it";
    }

    /** The APIService's own condition, and what its discovery-check message proves about the path. */
    private static String apiServiceCause(ApiServiceSeen a) {
        if (a == null) {
            return "unknown";
        }
        StringBuilder sb = new StringBuilder("APIService " + a.name() + " (" + a.groupVersion() + ", service "
                + a.service() + "): Available=False, " + a.reason() + ": " + a.message());
        if ("FailedDiscoveryCheck".equals(a.reason())) {
            DiscoveryCheckFailure f = DiscoveryCheckFailure.classify(a.message());
            if (f.outcome() == DiscoveryCheckFailure.Outcome.NETWORK_NEVER_REACHED_POD) {
                sb.append("\nThe check never reached the backend").append(f.host() == null ? "" : " " + f.host())
                        .append(" (").append(f.answer()).append("): the network path to the pod is the suspect (on"
                        + " Flannel, its node's VPC route).");
            } else if (f.podAnswered()) {
                sb.append("\nThe backend answered (").append(f.answer()).append("): the network works, the"
                        + " extension itself fails.");
            }
        }
        return sb.toString();
    }

    /** Every namespace deletion needs every group/version, and some groups have well-known users. */
    private static String affected(ApiServiceSeen a, List<NamespaceSeen> held) {
        List<String> lines = new ArrayList<>();
        String gv = a == null ? "its group/version" : a.groupVersion();
        lines.add("- every namespace deletion in the cluster: the namespace controller must list " + gv
                + " to finish one" + (held.isEmpty() ? "" : " (stuck now: " + held.stream().map(NamespaceSeen::name)
                .collect(Collectors.joining(", ")) + ")"));
        lines.add("- every client of " + gv + ": \"the server is currently unable to handle the request\"");
        if (gv.startsWith("metrics.k8s.io/")) {
            lines.add("- kubectl top, and HorizontalPodAutoscalers on CPU or memory (they read metrics.k8s.io)");
        } else if (gv.startsWith("custom.metrics.k8s.io/") || gv.startsWith("external.metrics.k8s.io/")) {
            lines.add("- HorizontalPodAutoscalers on custom or external metrics");
        }
        return String.join("\n", lines);
    }

    private static String namespaces(List<NamespaceSeen> held) {
        List<String> lines = held.stream()
                .sorted((x, y) -> Long.compare(x.deletingSinceMillis(), y.deletingSinceMillis()))
                .map(n -> "- " + n.name() + ": Terminating since " + when(n.deletingSinceMillis())
                        + (n.failingGroupVersions().isEmpty() ? ""
                        : " (discovery fails for " + String.join(", ", n.failingGroupVersions()) + ")"))
                .toList();
        return listed(lines, "namespaces");
    }

    private static String routes(List<MissingNodeRoute> routes) {
        if (routes.isEmpty()) {
            return "none any more";
        }
        return listed(routes.stream().map(r -> "- " + r.routeTableId() + ": " + r.podCIDR() + " -> " + r.instanceId()
                + (r.nodeName() == null ? "" : " (node " + r.nodeName() + ")")).toList(), "routes");
    }

    /** A card stays readable in any chat: the first lines, then how many more (the remediation lists them all). */
    private static String listed(List<String> lines, String what) {
        if (lines.size() <= MAX_LINES) {
            return String.join("\n", lines);
        }
        return String.join("\n", lines.subList(0, MAX_LINES)) + "\n... and " + (lines.size() - MAX_LINES) + " more "
                + what;
    }

    static String when(long millis) {
        return millis == 0 ? "an unknown time" : WHEN.format(Instant.ofEpochMilli(millis));
    }
}
