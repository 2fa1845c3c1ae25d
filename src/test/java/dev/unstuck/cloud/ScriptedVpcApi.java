package dev.unstuck.cloud;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * An in-memory VPC whose calls can be made to fail in a scripted order; entries created here become Available after a
 * number of status reads, which stands in for the cloud's asynchronous creation. A ClientToken seen before is
 * answered with the entry it created, as the cloud does, even if that entry is gone since.
 */
final class ScriptedVpcApi implements VpcApi {
    static final String VPC = "vpc-1";
    static final String TABLE = "vtb-1";

    final List<RouteEntry> entries = new ArrayList<>();
    final List<RouteTable> tables = new ArrayList<>(List.of(new RouteTable(TABLE, VPC, "System", "Available",
            List.of())));
    final List<VSwitch> vSwitches = new ArrayList<>();
    final List<CreateRouteEntryRequest> creates = new ArrayList<>();
    final List<CreateRouteEntryRequest> dryRuns = new ArrayList<>();
    final Deque<CloudException> createFailures = new ArrayDeque<>();
    final Deque<CloudException> readFailures = new ArrayDeque<>();
    final Deque<CloudException> dryRunFailures = new ArrayDeque<>();
    final Map<String, Integer> callsByAction = new HashMap<>();
    /** When set, DescribeVSwitches fails with it. */
    CloudException vSwitchFailure;
    /** Runs before a scripted create failure is thrown, e.g. to let a competitor add its entry. */
    Consumer<CreateRouteEntryRequest> beforeCreateFailure = r -> { };
    int readsUntilAvailable = 2;
    private final Map<String, String> tokens = new HashMap<>();
    private int reads;
    private long calls;
    private int nextId = 1;

    static CloudException error(String code, int status) {
        return CloudErrors.exception("CreateRouteEntry", code, status, "scripted", "req-1", null);
    }

    RouteEntry add(String cidr, String instanceId, RouteEntryStatus status) {
        return add(TABLE, cidr, instanceId, status);
    }

    RouteEntry add(String table, String cidr, String instanceId, RouteEntryStatus status) {
        RouteEntry e = new RouteEntry("rte-seed" + nextId++, table, cidr, "Instance", instanceId, status, "Custom",
                "");
        entries.add(e);
        return e;
    }

    /** Replaces the VPC's tables: the first given is the System table. */
    ScriptedVpcApi tables(RouteTable... given) {
        tables.clear();
        tables.addAll(List.of(given));
        return this;
    }

    ScriptedVpcApi vSwitch(String id, String cidr) {
        vSwitches.add(new VSwitch(id, VPC, "cn-hangzhou-k", cidr));
        return this;
    }

    int calls(String action) {
        return callsByAction.getOrDefault(action, 0);
    }

    private void count(String action) {
        calls++;
        callsByAction.merge(action, 1, Integer::sum);
    }

    @Override
    public Optional<VpcAttributes> describeVpc(String vpcId) {
        count("DescribeVpcAttribute");
        return VPC.equals(vpcId) ? Optional.of(new VpcAttributes(VPC, "Available", "192.168.0.0/16", "vrt-1"))
                : Optional.empty();
    }

    @Override
    public List<RouteTable> routeTables(String vpcId) {
        count("DescribeRouteTableList");
        return VPC.equals(vpcId) ? List.copyOf(tables) : List.of();
    }

    @Override
    public List<VSwitch> vSwitches(String vpcId) {
        count("DescribeVSwitches");
        if (vSwitchFailure != null) {
            throw vSwitchFailure;
        }
        return VPC.equals(vpcId) ? List.copyOf(vSwitches) : List.of();
    }

    @Override
    public synchronized List<RouteEntry> routeEntries(String routeTableId) {
        count("DescribeRouteEntryList");
        if (!readFailures.isEmpty()) {
            throw readFailures.pop();
        }
        reads++;
        if (reads > readsUntilAvailable) {
            entries.replaceAll(e -> e.status() == RouteEntryStatus.PENDING
                    ? new RouteEntry(e.routeEntryId(), e.routeTableId(), e.destinationCidrBlock(), e.nextHopType(),
                    e.nextHopId(), RouteEntryStatus.AVAILABLE, e.type(), e.description()) : e);
        }
        return entries.stream().filter(e -> routeTableId.equals(e.routeTableId())).toList();
    }

    @Override
    public synchronized String createRouteEntry(CreateRouteEntryRequest request) {
        count("CreateRouteEntry");
        creates.add(request);
        if (!createFailures.isEmpty()) {
            beforeCreateFailure.accept(request);
            throw createFailures.pop();
        }
        if (request.clientToken() != null && tokens.containsKey(request.clientToken())) {
            return tokens.get(request.clientToken());
        }
        String id = "rte-new" + nextId++;
        entries.add(new RouteEntry(id, request.routeTableId(), request.destinationCidrBlock(), request.nextHopType(),
                request.nextHopId(), RouteEntryStatus.PENDING, "Custom", request.description()));
        if (request.clientToken() != null) {
            tokens.put(request.clientToken(), id);
        }
        reads = 0;
        return id;
    }

    @Override
    public synchronized void dryRunCreateRouteEntry(CreateRouteEntryRequest request) {
        count("CreateRouteEntry?DryRun");
        dryRuns.add(request);
        if (!dryRunFailures.isEmpty()) {
            throw dryRunFailures.pop();
        }
    }

    @Override
    public long callCount() {
        return calls;
    }
}
