package dev.unstuck.sandbox.vpc;

import dev.unstuck.cloud.RouteEntryStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** What the sandbox account holds, guarded by {@link VpcModel}'s lock: VPCs, vSwitches, tables and their entries. */
final class VpcState {
    private VpcState() {
    }

    static final class Vpc {
        final String id;
        final String cidr;
        final String vRouterId;
        final List<String> tableIds = new ArrayList<>();

        Vpc(String id, String cidr, String vRouterId) {
            this.id = id;
            this.cidr = cidr;
            this.vRouterId = vRouterId;
        }
    }

    static final class VSwitch {
        final String id;
        final Vpc vpc;
        final String cidr;
        final String zone;

        VSwitch(String id, Vpc vpc, String cidr, String zone) {
            this.id = id;
            this.vpc = vpc;
            this.cidr = cidr;
            this.zone = zone;
        }
    }

    static final class Table {
        final String id;
        final Vpc vpc;
        final String type;
        final List<Entry> entries = new ArrayList<>();
        final Set<String> boundVSwitches = new LinkedHashSet<>();
        final Map<String, String> tokens = new ConcurrentHashMap<>();

        Table(String id, Vpc vpc, String type) {
            this.id = id;
            this.vpc = vpc;
            this.type = type;
        }
    }

    static final class Entry {
        final String id;
        final Table table;
        final String cidr;
        final String nextHopType;
        final String nextHopId;
        final String type;
        final String name;
        final String description;
        /** When set, the entry is Pending until then and Available after. */
        Instant availableAt;
        RouteEntryStatus fixedStatus;

        Entry(String id, Table table, String cidr, String nextHopType, String nextHopId, String type, String name,
              String description) {
            this.id = id;
            this.table = table;
            this.cidr = cidr;
            this.nextHopType = nextHopType;
            this.nextHopId = nextHopId;
            this.type = type;
            this.name = name;
            this.description = description;
        }

        RouteEntryStatus status(Instant now) {
            if (availableAt != null) {
                return now.isBefore(availableAt) ? RouteEntryStatus.PENDING : RouteEntryStatus.AVAILABLE;
            }
            return fixedStatus;
        }

        VpcModel.EntryView view(Instant now) {
            return new VpcModel.EntryView(id, table.id, cidr, nextHopType, nextHopId, type, status(now), name, description);
        }
    }
}
