package dev.unstuck.cloud;

import dev.unstuck.diagnosis.Cause;
import dev.unstuck.diagnosis.CauseKind;
import dev.unstuck.diagnosis.NodeInfo;
import dev.unstuck.remediation.PlanStep;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Every node's route, table by table, in the tables the cloud-controller-manager manages (or the control plane's
 * tables when it manages none): a broken route controller rarely breaks just one node. Offers, per table, the writes
 * the namespace does not need but the cluster does.
 */
final class RouteAudit {
    private static final int MAX_LISTED = 10;

    private final List<Cause> causes = new ArrayList<>();
    private final List<PlanStep> plan = new ArrayList<>();

    List<Cause> causes() {
        return causes;
    }

    List<PlanStep> plan() {
        return plan;
    }

    /**
     * @param planned     steps already in the namespace's plan (never offered twice)
     * @param pathTables  the tables whose path routes are already judged as path causes
     */
    void audit(RouteTableView table, List<NodeInfo> nodes, PathRoutes paths, List<PlanStep> planned,
               Set<String> pathTables) {
        Set<String> alreadyPlanned = new HashSet<>();
        planned.forEach(s -> alreadyPlanned.add(s.parameter("routeTableId") + " " + s.parameter("destinationCidrBlock")));
        List<String> evidence = new ArrayList<>();
        int eligible = 0;
        int missing = 0;
        int beyond = 0;
        for (NodeInfo n : nodes) {
            if (n.podCIDR() == null || n.instanceId() == null) {
                continue;
            }
            eligible++;
            NodeRoute route = new NodeRoute(n.name(), n.podCIDR().trim(), n.instanceId());
            RouteFinding finding = table.check(route);
            if (finding.state() == RouteFinding.State.CARRIED) {
                continue;
            }
            missing++;
            if (evidence.size() < MAX_LISTED) {
                evidence.add("node " + n.name() + " " + route.describe() + ": "
                        + (finding.entry() == null ? "no entry" : "entry " + finding.entry().describe()));
            }
            if (!(paths.pathNodes().contains(n.name()) && pathTables.contains(table.id()))) {
                beyond++;
            }
            if (finding.state() == RouteFinding.State.MISSING && !paths.claimedByOthers(route)
                    && alreadyPlanned.add(table.id() + " " + route.podCIDR())) {
                plan.add(route.createIn(table.id()));
            }
        }
        if (missing > MAX_LISTED) {
            evidence.add("... and " + (missing - MAX_LISTED) + " more node(s)");
        }
        if (beyond > 0) {
            causes.add(new Cause(CauseKind.NODE_ROUTES_MISSING, "route table " + table.id() + ": " + missing + " of "
                    + eligible + " nodes have no Available VPC route to their pods (" + beyond + " beyond those"
                    + " blocking this namespace); a broken route controller rarely breaks just one node", evidence));
        }
    }
}
