package dev.unstuck.watch;

import dev.unstuck.diagnosis.Cause;
import dev.unstuck.diagnosis.CauseKind;
import dev.unstuck.diagnosis.NodeRouteAudit;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The watcher's judgement on snapshots of the seed incident as it unfolds, minute by minute. */
class IncidentBookTest {
    private static final long MIN = 60_000;
    private static final long T0 = 1_700_000_000_000L;
    private static final String METRICS = "v1beta1.metrics.k8s.io";
    private static final String DISCOVERY = "Discovery failed for some groups, 1 failing: unable to retrieve the"
            + " complete list of server APIs: metrics.k8s.io/v1beta1: the server is currently unable to handle the"
            + " request";
    // The audit on a Schedule here, so deadlines are the thresholds' alone (the own-timer case has its own test).
    private static final WatchPolicy POLICY = new WatchPolicy(10 * 60, 5 * 60, 3600, false, 10, 30 * 60, 60,
            List.of(new AlertTarget("discord", "1200000000000000101")), List.of("sre"), List.of());

    private final IncidentBook book = new IncidentBook(WatchState.fresh("0a1b2c3d"));

    @Test
    void givenMetricsUnavailableFor4Minutes_noCard_at5MinutesOneCard_andANamespaceJoinsItInsteadOfAStandaloneCard() {
        book.observe(snapshot(List.of(), unavailable(T0)), T0 + 4 * MIN, POLICY);
        assertThat(book.incidents()).isEmpty();
        assertThat(book.nextDeadline(T0 + 4 * MIN, POLICY)).as("looks again when 5 min pass").isEqualTo(T0 + 5 * MIN);

        book.observe(snapshot(List.of(), unavailable(T0)), T0 + 5 * MIN, POLICY);
        assertThat(book.show(T0 + 5 * MIN, POLICY)).singleElement().satisfies(i -> {
            assertThat(i.kind()).isEqualTo(IncidentKind.APISERVICE_UNAVAILABLE);
            assertThat(i.subject()).isEqualTo(METRICS);
            assertThat(i.namespaces()).isEmpty();
        });

        // payments deleted at T0+6, stuck from T0+16: the same card names it, no card of its own.
        NamespaceSeen payments = failingOnMetrics("payments", T0 + 6 * MIN);
        book.observe(snapshot(List.of(payments), unavailable(T0)), T0 + 10 * MIN, POLICY);
        assertThat(book.incidents()).singleElement().satisfies(i -> assertThat(i.namespaces()).isEmpty());
        int revision = book.incidents().get(0).revision();
        book.observe(snapshot(List.of(payments), unavailable(T0)), T0 + 16 * MIN, POLICY);
        assertThat(book.incidents()).singleElement().satisfies(i -> {
            assertThat(i.namespaces()).extracting(NamespaceSeen::name).containsExactly("payments");
            assertThat(i.revision()).as("the card is edited").isEqualTo(revision + 1);
            assertThat(i.longestStuckNamespace()).isEqualTo("payments");
        });
        assertThat(book.show(T0 + 16 * MIN, POLICY)).as("nothing new to show").isEmpty();
        assertThat(book.postsDue(POLICY)).singleElement().satisfies(d -> assertThat(d.messageId()).isNull());
    }

    @Test
    void givenDevStuckFor3HoursOnMetrics_theApiServiceCardOpensAtOnceBeforeItsOwnThreshold() {
        NamespaceSeen dev = failingOnMetrics("dev", T0 - 180 * MIN);
        book.observe(snapshot(List.of(dev), unavailable(T0)), T0 + 1000, POLICY);
        assertThat(book.show(T0 + 1000, POLICY)).singleElement().satisfies(i -> {
            assertThat(i.kind()).isEqualTo(IncidentKind.APISERVICE_UNAVAILABLE);
            assertThat(i.namespaces()).extracting(NamespaceSeen::name).containsExactly("dev");
        });
    }

    @Test
    void givenANamespaceDeletedAMinuteAgo_nothingIsPostedUntilItIsStuck() {
        NamespaceSeen legacy = finalizers("legacy", T0);
        book.observe(snapshot(List.of(legacy), List.of()), T0 + MIN, POLICY);
        assertThat(book.show(T0 + MIN, POLICY)).isEmpty();
        assertThat(book.nextDeadline(T0 + MIN, POLICY)).isEqualTo(T0 + MIN + 60_000);

        book.observe(snapshot(List.of(legacy), List.of()), T0 + 10 * MIN, POLICY);
        assertThat(book.show(T0 + 10 * MIN, POLICY)).singleElement().satisfies(i -> {
            assertThat(i.kind()).isEqualTo(IncidentKind.NAMESPACE_STUCK);
            assertThat(i.subject()).isEqualTo("legacy");
        });
    }

