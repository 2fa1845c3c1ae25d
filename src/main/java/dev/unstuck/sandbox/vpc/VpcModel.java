package dev.unstuck.sandbox.vpc;

import dev.unstuck.sandbox.vpc.VpcState.Entry;
import dev.unstuck.sandbox.vpc.VpcState.Table;
import dev.unstuck.sandbox.vpc.VpcState.VSwitch;
import dev.unstuck.sandbox.vpc.VpcState.Vpc;

import dev.unstuck.cloud.RouteEntry;
import dev.unstuck.cloud.RouteEntryStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The VPCs of the sandbox account: vSwitches, route tables and their bindings, entries and the ECS instances they
 * may point at. It enforces what the cloud enforces on a route write (one change per VPC at a time, the per-table
 * quota, no duplicate destination, no entry inside a vSwitch), whoever writes: a client through the OpenAPI or the
 * simulated cloud-controller-manager. Thread-safe.
 */
public final class VpcModel implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(VpcModel.class);
    static final String SYSTEM = "System";
    static final String CUSTOM = "Custom";
    private static final String CARRIER_GRADE_NAT = "100.64.0.0/10";

    public record VpcView(String id, String cidr, String vRouterId, List<String> routeTableIds,
                          List<String> vSwitchIds) {
    }

    /** {@code vSwitchIds}: the vSwitches whose traffic this table routes (for the System table, every unbound one). */
    public record TableView(String id, String vpcId, String vRouterId, String type, List<String> vSwitchIds) {
    }

    public record VSwitchView(String id, String vpcId, String cidr, String zone, String routeTableId,
                              String routeTableType) {
    }

    /** An entry as DescribeRouteEntryList shows it. */
    public record EntryView(String id, String tableId, String cidr, String nextHopType, String nextHopId, String type,
                            RouteEntryStatus status, String name, String description) {
        public RouteEntry toRouteEntry() {
            return new RouteEntry(id, tableId, cidr, nextHopType, nextHopId, status, type, description);
        }
    }

    /** A CreateRouteEntry call; with {@code dryRun} everything is checked and nothing is created. */
    public record CreateRequest(String routeTableId, String destinationCidrBlock, String nextHopType, String nextHopId,
                                String clientToken, String name, String description, boolean dryRun) {
    }

    private final Clock clock;
    private final Object lock = new Object();
    private final Map<String, Vpc> vpcs = new LinkedHashMap<>();
    private final Map<String, VSwitch> vSwitches = new LinkedHashMap<>();
    private final Map<String, Table> tables = new LinkedHashMap<>();
    private final Set<String> instances = new HashSet<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong(1);
    private volatile Duration pending = Duration.ofSeconds(1);
    private volatile int quota = Integer.MAX_VALUE;
    private ScheduledExecutorService timer;

    public VpcModel(Clock clock) {
        this.clock = clock;
    }

    // ---------------------------------------------------------------- seeding

    public void addVpc(String vpcId, String cidr) {
        synchronized (lock) {
            vpcs.put(vpcId, new Vpc(vpcId, cidr, "vrt-" + vpcId.replaceFirst("^vpc-", "")));
        }
    }

    /** A vSwitch; every table of its VPC gets the System entry for its CIDR, as in the cloud. */
    public void addVSwitch(String vpcId, String vSwitchId, String cidr, String zone) {
        synchronized (lock) {
            Vpc vpc = vpc(vpcId);
            vSwitches.put(vSwitchId, new VSwitch(vSwitchId, vpc, cidr, zone));
            vpc.tableIds.forEach(t -> addSystemEntry(tables.get(t), cidr));
        }
        fireChange();
    }

    /** The first table added to a VPC is its System table, as in the cloud. */
    public void addRouteTable(String vpcId, String routeTableId) {
        synchronized (lock) {
            addRouteTable(vpcId, routeTableId, vpc(vpcId).tableIds.isEmpty() ? SYSTEM : CUSTOM);
        }
    }

    public void addRouteTable(String vpcId, String routeTableId, String type) {
        synchronized (lock) {
            Vpc vpc = vpc(vpcId);
            Table table = new Table(routeTableId, vpc, type);
            tables.put(routeTableId, table);
            vpc.tableIds.add(routeTableId);
            vSwitches.values().stream().filter(v -> v.vpc == vpc).forEach(v -> addSystemEntry(table, v.cidr));
        }
    }

    /** Binds a vSwitch to a table: its traffic is routed by that table from now on. */
    public void bindVSwitch(String routeTableId, String vSwitchId) {
        synchronized (lock) {
            VSwitch v = vSwitches.get(vSwitchId);
            if (v == null) {
                throw new IllegalArgumentException("unknown vSwitch " + vSwitchId);
            }
            tables.values().forEach(t -> t.boundVSwitches.remove(vSwitchId));
            table(routeTableId).boundVSwitches.add(vSwitchId);
        }
        fireChange();
    }

    public void addInstance(String instanceId) {
        synchronized (lock) {
            instances.add(instanceId);
        }
    }

    /**
     * Seeds a Custom entry to an instance. A PENDING entry becomes Available after the pending time, other statuses
     * stay as given (see {@link #setEntryStatus}).
     */
    public String addRouteEntry(String routeTableId, String cidr, String nextHopInstanceId, RouteEntryStatus status) {
        String id;
        synchronized (lock) {
            Table table = table(routeTableId);
            Entry e = new Entry(newId(), table, cidr, "Instance", nextHopInstanceId, CUSTOM, "", "");
            if (status == RouteEntryStatus.PENDING) {
                e.availableAt = clock.instant().plus(pending);
                scheduleChange(pending);
            } else {
                e.fixedStatus = status;
            }
            table.entries.add(e);
            id = e.id;
        }
        fireChange();
        return id;
    }

    /** Seeds an Available System entry, like the ones the cloud adds for vSwitch CIDRs. */
    public String addSystemRouteEntry(String routeTableId, String cidr) {
        String id;
        synchronized (lock) {
            id = addSystemEntry(table(routeTableId), cidr).id;
        }
        fireChange();
        return id;
    }

    /** Pins an entry's status, e.g. to leave a route stuck in Pending for a scenario. */
    public void setEntryStatus(String routeEntryId, RouteEntryStatus status) {
        synchronized (lock) {
            Entry e = tables.values().stream().flatMap(t -> t.entries.stream())
                    .filter(x -> x.id.equals(routeEntryId)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown route entry " + routeEntryId));
            e.availableAt = null;
            e.fixedStatus = status;
        }
        fireChange();
    }

    /** Custom entries one table may hold before a create answers QuotaExceeded; unlimited unless set. */
    public void setRouteEntryQuota(int quota) {
        this.quota = quota;
    }

    /** How long a new entry stays Pending before it becomes Available. */
    public void setPending(Duration pending) {
        this.pending = pending;
    }

    /** Called whenever an entry is created or becomes Available, or a binding changes. */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    // ---------------------------------------------------------------- reading

    public List<VpcView> vpcs() {
        synchronized (lock) {
            return vpcs.values().stream().map(v -> new VpcView(v.id, v.cidr, v.vRouterId, List.copyOf(v.tableIds),
                    vSwitches.values().stream().filter(s -> s.vpc == v).map(s -> s.id).toList())).toList();
        }
    }

    public Optional<VpcView> findVpc(String vpcId) {
        return vpcs().stream().filter(v -> v.id().equals(vpcId)).findFirst();
    }

    public List<TableView> routeTableViews() {
        synchronized (lock) {
            return tables.values().stream().map(t -> new TableView(t.id, t.vpc.id, t.vpc.vRouterId, t.type,
                    routedVSwitches(t))).toList();
        }
    }

    public List<VSwitchView> vSwitches() {
        synchronized (lock) {
            List<VSwitchView> out = new ArrayList<>();
            for (VSwitch v : vSwitches.values()) {
                Table t = tableServing(v);
                out.add(new VSwitchView(v.id, v.vpc.id, v.cidr, v.zone, t == null ? "" : t.id,
                        t == null ? "" : t.type));
            }
            return out;
        }
    }

    public boolean hasRouteTable(String routeTableId) {
        synchronized (lock) {
            return tables.containsKey(routeTableId);
        }
    }

    /** Every entry of a table as DescribeRouteEntryList shows it, in creation order. */
    public List<EntryView> entryViews(String routeTableId) {
        synchronized (lock) {
            Instant now = clock.instant();
            return table(routeTableId).entries.stream().map(e -> e.view(now)).toList();
        }
    }

    public List<RouteEntry> entries(String routeTableId) {
        return entryViews(routeTableId).stream().map(EntryView::toRouteEntry).toList();
    }

    /** Every table's entries, by route table id, in the order tables were added. */
    public Map<String, List<RouteEntry>> routeTables() {
        synchronized (lock) {
            Map<String, List<RouteEntry>> out = new LinkedHashMap<>();
            tables.keySet().forEach(id -> out.put(id, entries(id)));
            return out;
        }
    }

    // ---------------------------------------------------------------- writing

    /**
     * Creates a Custom entry after the checks the cloud makes, in the cloud's order; returns its id.
     *
     * @throws VpcApiError the error the cloud answers with; {@code DryRunOperation} when a dry run would succeed
     */
    public String createRouteEntry(CreateRequest r) {
        String id;
        synchronized (lock) {
            Table table = tables.get(r.routeTableId());
            if (table == null) {
                throw VpcApiError.routeTableNotFound();
            }
            if (r.clientToken() != null && table.tokens.containsKey(r.clientToken())) {
                if (r.dryRun()) {
                    throw VpcApiError.dryRunPassed();
                }
                return table.tokens.get(r.clientToken());
            }
            String cidr = r.destinationCidrBlock();
            if (!Cidrs.valid(cidr)) {
                throw VpcApiError.cidrMalformed();
            }
            if (Cidrs.within(CARRIER_GRADE_NAT, cidr) || vSwitches.values().stream()
                    .anyMatch(v -> v.vpc == table.vpc && Cidrs.within(v.cidr, cidr))) {
                throw VpcApiError.cidrNotAllowed();
            }
            checkText(r.name(), 128, "RouteEntryName");
            checkText(r.description(), 256, "Description");
            if (!"Instance".equals(r.nextHopType())) {
                throw new VpcApiError(400, "InvalidNextHopType.NotSupported",
                        "The sandbox supports next hop type Instance only.");
            }
            if (r.nextHopId() == null || !instances.contains(r.nextHopId())) {
                throw VpcApiError.instanceNotFound();
            }
            for (Entry e : table.entries) {
                if (e.cidr.equals(cidr)) {
                    throw r.nextHopId().equals(e.nextHopId) ? VpcApiError.routeEntryDuplicate()
                            : VpcApiError.cidrDuplicate();
                }
            }
            Instant now = clock.instant();
            boolean busy = table.vpc.tableIds.stream().map(tables::get).flatMap(t -> t.entries.stream())
                    .anyMatch(e -> e.status(now) == RouteEntryStatus.PENDING);
            if (busy) {
                throw VpcApiError.taskConflict();
            }
            if (table.entries.stream().filter(e -> CUSTOM.equals(e.type)).count() >= quota) {
                throw VpcApiError.quotaExceeded();
            }
            if (r.dryRun()) {
                throw VpcApiError.dryRunPassed();
            }
            Duration wait = pending;
            Entry e = new Entry(newId(), table, cidr, r.nextHopType(), r.nextHopId(), CUSTOM,
                    r.name() == null ? "" : r.name(), r.description() == null ? "" : r.description());
            e.availableAt = now.plus(wait);
            table.entries.add(e);
            if (r.clientToken() != null) {
                table.tokens.put(r.clientToken(), e.id);
            }
            id = e.id;
            scheduleChange(wait);
        }
        fireChange();
        return id;
    }

    /**
     * Removes the Custom entry for {@code destinationCidr} from a table, as someone deleting it in the cloud console
     * would (the drill that starts the seed incident); System entries cannot be deleted, as in the cloud.
     *
     * @return the entry removed, or empty when the table holds no Custom entry for that destination
     */
    public Optional<EntryView> deleteRouteEntry(String routeTableId, String destinationCidr) {
        EntryView removed = null;
        synchronized (lock) {
            Table table = table(routeTableId);
            Instant now = clock.instant();
            for (java.util.Iterator<Entry> it = table.entries.iterator(); it.hasNext(); ) {
                Entry e = it.next();
                if (CUSTOM.equals(e.type) && e.cidr.equals(destinationCidr)) {
                    removed = e.view(now);
                    it.remove();
                    table.tokens.values().removeIf(e.id::equals);
                    break;
                }
            }
        }
        if (removed != null) {
            fireChange();
        }
        return Optional.ofNullable(removed);
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (timer != null) {
                timer.shutdownNow();
            }
        }
    }

    // ---------------------------------------------------------------- internals

    private static void checkText(String value, int max, String parameter) {
        if (value == null) {
            return;
        }
        String lower = value.toLowerCase(Locale.ROOT);
        if (value.isEmpty() || value.length() > max || lower.startsWith("http://") || lower.startsWith("https://")) {
            throw VpcApiError.malformed(parameter);
        }
    }

    private Entry addSystemEntry(Table table, String cidr) {
        Entry e = new Entry(newId(), table, cidr, "local", "", SYSTEM, "", "");
        e.fixedStatus = RouteEntryStatus.AVAILABLE;
        table.entries.add(e);
        return e;
    }

    /** The vSwitches whose traffic a table routes: bound ones, and for the System table every unbound one. */
    private List<String> routedVSwitches(Table t) {
        Set<String> out = new LinkedHashSet<>();
        for (VSwitch v : vSwitches.values()) {
            if (v.vpc == t.vpc && tableServing(v) == t) {
                out.add(v.id);
            }
        }
        return List.copyOf(out);
    }

    private Table tableServing(VSwitch v) {
        return v.vpc.tableIds.stream().map(tables::get).filter(t -> t.boundVSwitches.contains(v.id)).findFirst()
                .orElseGet(() -> v.vpc.tableIds.stream().map(tables::get).filter(t -> SYSTEM.equals(t.type))
                        .findFirst().orElse(null));
    }

    private Vpc vpc(String vpcId) {
        Vpc vpc = vpcs.get(vpcId);
        if (vpc == null) {
            throw new IllegalArgumentException("unknown VPC " + vpcId);
        }
        return vpc;
    }

    private Table table(String routeTableId) {
        Table t = tables.get(routeTableId);
        if (t == null) {
            throw new IllegalArgumentException("unknown route table " + routeTableId);
        }
        return t;
    }

    private String newId() {
        return "rte-" + String.format(Locale.ROOT, "%024x", ids.getAndIncrement());
    }

    /** Status is computed from time, so no thread is needed for it; the timer only tells listeners promptly. */
    private void scheduleChange(Duration after) {
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "sandbox-vpc-status");
                t.setDaemon(true);
                return t;
            });
        }
        if (!timer.isShutdown()) {
            timer.schedule(this::fireChange, after.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void fireChange() {
        for (Runnable l : listeners) {
            try {
                l.run();
            } catch (RuntimeException e) {
                log.warn("Sandbox VPC change listener failed", e);
            }
        }
    }
}
