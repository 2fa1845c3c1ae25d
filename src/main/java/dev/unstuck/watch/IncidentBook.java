package dev.unstuck.watch;

import dev.unstuck.diagnosis.NodeRouteAudit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The watcher's judgement, as plain code (no clock, no I/O, no Temporal): which faults are incidents, which
 * namespace belongs to which incident, when a card may be shown and when the watcher must look again. The workflow
 * feeds it what its activities saw and the workflow time; tests feed it snapshots.
 *
 * <p>A namespace whose deletion fails on a group/version served by an unavailable APIService belongs to that
 * APIService's incident: one card names every namespace it holds. Such a namespace also makes the APIService an
 * incident at once, even before the APIService's own threshold: a stuck namespace is the symptom people notice.
 */
public final class IncidentBook {
    /** Resolved incidents are kept this long for the console and for flaps, then forgotten. */
    static final long KEEP_RESOLVED_MILLIS = 24 * 3600_000L;
    static final int MAX_KEPT = 200;
    private static final long HOUR = 3600_000L;

    private final String epoch;
    private int lastNumber;
    private final List<Incident> incidents;
    private Mute mute;
    private final List<Long> shown;
    private long lastAuditMillis;
    private String auditedNodes;
    private ClusterSnapshot last;
    private boolean auditRequested;

    public IncidentBook(WatchState state) {
        this.epoch = state.epoch();
        this.lastNumber = state.lastNumber();
        this.incidents = new ArrayList<>(state.incidents());
        this.mute = state.mute();
        this.shown = new ArrayList<>(state.shownAtMillis());
        this.lastAuditMillis = state.lastAuditMillis();
        this.auditedNodes = state.auditedNodes();
    }

    public WatchState state() {
        return new WatchState(epoch, lastNumber, incidents, mute, shown, lastAuditMillis, auditedNodes);
    }

    public String epoch() {
        return epoch;
    }

    public List<Incident> incidents() {
        return List.copyOf(incidents);
    }

    public Optional<Incident> incident(int number) {
        return incidents.stream().filter(i -> i.number() == number).findFirst();
    }

    public Mute mute() {
        return mute;
    }

    public void mute(Mute m) {
        this.mute = m;
    }

    public ClusterSnapshot lastSnapshot() {
        return last;
    }

    // ---- judging what the cluster shows -------------------------------------------------------------------------

    /** Opens, updates, reopens and resolves incidents from one look at the cluster. */
    public void observe(ClusterSnapshot s, long now, WatchPolicy p) {
        last = s;
        long stuckAfter = p.namespaceStuckAfterSeconds() * 1000;
        long unavailableAfter = p.apiServiceUnavailableAfterSeconds() * 1000;
        Map<String, ApiServiceSeen> byGroupVersion = new LinkedHashMap<>();
        s.apiServices().forEach(a -> byGroupVersion.putIfAbsent(a.groupVersion(), a));

        Map<String, List<NamespaceSeen>> heldBy = new LinkedHashMap<>();
        List<NamespaceSeen> alone = new ArrayList<>();
        for (NamespaceSeen ns : s.terminating()) {
            if (now - ns.deletingSinceMillis() < stuckAfter) {
                continue;
            }
            Optional<ApiServiceSeen> holder = ns.failingGroupVersions().stream().map(byGroupVersion::get)
                    .filter(a -> a != null && !a.available()).findFirst();
            if (holder.isPresent()) {
                heldBy.computeIfAbsent(holder.get().name(), k -> new ArrayList<>()).add(ns);
            } else if (!recovering(ns, byGroupVersion, now, stuckAfter)) {
                alone.add(ns);
            }
        }

        List<String> stillFailing = new ArrayList<>();
        for (ApiServiceSeen api : s.apiServices()) {
            if (api.available()) {
                continue;
            }
            stillFailing.add(Incident.key(IncidentKind.APISERVICE_UNAVAILABLE, api.name()));
            List<NamespaceSeen> held = heldBy.getOrDefault(api.name(), List.of());
            // kube-aggregator always stamps the transition; one without a stamp only counts from a stuck namespace.
            long since = api.sinceMillis() == 0 ? now : api.sinceMillis();
            boolean qualifies = now - since >= unavailableAfter || !held.isEmpty();
            Optional<Incident> open = current(IncidentKind.APISERVICE_UNAVAILABLE, api.name());
            if (qualifies || open.filter(Incident::open).isPresent()) {
                upsert(IncidentKind.APISERVICE_UNAVAILABLE, api.name(), since, now, p,
                        i -> i.seen(api, held, List.of(), List.of()));
            }
        }
        resolveAllBut(IncidentKind.APISERVICE_UNAVAILABLE, stillFailing, now);

        List<String> stuck = new ArrayList<>();
        for (NamespaceSeen ns : alone) {
            stuck.add(Incident.key(IncidentKind.NAMESPACE_STUCK, ns.name()));
            upsert(IncidentKind.NAMESPACE_STUCK, ns.name(), ns.deletingSinceMillis(), now, p,
                    i -> i.seen(null, List.of(ns), List.of(), List.of()));
        }
        // A namespace card whose namespace an APIService incident now holds ends there: one card per cause.
        for (int idx = 0; idx < incidents.size(); idx++) {
            Incident i = incidents.get(idx);
            if (i.kind() == IncidentKind.NAMESPACE_STUCK && i.open() && !stuck.contains(i.key())) {
                Incident resolved = i.resolved(now);
                String holder = holderOf(i.subject());
                incidents.set(idx, holder == null ? resolved : resolved.withResolution("now part of the incident of"
                        + " APIService " + holder));
            }
        }
        prune(now, p);
    }