    @Test
    void givenAStandaloneNamespaceCard_whenMetricsTurnsOutToHoldIt_itsCardEndsInTheApiServiceIncident() {
        book.observe(snapshot(List.of(failingOnMetrics("dev", T0)), available(T0 - 60 * MIN)), T0 + 11 * MIN,
                POLICY);
        assertThat(book.incidents()).singleElement().satisfies(i ->
                assertThat(i.kind()).isEqualTo(IncidentKind.NAMESPACE_STUCK));

        book.observe(snapshot(List.of(failingOnMetrics("dev", T0)), unavailable(T0 + 11 * MIN)), T0 + 12 * MIN,
                POLICY);
        assertThat(book.incidents()).hasSize(2);
        assertThat(book.incidents().get(0)).satisfies(i -> {
            assertThat(i.open()).isFalse();
            assertThat(i.resolution()).isEqualTo("now part of the incident of APIService " + METRICS);
        });
        assertThat(book.incidents().get(1).namespaces()).extracting(NamespaceSeen::name).containsExactly("dev");
    }

    @Test
    void givenMetricsFlapping_itsCardReopensWithinTheFlapWindow_andANewOneOpensOnlyAfterIt() {
        book.observe(snapshot(List.of(), unavailable(T0)), T0 + 5 * MIN, POLICY);
        book.show(T0 + 5 * MIN, POLICY);
        book.observe(snapshot(List.of(), available(T0 + 6 * MIN)), T0 + 6 * MIN, POLICY);
        assertThat(book.incidents().get(0).open()).isFalse();
        assertThat(book.unexplainedResolutions()).hasSize(1);

        book.observe(snapshot(List.of(), unavailable(T0 + 7 * MIN)), T0 + 12 * MIN, POLICY);
        assertThat(book.incidents()).singleElement().satisfies(i -> {
            assertThat(i.open()).isTrue();
            assertThat(i.number()).isEqualTo(1);
            assertThat(i.reopenings()).isEqualTo(1);
            assertThat(i.problemSinceMillis()).isEqualTo(T0 + 7 * MIN);
        });
        assertThat(book.show(T0 + 12 * MIN, POLICY)).as("already shown: the same card is edited").isEmpty();

        book.observe(snapshot(List.of(), available(T0 + 13 * MIN)), T0 + 13 * MIN, POLICY);
        book.observe(snapshot(List.of(), unavailable(T0 + 50 * MIN)), T0 + 55 * MIN, POLICY);
        assertThat(book.incidents()).extracting(Incident::number).containsExactly(1, 2);
    }

    @Test
    void givenTheClusterMuted_cardsWaitForTheMuteToEnd_andOneThatResolvesMeanwhileIsNeverShown() {
        book.mute(new Mute(T0 + 30 * MIN, "bob"));
        book.observe(snapshot(List.of(finalizers("legacy", T0 - 20 * MIN)), unavailable(T0 - 10 * MIN)), T0,
                POLICY);
        assertThat(book.show(T0, POLICY)).isEmpty();
        assertThat(book.nextDeadline(T0, POLICY)).isEqualTo(T0 + MIN);

        book.observe(snapshot(List.of(finalizers("legacy", T0 - 20 * MIN)), available(T0 + 5 * MIN)), T0 + 5 * MIN,
                POLICY);
        assertThat(book.show(T0 + 30 * MIN, POLICY)).singleElement().satisfies(i ->
                assertThat(i.subject()).isEqualTo("legacy"));
        assertThat(book.unexplainedResolutions()).as("metrics' card was never shown").isEmpty();
    }

    @Test
    void givenOneCardPerHour_theSecondIncidentWaitsForTheHourToPass() {
        WatchPolicy onePerHour = new WatchPolicy(600, 300, 3600, false, 1, 1800, 60, List.of(), List.of("sre"),
                List.of());
        book.observe(snapshot(List.of(finalizers("legacy", T0 - 20 * MIN)), unavailable(T0 - 10 * MIN)), T0,
                onePerHour);
        assertThat(book.show(T0, onePerHour)).hasSize(1);
        assertThat(book.show(T0 + MIN, onePerHour)).isEmpty();
        assertThat(book.nextDeadline(T0 + MIN, onePerHour)).isEqualTo(T0 + MIN + 60_000);
        assertThat(book.show(T0 + 60 * MIN, onePerHour)).hasSize(1);
    }

