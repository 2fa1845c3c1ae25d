package dev.unstuck.watch;

import dev.unstuck.diagnosis.NodeRouteAudit.MissingNodeRoute;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One incident of one cluster and the card that shows it. Keyed by kind and subject (the APIService, the namespace,
 * or the cluster's node routes), so seeing the same fault again updates it instead of opening another; numbered
 * within its watcher, so a card's buttons name exactly this occurrence.
 *
 * @param problemSinceMillis when the fault began, as the cluster says (the condition's transition, the deletion)
 * @param openedAtMillis     when the watcher judged it an incident (its threshold passed)
 * @param resolvedAtMillis   0 while open
 * @param resolution         who or what resolved it, once known ("by remediation ..." or "by itself")
 * @param apiService         for APISERVICE_UNAVAILABLE, as last seen
 * @param namespaces         the stuck namespaces it holds (for NAMESPACE_STUCK, the namespace itself)
 * @param routes             for NODE_ROUTES_MISSING, the routes the audit found missing
 * @param findings           for NODE_ROUTES_MISSING, the audit's summaries per route table
 * @param shownAtMillis      when its card was first shown; 0 while held back (muted, over the card rate)
 * @param posts              where its card was posted, with the message ids
 * @param revision           bumped whenever what the card shows changes: posts behind it are edited
 * @param reopenings         how often it came back within the flap window
 */
public record Incident(int number, IncidentKind kind, String subject, long problemSinceMillis, long openedAtMillis,
                       long resolvedAtMillis, String resolution, ApiServiceSeen apiService,
                       List<NamespaceSeen> namespaces, List<MissingNodeRoute> routes, List<String> findings,
                       List<RemediationLink> remediations, long shownAtMillis, List<CardPost> posts, int revision,
                       int reopenings) {
    public Incident {
        namespaces = namespaces == null ? List.of() : List.copyOf(namespaces);
        routes = routes == null ? List.of() : List.copyOf(routes);
        findings = findings == null ? List.of() : List.copyOf(findings);
        remediations = remediations == null ? List.of() : List.copyOf(remediations);
        posts = posts == null ? List.of() : List.copyOf(posts);
    }

    static Incident opened(int number, IncidentKind kind, String subject, long problemSince, long now) {
        return new Incident(number, kind, subject, problemSince, now, 0, null, null, List.of(), List.of(), List.of(),
                List.of(), 0, List.of(), 1, 0);
    }

    /** "apiservice:v1beta1.metrics.k8s.io", "namespace:dev", "node-routes:". */
    public String key() {
        return key(kind, subject);
    }

    static String key(IncidentKind kind, String subject) {
        return switch (kind) {
            case APISERVICE_UNAVAILABLE -> "apiservice:" + subject;
            case NAMESPACE_STUCK -> "namespace:" + subject;
            case NODE_ROUTES_MISSING -> "node-routes:";
        };
    }

    public boolean open() {
        return resolvedAtMillis == 0;
    }

    public boolean shown() {
        return shownAtMillis != 0;
    }

    /** The stuck namespace a remediation from the card targets: the one stuck longest. */
    public String longestStuckNamespace() {
        return namespaces.stream().min((a, b) -> Long.compare(a.deletingSinceMillis(), b.deletingSinceMillis()))
                .map(NamespaceSeen::name).orElse(null);
    }

    Incident seen(ApiServiceSeen api, List<NamespaceSeen> held, List<MissingNodeRoute> missing,
                  List<String> audit) {
        return bumped(new Incident(number, kind, subject, problemSinceMillis, openedAtMillis, resolvedAtMillis,
                resolution, api, held, missing, audit, remediations, shownAtMillis, posts, revision, reopenings));
    }

    Incident resolved(long now) {
        return bumped(new Incident(number, kind, subject, problemSinceMillis, openedAtMillis, now, resolution,
                apiService, namespaces, routes, findings, remediations, shownAtMillis, posts, revision, reopenings));
    }

    Incident withResolution(String text) {
        return bumped(new Incident(number, kind, subject, problemSinceMillis, openedAtMillis, resolvedAtMillis, text,
                apiService, namespaces, routes, findings, remediations, shownAtMillis, posts, revision, reopenings));
    }

    /** Back within the flap window: the same card, open again, the fault's new start kept. */
    Incident reopened(long problemSince) {
        return bumped(new Incident(number, kind, subject, problemSince, openedAtMillis, 0, null, apiService,
                namespaces, routes, findings, remediations, shownAtMillis, posts, revision, reopenings + 1));
    }

    Incident shownAt(long now) {
        return new Incident(number, kind, subject, problemSinceMillis, openedAtMillis, resolvedAtMillis, resolution,
                apiService, namespaces, routes, findings, remediations, now, posts, revision, reopenings);
    }

    Incident linked(RemediationLink link) {
        if (remediations.stream().anyMatch(l -> l.workflowId().equals(link.workflowId()))) {
            return this;
        }
        List<RemediationLink> more = new ArrayList<>(remediations);
        more.add(link);
        return bumped(new Incident(number, kind, subject, problemSinceMillis, openedAtMillis, resolvedAtMillis,
                resolution, apiService, namespaces, routes, findings, more, shownAtMillis, posts, revision,
                reopenings));
    }

    Incident posted(CardPost post) {
        List<CardPost> more = new ArrayList<>(posts);
        more.removeIf(p -> p.target().equals(post.target()));
        more.add(post);
        return new Incident(number, kind, subject, problemSinceMillis, openedAtMillis, resolvedAtMillis, resolution,
                apiService, namespaces, routes, findings, remediations, shownAtMillis, more, revision, reopenings);
    }

    /** The post of this card to {@code target}, or null. */
    public CardPost postTo(AlertTarget target) {
        return posts.stream().filter(p -> p.target().equals(target)).findFirst().orElse(null);
    }

    /** The next revision when anything the card shows differs from this one; else this one. */
    private Incident bumped(Incident next) {
        boolean same = Objects.equals(apiService, next.apiService) && namespaces.equals(next.namespaces)
                && routes.equals(next.routes) && findings.equals(next.findings)
                && remediations.equals(next.remediations) && resolvedAtMillis == next.resolvedAtMillis
                && Objects.equals(resolution, next.resolution) && problemSinceMillis == next.problemSinceMillis
                && reopenings == next.reopenings;
        if (same) {
            return this;
        }
        return new Incident(number, kind, subject, next.problemSinceMillis, openedAtMillis, next.resolvedAtMillis,
                next.resolution, next.apiService, next.namespaces, next.routes, next.findings, next.remediations,
                shownAtMillis, posts, revision + 1, next.reopenings);
    }
}
