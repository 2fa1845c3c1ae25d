package dev.unstuck.cloud;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * An in-memory VPC whose calls can be made to fail in a scripted order; entries created here become Available after a
 * number of status reads, which stands in for the cloud's asynchronous creation.
 */
final class ScriptedVpcApi implements VpcApi {
    final List<RouteEntry> entries = new ArrayList<>();
    final List<CreateRouteEntryRequest> creates = new ArrayList<>();
    final Deque<CloudException> createFailures = new ArrayDeque<>();
    final Deque<CloudException> readFailures = new ArrayDeque<>();
    /** Runs before a scripted create failure is thrown, e.g. to let a competitor add its entry. */
    Consumer<CreateRouteEntryRequest> beforeCreateFailure = r -> { };
    int readsUntilAvailable = 2;
    private int reads;
    private long calls;
    private int nextId = 1;

    static CloudException error(String code, int status) {
        return CloudErrors.exception("CreateRouteEntry", code, status, "scripted", "req-1", null);
    }

    RouteEntry add(String cidr, String instanceId, RouteEntryStatus status) {
        RouteEntry e = new RouteEntry("rte-seed" + nextId++, "vtb-1", cidr, "Instance", instanceId, status, "Custom",
                "");
        entries.add(e);
        return e;
    }

    @Override
    public Optional<VpcAttributes> describeVpc(String vpcId) {
        calls++;
        return Optional.empty();
    }

    @Override
    public List<RouteTable> routeTables(String vpcId) {
        calls++;
        return List.of();
    }

    @Override
    public synchronized List<RouteEntry> routeEntries(String routeTableId) {
        calls++;
        if (!readFailures.isEmpty()) {
            throw readFailures.pop();
        }
        reads++;
        if (reads > readsUntilAvailable) {
            entries.replaceAll(e -> e.status() == RouteEntryStatus.PENDING
                    ? new RouteEntry(e.routeEntryId(), e.routeTableId(), e.destinationCidrBlock(), e.nextHopType(),
                    e.nextHopId(), RouteEntryStatus.AVAILABLE, e.type(), e.description()) : e);
        }
        return List.copyOf(entries);
    }

    @Override
    public synchronized String createRouteEntry(CreateRouteEntryRequest request) {
        calls++;
        creates.add(request);
        if (!createFailures.isEmpty()) {
            beforeCreateFailure.accept(request);
            throw createFailures.pop();
        }
        String id = "rte-new" + nextId++;
        entries.add(new RouteEntry(id, request.routeTableId(), request.destinationCidrBlock(), request.nextHopType(),
                request.nextHopId(), RouteEntryStatus.PENDING, "Custom", request.description()));
        reads = 0;
        return id;
    }

    @Override
    public long callCount() {
        return calls;
    }
}