    /**
     * A namespace failing on an APIService that is Available again gets no card of its own until the namespace
     * controller has had the stuck threshold to finish it (it retries at most every minute).
     */
    private static boolean recovering(NamespaceSeen ns, Map<String, ApiServiceSeen> byGroupVersion, long now,
                                      long stuckAfter) {
        return ns.failingGroupVersions().stream().map(byGroupVersion::get)
                .anyMatch(a -> a != null && a.available() && now - a.sinceMillis() < stuckAfter);
    }

    private String holderOf(String namespace) {
        return incidents.stream().filter(i -> i.kind() == IncidentKind.APISERVICE_UNAVAILABLE && i.open())
                .filter(i -> i.namespaces().stream().anyMatch(n -> n.name().equals(namespace)))
                .map(Incident::subject).findFirst().orElse(null);
    }

    /** Whether the route audit should run now: never ran, nodes changed, its period passed, or it was asked for. */
    public boolean auditDue(long now, WatchPolicy p) {
        if (auditRequested || auditedNodes == null) {
            return true;
        }
        if (last != null && !auditedNodes.equals(last.nodesFingerprint())) {
            return true;
        }
        return p.auditOnOwnTimer() && now - lastAuditMillis >= p.routeAuditEverySeconds() * 1000;
    }

    /** The Schedule (or a person) asked for an audit now. */
    public void requestAudit() {
        auditRequested = true;
    }

    /** What the route audit found; an audit that could not ask the cloud changes nothing. */
    public void audited(NodeRouteAudit audit, long now, WatchPolicy p) {
        auditRequested = false;
        lastAuditMillis = now;
        auditedNodes = last == null ? "" : last.nodesFingerprint();
        if (audit.problem() != null) {
            return;
        }
        boolean missing = audit.routeBased() && !audit.missing().isEmpty();
        if (missing) {
            List<String> findings = audit.causes().stream().map(c -> c.summary()).toList();
            upsert(IncidentKind.NODE_ROUTES_MISSING, "", now, now, p,
                    i -> i.seen(null, List.of(), audit.missing(), findings));
        } else {
            resolveAllBut(IncidentKind.NODE_ROUTES_MISSING, List.of(), now);
        }
        prune(now, p);
    }

    // ---- cards ------------------------------------------------------------------------------------------------

    /**
     * Marks the cards that may be shown now and returns them: open, not shown yet, the cluster not muted, and the
     * card rate not used up. The rest wait; one that resolves while waiting is never shown.
     */
    public List<Incident> show(long now, WatchPolicy p) {
        shown.removeIf(t -> now - t >= HOUR);
        List<Incident> out = new ArrayList<>();
        if (mute.active(now)) {
            return out;
        }
        for (int idx = 0; idx < incidents.size(); idx++) {
            Incident i = incidents.get(idx);
            if (i.open() && !i.shown() && shown.size() < p.maxCardsPerHour()) {
                Incident s = i.shownAt(now);
                incidents.set(idx, s);
                shown.add(now);
                out.add(s);
            }
        }
        return out;
    }

    /** Shown incidents that resolved and do not yet say how. */
    public List<Incident> unexplainedResolutions() {
        return incidents.stream().filter(i -> i.shown() && !i.open() && i.resolution() == null).toList();
    }

    public void explain(int number, String resolution) {
        replace(number, i -> i.withResolution(resolution));
    }

    /** A card post to make or edit: the incident, where, and the message to edit (null: post a new one). */
    public record PostDue(Incident incident, AlertTarget target, String messageId) {
    }

