package dev.unstuck.ha;

import dev.unstuck.kube.KubeClients;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs fabric8's leader election on one Lease for as long as this replica runs, and does the duty while it holds
 * the Lease. Losing the Lease (a renewal refused or the renew deadline passed) gives the duty up at once; the
 * replica then stands again, so a replica that lost the Lease during a network blip can win it back later. On stop
 * the duty is given up first and the Lease released after, so the next holder never overlaps this one.
 */
public final class LeaseElection implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LeaseElection.class);
    private static final Duration FENCE_CHECK = Duration.ofMillis(100);
    private static final int REQUEST_TIMEOUT_MILLIS = 3_000;

    private final KubernetesClient client;
    private final LeaseSettings settings;
    private final RenewalRecordingLock lock;
    private final ScheduledExecutorService timer;
    private final ExecutorService duties;
    private final Object guard = new Object();
    private LeaderDuty duty;
    private CompletableFuture<?> elector;
    private boolean running;
    private volatile boolean holding;
    private volatile String holder;

    /** @param client a client of the cluster holding the Lease, closed with the election */
    public LeaseElection(KubernetesClient client, LeaseSettings settings) {
        this.client = Objects.requireNonNull(client, "client");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.lock = new RenewalRecordingLock(settings.namespace(), settings.name(), settings.identity());
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "unstuck-lease-election"));
        this.duties = Executors.newSingleThreadExecutor(r -> daemon(r, "unstuck-lease-duty"));
    }

    /**
     * An election through its own client of the cluster {@code cluster} describes: requests that end well within the
     * renew deadline (the election retries them itself), under Unstuck's user agent like every other request it makes.
     */
    public static LeaseElection on(Config cluster, LeaseSettings settings) {
        Config config = new ConfigBuilder(cluster).build();
        config.setRequestRetryBackoffLimit(0);
        config.setConnectionTimeout(REQUEST_TIMEOUT_MILLIS);
        config.setRequestTimeout(REQUEST_TIMEOUT_MILLIS);
        config.setUserAgent(KubeClients.USER_AGENT);
        return new LeaseElection(new KubernetesClientBuilder().withConfig(config).build(), settings);
    }

    public LeaseSettings settings() {
        return settings;
    }

    /** Stands for the Lease, now and after every loss, until {@link #stop()}. */
    public void start(LeaderDuty leaderDuty) {
        synchronized (guard) {
            if (running) {
                throw new IllegalStateException("the election for " + settings.describe() + " is running");
            }
            duty = Objects.requireNonNull(leaderDuty, "duty");
            running = true;
        }
        log.info("Standing for lease {} as {} (duration {}, renew deadline {}, retry every {})",
                settings.describe(), settings.identity(), settings.duration(), settings.renewDeadline(),
                settings.retryPeriod());
        timer.scheduleWithFixedDelay(this::fence, FENCE_CHECK.toMillis(), FENCE_CHECK.toMillis(),
                TimeUnit.MILLISECONDS);
        stand();
    }

    /** Whether this replica holds the Lease and has taken up the duty (or is taking it up). */
    public boolean holding() {
        return holding;
    }

    /** The holder last seen in the Lease, this replica included; null before the first look. */
    public String holder() {
        return holder;
    }

    private void stand() {
        synchronized (guard) {
            if (!running) {
                return;
            }
            CompletableFuture<?> started = client.leaderElector().withConfig(new LeaderElectionConfigBuilder()
                    .withName(settings.name())
                    .withLock(lock)
                    .withLeaseDuration(settings.duration())
                    .withRenewDeadline(settings.renewDeadline())
                    .withRetryPeriod(settings.retryPeriod())
                    .withReleaseOnCancel(true)
                    .withLeaderCallbacks(new LeaderCallbacks(this::won, () -> giveUp("the lease was lost"),
                            this::observed))
                    .build()).build().start();
            elector = started;
            started.whenComplete((ok, failed) -> ended(started, failed));
        }
    }

    private void ended(CompletableFuture<?> which, Throwable failed) {
        giveUp("the lease was lost");
        Throwable cause = failed instanceof CompletionException ce && ce.getCause() != null ? ce.getCause() : failed;
        if (cause != null && !(cause instanceof CancellationException)) {
            log.warn("leader election on {} ended: {}", settings.describe(), cause.toString());
        }
        synchronized (guard) {
            if (!running || elector != which) {
                return;
            }
            elector = null;
        }
        timer.schedule(this::stand, settings.retryPeriod().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void won() {
        synchronized (guard) {
            if (!running) {
                return;
            }
            holding = true;
        }
        log.info("{} holds lease {}", settings.identity(), settings.describe());
        try {
            duties.execute(this::takeUp);
        } catch (RejectedExecutionException stopping) {
            holding = false;
        }
    }

    private void takeUp() {
        if (!holding) {
            return;
        }
        try {
            duty.take();
        } catch (Exception | LinkageError e) {
            log.warn("{} holds lease {} but could not take up its duty ({}): giving the lease up",
                    settings.identity(), settings.describe(), e.toString());
            resign(settings.duration());
        }
    }

    private void observed(String newHolder) {
        holder = newHolder;
        if (newHolder != null && !newHolder.equals(settings.identity())) {
            log.info("lease {} is held by {}", settings.describe(), newHolder);
        }
    }

    /** The fence: renewals that have not succeeded within the renew deadline mean others may soon take over. */
    private void fence() {
        if (holding && lock.nanosSinceRenewal() > settings.renewDeadline().toNanos()) {
            log.warn("lease {} not renewed for {}: giving the gateway up before another replica may take it",
                    settings.describe(), settings.renewDeadline());
            resign(settings.retryPeriod());
        }
    }

    /** Gives the duty up, cancels the election (which releases the Lease if still ours) and stands again later. */
    private void resign(Duration standAgainAfter) {
        giveUp("resigned");
        CompletableFuture<?> current;
        synchronized (guard) {
            current = elector;
            elector = null;
        }
        if (current != null) {
            current.cancel(true);
        }
        synchronized (guard) {
            if (running) {
                timer.schedule(this::stand, standAgainAfter.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    private void giveUp(String why) {
        if (!holding) {
            return;
        }
        holding = false;
        log.info("{} gives up lease {}'s duty: {}", settings.identity(), settings.describe(), why);
        duty.giveUp();
    }

    /** Gives the duty up, then releases the Lease and stops standing. */
    public void stop() {
        CompletableFuture<?> current;
        synchronized (guard) {
            if (!running) {
                return;
            }
            running = false;
            current = elector;
            elector = null;
        }
        giveUp("shutting down");
        if (current != null) {
            // fabric8 releases the Lease on cancel (releaseOnCancel): the next replica need not wait it out.
            current.cancel(true);
        }
        timer.shutdownNow();
        duties.shutdownNow();
    }

    @Override
    public void close() {
        stop();
        client.close();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