    @Test
    void givenTheAuditFindsNode2sRouteMissing_oneRoutesCard_whichResolvesWhenTheNextAuditIsClean() {
        book.observe(snapshot(List.of(), List.of()), T0, POLICY);
        assertThat(book.auditDue(T0, POLICY)).as("never audited").isTrue();
        NodeRouteAudit missing = new NodeRouteAudit(true, List.of(new Cause(CauseKind.NODE_ROUTES_MISSING,
                "route table vtb-hz001: 1 of 2 nodes have no Available VPC route to their pods", List.of())),
                List.of(), List.of(new NodeRouteAudit.MissingNodeRoute("vtb-hz001", "cn-hangzhou.192.168.0.194",
                "172.16.1.0/24", "i-node2")), List.of(), null);
        book.audited(missing, T0, POLICY);
        WatchPolicy ownTimer = POLICY.withAuditOnOwnTimer(true);
        assertThat(book.auditDue(T0 + MIN, ownTimer)).isFalse();
        assertThat(book.nextDeadline(T0 + 59 * MIN, ownTimer)).isEqualTo(T0 + 60 * MIN);
        assertThat(book.auditDue(T0 + 60 * MIN, ownTimer)).as("the hourly audit").isTrue();
        assertThat(book.auditDue(T0 + 60 * MIN, POLICY)).as("the Schedule's job").isFalse();
        book.requestAudit();
        assertThat(book.auditDue(T0 + 60 * MIN, POLICY)).as("the Schedule asked").isTrue();
        assertThat(book.show(T0, POLICY)).singleElement().satisfies(i -> {
            assertThat(i.kind()).isEqualTo(IncidentKind.NODE_ROUTES_MISSING);
            assertThat(i.routes()).extracting(NodeRouteAudit.MissingNodeRoute::podCIDR).containsExactly("172.16.1.0/24");
        });

        book.audited(new NodeRouteAudit(true, List.of(), List.of(), List.of(), List.of(), "Throttling"), T0 + MIN,
                POLICY);
        assertThat(book.incidents().get(0).open()).as("an audit that could not ask changes nothing").isTrue();
        book.audited(new NodeRouteAudit(true, List.of(), List.of(), List.of(), List.of(), null), T0 + 2 * MIN, POLICY);
        assertThat(book.incidents().get(0).open()).isFalse();
    }

    @Test
    void givenANodeJoins_theAuditRunsAgain() {
        book.observe(snapshot(List.of(), List.of()), T0, POLICY);
        book.audited(new NodeRouteAudit(true, List.of(), List.of(), List.of(), List.of(), null), T0, POLICY);
        assertThat(book.auditDue(T0, POLICY)).isFalse();
        book.observe(new ClusterSnapshot(T0 + 1000, List.of(), List.of(), 3, "three-nodes", "f2"), T0 + 1000, POLICY);
        assertThat(book.auditDue(T0 + 1000, POLICY)).isTrue();
    }

    @Test
    void givenAPostedCard_itsPostIsKeptInTheStateAndOnlyANewerRevisionIsDueAgain() {
        book.observe(snapshot(List.of(), unavailable(T0)), T0 + 5 * MIN, POLICY);
        book.show(T0 + 5 * MIN, POLICY);
        IncidentBook.PostDue due = book.postsDue(POLICY).get(0);
        book.posted(due.incident().number(), new CardPost(due.target(), "m-1", due.incident().revision()));
        assertThat(book.postsDue(POLICY)).isEmpty();

        IncidentBook afterRestart = new IncidentBook(book.state());
        assertThat(afterRestart.postsDue(POLICY)).isEmpty();
        afterRestart.observe(snapshot(List.of(), available(T0 + 9 * MIN)), T0 + 9 * MIN, POLICY);
        afterRestart.explain(1, "by itself");
        assertThat(afterRestart.postsDue(POLICY)).singleElement().satisfies(d ->
                assertThat(d.messageId()).as("edits the message posted before the restart").isEqualTo("m-1"));
    }

    // ---- the world ----------------------------------------------------------------------------------------------

    private static ClusterSnapshot snapshot(List<NamespaceSeen> terminating, List<ApiServiceSeen> apis) {
        return new ClusterSnapshot(T0, terminating, apis, 2, "two-nodes", "f" + terminating.hashCode() + apis.hashCode());
    }

    private static List<ApiServiceSeen> unavailable(long since) {
        return List.of(new ApiServiceSeen(METRICS, "metrics.k8s.io/v1beta1", "kube-system/metrics-server", false,
                "FailedDiscoveryCheck", "failing or missing response from https://172.16.1.12:4443/apis/metrics.k8s.io/"
                + "v1beta1: Get \"https://172.16.1.12:4443/apis/metrics.k8s.io/v1beta1\": net/http: request canceled"
                + " while waiting for connection (Client.Timeout exceeded while awaiting headers)", since));
    }

    private static List<ApiServiceSeen> available(long since) {
        return List.of(new ApiServiceSeen(METRICS, "metrics.k8s.io/v1beta1", "kube-system/metrics-server", true,
                "Passed", "all checks passed", since));
    }

    private static NamespaceSeen failingOnMetrics(String name, long since) {
        return new NamespaceSeen(name, since, List.of("metrics.k8s.io/v1beta1"), List.of(new ConditionSeen(
                "NamespaceDeletionDiscoveryFailure", "DiscoveryFailed", DISCOVERY)));
    }

    private static NamespaceSeen finalizers(String name, long since) {
        return new NamespaceSeen(name, since, List.of(), List.of(new ConditionSeen("NamespaceFinalizersRemaining",
                "SomeFinalizersRemain", "Some content in the namespace has finalizers remaining: example.com/cleanup"
                + " in 1 resource instances")));
    }
}
