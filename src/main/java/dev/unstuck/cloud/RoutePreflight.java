package dev.unstuck.cloud;

import dev.unstuck.remediation.PlanStep;
import dev.unstuck.remediation.Preflight;
import dev.unstuck.remediation.PreflightVerdict;
import dev.unstuck.remediation.RemediationAction;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Checks proposed route writes before anyone approves them, with {@code DryRun=true}: the cloud answers
 * {@code DryRunOperation} when the write would succeed, or the error it would fail with. The number of dry runs per
 * diagnosis is bounded, so a thousand-node audit does not cost a thousand calls: a table-wide refusal (quota,
 * permission, unknown table) is carried over to the table's other steps, anything else is left unchecked.
 * A check that could not get an answer (throttling, outage) is UNKNOWN, never WOULD_FAIL.
 */
final class RoutePreflight {
    static final int MAX_DRY_RUNS = 10;
    static final String DESCRIPTION = "unstuck pre-flight";

    /** Refusals that hold for every write into the same table, not just the one checked. */
    private static final Set<String> TABLE_WIDE = Set.of(CloudErrors.QUOTA_EXCEEDED, "Forbidden.RAM",
            "InvalidRouteTableId.NotFound", "InvalidRouteTable.NotFound", "IncorrectVpcStatus",
            "InvalidAccessKeyId.NotFound", "SDK.InvalidAccessKeySecret", CloudErrors.NO_CREDENTIALS);

    private final VpcApi vpc;
    private final int quota;
    private final Map<String, RouteTableView> views;
    private final Map<String, Preflight> refusedTables = new HashMap<>();
    private final Map<String, Integer> plannedPerTable = new HashMap<>();
    private int dryRuns;

    RoutePreflight(VpcApi vpc, int quota, Map<String, RouteTableView> views) {
        this.vpc = Objects.requireNonNull(vpc);
        this.quota = quota;
        this.views = views;
    }

    /** The steps with {@link PlanStep#preflight()} set on every CREATE_ROUTE_ENTRY; call plan first, then audit. */
    List<PlanStep> check(List<PlanStep> steps) {
        List<PlanStep> out = new ArrayList<>(steps.size());
        for (PlanStep step : steps) {
            out.add(step.action() == RemediationAction.CREATE_ROUTE_ENTRY ? step.withPreflight(check(step)) : step);
        }
        return out;
    }

    private Preflight check(PlanStep step) {
        String table = step.parameter("routeTableId");
        RouteTableView view = views.get(table);
        Integer custom = view == null ? null : view.customEntries();
        int before = plannedPerTable.merge(table, 1, Integer::sum) - 1;
        Preflight refused = refusedTables.get(table);
        if (refused != null) {
            return new Preflight(PreflightVerdict.WOULD_FAIL, refused.code(), refused.message()
                    + " (as the dry run of an earlier write into " + table + " showed)", custom, quota);
        }
        if (dryRuns >= MAX_DRY_RUNS) {
            return new Preflight(PreflightVerdict.UNKNOWN, null, "not dry-run: a diagnosis checks at most "
                    + MAX_DRY_RUNS + " writes, to keep its cloud calls bounded", custom, quota);
        }
        dryRuns++;
        CreateRouteEntryRequest request = new CreateRouteEntryRequest(table, step.parameter("destinationCidrBlock"),
                step.parameter("nextHopType"), step.parameter("nextHopId"), null, DESCRIPTION);
        try {
            vpc.dryRunCreateRouteEntry(request);
        } catch (CloudException e) {
            return refusal(table, custom, e);
        }
        if (custom != null && custom + before >= quota) {
            // The cloud checked this write alone; the plan's earlier writes into the same table come first.
            return new Preflight(PreflightVerdict.UNKNOWN, CloudErrors.QUOTA_EXCEEDED, table + " holds " + custom
                    + " of " + quota + " custom entries and this plan writes " + (before + 1) + " into it: this"
                    + " write may exceed the quota", custom, quota);
        }
        return new Preflight(PreflightVerdict.WOULD_SUCCEED, null, "the cloud accepted a dry run of this write",
                custom, quota);
    }

    private Preflight refusal(String table, Integer custom, CloudException e) {
        if (e.isRetryable()) {
            return new Preflight(PreflightVerdict.UNKNOWN, e.code(), e.getMessage(), custom, quota);
        }
        if (CloudErrors.DRY_RUN_IGNORED.equals(e.code()) || e.errorClass() == CloudErrorClass.ALREADY_DONE) {
            // Not a reason to refuse: the write itself re-reads the table and judges what it finds.
            return new Preflight(PreflightVerdict.UNKNOWN, e.code(), e.getMessage(), custom, quota);
        }
        Preflight p = new Preflight(PreflightVerdict.WOULD_FAIL, e.code(), CloudErrors.QUOTA_EXCEEDED.equals(e.code())
                ? (custom == null ? table + " is full" : RouteQuota.full(table, custom, quota))
                : e.getMessage(), custom, quota);
        if (TABLE_WIDE.contains(e.code())) {
            refusedTables.put(table, p);
        }
        return p;
    }
}
