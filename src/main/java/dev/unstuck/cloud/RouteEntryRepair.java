package dev.unstuck.cloud;

import dev.unstuck.remediation.StepAttempt;
import dev.unstuck.remediation.StepRun;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Restores a node's pod route (podCIDR -> the node's ECS instance) and nothing else. The safety rules live here so
 * that no caller can skip them:
 * <ul>
 *   <li>an entry that already holds the destination is never changed; if it points elsewhere the repair stops
 *       and reports it, because only a person can tell a stale route from a deliberate one;</li>
 *   <li>the write carries a ClientToken derived from the workflow run and step, so retries and replays cannot
 *       create a second entry, and a Description naming Unstuck and the run, so a person can tell who wrote it;</li>
 *   <li>a full route table stops the repair at once, saying how many custom entries it holds;</li>
 *   <li>retries are bounded in attempts and time, and success means the entry was seen Available;</li>
 *   <li>it heartbeats at least every {@value #HEARTBEAT_SECONDS} s between calls, and a retry of a step (after a
 *       timeout or a lost worker) reads the table first and reports the entry an earlier attempt created as
 *       created by this run, without writing again.</li>
 * </ul>
 */
public final class RouteEntryRepair {
    private static final Logger log = LoggerFactory.getLogger(RouteEntryRepair.class);
    private static final int MAX_DESCRIPTION = 256;
    static final int HEARTBEAT_SECONDS = 2;
    private static final Duration HEARTBEAT = Duration.ofSeconds(HEARTBEAT_SECONDS);
    /** Room for the calls in flight when a bound is reached: each SDK request gives up within 15 s. */
    private static final Duration CALLS_IN_FLIGHT = Duration.ofMinutes(1);

    private final VpcApi api;
    private final int routeEntryQuota;
    private final RepairPolicy policy;
    private final Sleeper sleeper;
    private final Clock clock;
    private final Random random;

    /** @param routeEntryQuota custom entries a route table may hold on this account, for messages */
    public RouteEntryRepair(VpcApi api, int routeEntryQuota) {
        this(api, routeEntryQuota, RepairPolicy.defaults(), Sleeper.REAL, Clock.systemUTC(), new Random());
    }

    public RouteEntryRepair(VpcApi api, int routeEntryQuota, RepairPolicy policy, Sleeper sleeper, Clock clock,
                            Random random) {
        this.api = Objects.requireNonNull(api);
        this.routeEntryQuota = routeEntryQuota;
        this.policy = Objects.requireNonNull(policy);
        this.sleeper = Objects.requireNonNull(sleeper);
        this.clock = Objects.requireNonNull(clock);
        this.random = Objects.requireNonNull(random);
    }

    /**
     * The longest one {@link #ensureRoute} can take under {@code policy}: reads and the write retried within
     * {@code maxElapsed}, then the wait for Available, plus the calls in flight at each bound. A workflow gives a
     * repair step at least this long, so a slow but healthy repair is never timed out and retried over itself.
     */
    public static Duration longestRun(RepairPolicy policy) {
        return policy.maxElapsed().plus(policy.availableTimeout()).plus(CALLS_IN_FLIGHT);
    }

    /**
     * Makes sure {@code routeTableId} routes {@code destinationCidr} to {@code instanceId}.
     *
     * @throws CloudException PERMANENT errors (permissions, quota, unknown instance, credentials) at once, and
     *                        RETRYABLE ones once the policy's attempts or time are used up
     */
    public RepairResult ensureRoute(String routeTableId, String destinationCidr, String instanceId, StepRun run) {
        return ensureRoute(routeTableId, destinationCidr, instanceId, run, StepAttempt.FIRST);
    }

    /**
     * As {@link #ensureRoute(String, String, String, StepRun)}, as attempt {@code attempt} of the step: its heartbeat
     * is called before every call and at least every {@value #HEARTBEAT_SECONDS} s of waiting, and whatever it throws
     * (the attempt's time is up) stops the repair where it is.
     */
    public RepairResult ensureRoute(String routeTableId, String destinationCidr, String instanceId, StepRun run,
                                    StepAttempt attempt) {
        requireText(routeTableId, "routeTableId");
        requireText(destinationCidr, "destinationCidr");
        requireText(instanceId, "instanceId");
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(attempt, "attempt");
        return new Run(routeTableId, destinationCidr, instanceId, run, attempt).ensure();
    }

    /** One call of {@link #ensureRoute}: its start, its heartbeat and the retries that heartbeat while they wait. */
    private final class Run {
        private final String routeTableId;
        private final String destinationCidr;
        private final String instanceId;
        private final StepRun run;
        private final StepAttempt attempt;
        private final CloudRetry retry;
        private final Instant started = clock.instant();