    /** Every shown card whose post to a target is missing or shows an older revision. */
    public List<PostDue> postsDue(WatchPolicy p) {
        List<PostDue> out = new ArrayList<>();
        for (Incident i : incidents) {
            if (!i.shown()) {
                continue;
            }
            for (AlertTarget t : p.targets()) {
                CardPost post = i.postTo(t);
                if (post == null || post.revision() < i.revision()) {
                    out.add(new PostDue(i, t, post == null ? null : post.messageId()));
                }
            }
        }
        return out;
    }

    public void posted(int number, CardPost post) {
        replace(number, i -> i.posted(post));
    }

    public void link(int number, RemediationLink link) {
        replace(number, i -> i.linked(link));
    }

    // ---- time ---------------------------------------------------------------------------------------------------

    /**
     * When the watcher must look again even if the cluster stays quiet: a namespace or an APIService crossing its
     * threshold, the audit period, the end of a mute or of the card-rate hour while cards wait.
     */
    public long nextDeadline(long now, WatchPolicy p) {
        long next = now + p.maxWaitSeconds() * 1000;
        if (last != null) {
            for (NamespaceSeen ns : last.terminating()) {
                long at = ns.deletingSinceMillis() + p.namespaceStuckAfterSeconds() * 1000;
                if (at > now) {
                    next = Math.min(next, at);
                }
            }
            for (ApiServiceSeen a : last.apiServices()) {
                long at = a.sinceMillis() + p.apiServiceUnavailableAfterSeconds() * 1000;
                if (!a.available() && a.sinceMillis() != 0 && at > now) {
                    next = Math.min(next, at);
                }
                long settled = a.sinceMillis() + p.namespaceStuckAfterSeconds() * 1000;
                if (a.available() && settled > now) {
                    next = Math.min(next, settled);
                }
            }
        }
        if (p.auditOnOwnTimer()) {
            next = Math.min(next, Math.max(now, lastAuditMillis + p.routeAuditEverySeconds() * 1000));
        }
        boolean waiting = incidents.stream().anyMatch(i -> i.open() && !i.shown());
        if (waiting && mute.active(now)) {
            next = Math.min(next, mute.untilMillis());
        } else if (waiting && !shown.isEmpty() && shown.size() >= p.maxCardsPerHour()) {
            next = Math.min(next, shown.stream().mapToLong(Long::longValue).min().orElse(now) + HOUR);
        }
        return Math.max(now, next);
    }

    // ---- internals ------------------------------------------------------------------------------------------

    /** The newest incident with this key, open or not. */
    private Optional<Incident> current(IncidentKind kind, String subject) {
        String key = Incident.key(kind, subject);
        for (int idx = incidents.size() - 1; idx >= 0; idx--) {
            if (incidents.get(idx).key().equals(key)) {
                return Optional.of(incidents.get(idx));
            }
        }
        return Optional.empty();
    }

    private void upsert(IncidentKind kind, String subject, long problemSince, long now, WatchPolicy p,
                        java.util.function.UnaryOperator<Incident> update) {
        Optional<Incident> existing = current(kind, subject);
        if (existing.isPresent() && existing.get().open()) {
            replace(existing.get().number(), update);
        } else if (existing.isPresent() && now - existing.get().resolvedAtMillis() <= p.flapWindowSeconds() * 1000) {
            replace(existing.get().number(), i -> update.apply(i.reopened(problemSince)));
        } else {
            incidents.add(update.apply(Incident.opened(++lastNumber, kind, subject, problemSince, now)));
        }
    }

    private void resolveAllBut(IncidentKind kind, List<String> keys, long now) {
        for (int idx = 0; idx < incidents.size(); idx++) {
            Incident i = incidents.get(idx);
            if (i.kind() == kind && i.open() && !keys.contains(i.key())) {
                incidents.set(idx, i.resolved(now));
                if (kind == IncidentKind.APISERVICE_UNAVAILABLE) {
                    // What brought it back was likely a route: look at every node's route again now.
                    auditRequested = true;
                }
            }
        }
    }

    private void replace(int number, java.util.function.UnaryOperator<Incident> change) {
        for (int idx = 0; idx < incidents.size(); idx++) {
            if (incidents.get(idx).number() == number) {
                incidents.set(idx, change.apply(incidents.get(idx)));
                return;
            }
        }
    }

    private void prune(long now, WatchPolicy p) {
        long keep = Math.max(KEEP_RESOLVED_MILLIS, p.flapWindowSeconds() * 1000);
        incidents.removeIf(i -> !i.open() && now - i.resolvedAtMillis() > keep);
        while (incidents.size() > MAX_KEPT) {
            Optional<Incident> oldest = incidents.stream().filter(i -> !i.open()).findFirst();
            if (oldest.isEmpty()) {
                break;
            }
            incidents.remove(oldest.get());
        }
    }
}
