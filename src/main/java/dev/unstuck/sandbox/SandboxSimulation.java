package dev.unstuck.sandbox;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The controllers of the simulated cluster, run continuously like the real ones on one thread: kube-aggregator's
 * availability checks ({@link AggregatorAvailability}), the cloud-controller-manager's route controller
 * ({@link CloudControllerRoutes}) and the namespace controller ({@link NamespaceDeletion}). Each pass lets every
 * controller act on what is due; a route change triggers a pass at once, but a controller with a resync period still
 * waits for it, as the real ones do.
 */
final class SandboxSimulation implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SandboxSimulation.class);

    private final Duration tick;
    private final SandboxRoutes routes;
    private final AggregatorAvailability aggregator;
    private final CloudControllerRoutes cloudController;
    private final NamespaceDeletion namespaces;
    private final ScheduledExecutorService executor;
    private final Object passMonitor = new Object();

    SandboxSimulation(Scenario scenario, KubernetesClient client, SandboxDiscovery discovery,
                      SandboxDispatcher dispatcher, SandboxRoutes routes, Duration tick, Clock clock) {
        this.tick = tick;
        this.routes = routes;
        this.aggregator = new AggregatorAvailability(scenario, client, discovery, new NetworkPath(scenario, routes),
                clock);
        this.cloudController = new CloudControllerRoutes(scenario, client, routes, clock);
        this.namespaces = new NamespaceDeletion(scenario, client, discovery, dispatcher, clock);
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sandbox-controllers");
            t.setDaemon(true);
            return t;
        });
    }

    void start() {
        routes.onChange(() -> {
            try {
                executor.execute(this::passSafely);
            } catch (RejectedExecutionException e) {
                // The sandbox is closing; nobody waits for this pass any more.
            }
        });
        executor.scheduleWithFixedDelay(this::passSafely, 0, tick.toMillis(), TimeUnit.MILLISECONDS);
    }

    void reconcileNow() {
        try {
            executor.submit(this::passSafely).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("sandbox controllers did not finish a pass: " + e, e);
        }
    }

    /** Restarts the route controller with another configuration, between two passes, then runs a pass. */
    void restartCloudController(Scenario.Ccm config, java.util.function.Consumer<java.util.List<String>> podLog) {
        try {
            executor.submit(() -> cloudController.restart(config, podLog)).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the cloud-controller-manager did not restart: " + e, e);
        }
        reconcileNow();
    }

    Scenario.Ccm cloudControllerConfig() {
        return cloudController.config();
    }

    /** Waits for the next scheduled pass (or a route change), whichever comes first. */
    void awaitTick() {
        synchronized (passMonitor) {
            try {
                passMonitor.wait(Math.max(1, tick.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void passSafely() {
        try {
            aggregator.pass();
            cloudController.pass();
            namespaces.pass();
            synchronized (passMonitor) {
                passMonitor.notifyAll();
            }
        } catch (RuntimeException e) {
            // A failed pass must never stop the loop (a scheduled task that throws is cancelled for good).
            if (!executor.isShutdown()) {
                log.warn("sandbox controllers: pass failed, retrying next tick: {}", e.toString());
            }
        }
    }
}