        Run(String routeTableId, String destinationCidr, String instanceId, StepRun run, StepAttempt attempt) {
            this.routeTableId = routeTableId;
            this.destinationCidr = destinationCidr;
            this.instanceId = instanceId;
            this.run = run;
            this.attempt = attempt;
            this.retry = new CloudRetry(policy, beatingWhileAsleep(attempt.heartbeat()), clock, random);
        }

        RepairResult ensure() {
            if (attempt.isRetry()) {
                log.info("Attempt {} of step {}: reading route table {} before writing, an earlier attempt may have "
                        + "created the entry", attempt.number(), run.stepId(), routeTableId);
            }
            List<RouteEntry> existing = retry.call(started, () -> beat(() -> api.routeEntries(routeTableId,
                    destinationCidr)), null);
            Optional<RepairResult> judged = judgeExisting(existing, 0, "already present");
            if (judged.isPresent()) {
                return judged.get();
            }

            CreateRouteEntryRequest request = new CreateRouteEntryRequest(routeTableId, destinationCidr,
                    RouteEntry.NEXT_HOP_INSTANCE, instanceId, ClientTokens.forStep(run), description(run));
            log.info("Creating route {} -> {} in {} (clientToken {})", destinationCidr, instanceId, routeTableId,
                    request.clientToken());
            int[] attempts = {0};
            String routeEntryId;
            try {
                routeEntryId = retry.call(started, () -> beat(() -> api.createRouteEntry(request)), attempts);
            } catch (CloudException e) {
                if (CloudErrors.QUOTA_EXCEEDED.equals(e.code())) {
                    throw quotaExceeded(routeTableId, e);
                }
                if (e.errorClass() != CloudErrorClass.ALREADY_DONE) {
                    throw e;
                }
                // Someone (possibly our own earlier attempt without a visible answer) added an entry meanwhile:
                // what it points to decides between done and conflict.
                log.info("{}; re-reading route table {}", e.getMessage(), routeTableId);
                List<RouteEntry> now = retry.call(started, () -> beat(() -> api.routeEntries(routeTableId,
                        destinationCidr)), null);
                return judgeExisting(now, attempts[0], "was created concurrently").orElseThrow(() -> e);
            }

            RouteEntry entry = awaitAvailable(routeEntryId);
            if (!carriesRoute(entry, instanceId)) {
                return conflict(routeTableId, destinationCidr, entry, attempts[0]);
            }
            Duration took = Duration.between(started, clock.instant());
            String message = "created " + routeEntryId + ": " + destinationCidr + " -> " + instanceId + " in "
                    + routeTableId + ", Available after " + seconds(took);
            log.info(message);
            return new RepairResult(RepairOutcome.CREATED, routeEntryId, null, message, attempts[0]);
        }

        /** Empty when no entry holds the destination, so the route has to be created. */
        private Optional<RepairResult> judgeExisting(List<RouteEntry> entries, int attempts, String how) {
            List<RouteEntry> same = entries.stream().filter(e -> e.hasDestination(destinationCidr)).toList();
            if (same.isEmpty()) {
                return Optional.empty();
            }
            Optional<RouteEntry> ours = same.stream().filter(e -> e.pointsToInstance(instanceId)).findFirst();
            if (ours.isEmpty()) {
                return Optional.of(conflict(routeTableId, destinationCidr, same.get(0), attempts));
            }
            RouteEntry entry = ours.get();
            if (entry.status() != RouteEntryStatus.AVAILABLE) {
                entry = awaitAvailable(entry.routeEntryId());
                if (!carriesRoute(entry, instanceId)) {
                    return Optional.of(conflict(routeTableId, destinationCidr, entry, attempts));
                }
            }
            if (description(run).equals(ours.get().description())) {
                // Written by an earlier attempt of this very run (its Description names the run): this run created
                // it, and saying "already present" would hide the one write Unstuck made.
                String message = "created " + entry.routeEntryId() + ": " + destinationCidr + " -> " + instanceId
                        + " in " + routeTableId + " (written by an earlier attempt of this run; attempt "
                        + attempt.number() + " found it Available and wrote nothing)";
                log.info(message);
                return Optional.of(new RepairResult(RepairOutcome.CREATED, entry.routeEntryId(), null, message,
                        attempts));
            }
            String message = "route " + destinationCidr + " -> " + instanceId + " " + how + " as "
                    + entry.routeEntryId() + " in " + routeTableId + " (Available); nothing written";
            log.info(message);
            return Optional.of(new RepairResult(RepairOutcome.ALREADY_PRESENT, entry.routeEntryId(), null, message,
                    attempts));
        }

