package dev.unstuck.cloud;

import java.util.List;

/**
 * A route table that forwards the API server's traffic to pods, with why: the vSwitch(es) the control plane sends
 * from are bound to it ("vSwitch vsw-cp of control-plane node master-1 (192.168.0.5) is bound to vtb-cp").
 */
public record SourceRouteTable(String routeTableId, List<String> reasons) {
    public SourceRouteTable {
        reasons = List.copyOf(reasons);
    }

    /** The first reason, for a one-line summary. */
    public String reason() {
        return reasons.isEmpty() ? "" : reasons.get(0);
    }
}