        /**
         * Polls until the entry is Available. Returns the entry as last seen: Available, or Deleting (someone removes
         * it, so waiting longer cannot help), or an entry holding the destination with another next hop.
         */
        private RouteEntry awaitAvailable(String routeEntryId) {
            Instant deadline = clock.instant().plus(policy.availableTimeout());
            Duration interval = policy.pollInterval();
            RouteEntry last = null;
            while (true) {
                try {
                    List<RouteEntry> entries = beat(() -> api.routeEntries(routeTableId, destinationCidr));
                    Optional<RouteEntry> mine = entries.stream()
                            .filter(e -> routeEntryId != null && routeEntryId.equals(e.routeEntryId())).findFirst()
                            .or(() -> entries.stream().filter(e -> e.hasDestination(destinationCidr)
                                    && e.pointsToInstance(instanceId)).findFirst());
                    if (mine.isPresent()) {
                        last = mine.get();
                        if (last.status() == RouteEntryStatus.AVAILABLE
                                || last.status() == RouteEntryStatus.DELETING) {
                            return last;
                        }
                    } else {
                        Optional<RouteEntry> other = entries.stream().filter(e -> e.hasDestination(destinationCidr))
                                .findFirst();
                        if (other.isPresent()) {
                            return other.get();
                        }
                    }
                } catch (CloudException e) {
                    if (!e.isRetryable()) {
                        throw e;
                    }
                    log.debug("Status read failed, will poll again: {}", e.getMessage());
                }
                Instant now = clock.instant();
                if (!now.isBefore(deadline)) {
                    break;
                }
                retry.pause(min(interval, Duration.between(now, deadline)));
                interval = min(interval.multipliedBy(2), policy.maxPollInterval());
            }
            String what = last == null ? "route entry " + (routeEntryId == null ? destinationCidr : routeEntryId)
                    + " is not visible yet" : last.describe() + " is still " + last.status().wireName();
            throw new CloudException(CloudErrorClass.RETRYABLE, CloudErrors.GAVE_UP, null, 0,
                    what + " after " + seconds(policy.availableTimeout()) + "; it may still become Available, "
                            + "check route table " + routeTableId + " before repeating the repair", null);
        }

        private <T> T beat(Supplier<T> call) {
            attempt.heartbeat().run();
            return call.get();
        }
    }

    /** The injected sleeper, in slices of at most {@value #HEARTBEAT_SECONDS} s with a heartbeat before each. */
    private Sleeper beatingWhileAsleep(Runnable heartbeat) {
        return d -> {
            Duration left = d;
            while (left.compareTo(HEARTBEAT) > 0) {
                heartbeat.run();
                sleeper.sleep(HEARTBEAT);
                left = left.minus(HEARTBEAT);
            }
            heartbeat.run();
            sleeper.sleep(left);
        };
    }

    /** The same failure, saying how full the table is, so the person raising the quota knows by how much. */
    private CloudException quotaExceeded(String routeTableId, CloudException e) {
        String holds;
        try {
            long custom = api.routeEntries(routeTableId).stream().filter(RouteEntry::isCustom).count();
            holds = "route table " + RouteQuota.full(routeTableId, custom, routeEntryQuota);
        } catch (CloudException readFailed) {
            holds = "route table " + routeTableId + " is full (its entries could not be counted: "
                    + readFailed.code() + "; the quota is " + routeEntryQuota + ")";
        }
        return new CloudException(CloudErrorClass.PERMANENT, e.code(), e.requestId(), e.httpStatus(),
                "CreateRouteEntry failed: " + holds + "; raise the route entry quota or remove unused custom entries"
                        + " [" + e.code() + (e.requestId() == null ? "" : ", request " + e.requestId()) + "]", e);
    }

    private RepairResult conflict(String routeTableId, String destinationCidr, RouteEntry blocking, int attempts) {
        String message = blocking.status() == RouteEntryStatus.DELETING
                ? "route table " + routeTableId + " has " + blocking.describe() + " for " + destinationCidr
                + ", which someone is deleting; Unstuck leaves it alone, check it and run the repair again"
                : "route table " + routeTableId + " already routes " + destinationCidr + " elsewhere: "
                + blocking.describe() + "; Unstuck never changes existing entries, a person must decide "
                + "whether it is stale";
        log.warn(message);
        return new RepairResult(RepairOutcome.CONFLICT, null, blocking, message, attempts);
    }

    /** Only an Available entry to the node's instance counts; anything else seen while waiting is for a person. */
    private static boolean carriesRoute(RouteEntry entry, String instanceId) {
        return entry.status() == RouteEntryStatus.AVAILABLE && entry.pointsToInstance(instanceId);
    }

    /** "unstuck wf=&lt;workflow id&gt; run=&lt;run id&gt;": the CCM ignores descriptions, a person reads them. */
    static String description(StepRun run) {
        return description(run.workflowId(), run.runId());
    }

    /** The description Unstuck gives the route entries a run creates: how a report names them. */
    public static String description(String workflowId, String runId) {
        String d = "unstuck wf=" + workflowId + " run=" + runId;
        return d.length() <= MAX_DESCRIPTION ? d : d.substring(0, MAX_DESCRIPTION);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
