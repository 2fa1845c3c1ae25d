package dev.unstuck.ha;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.Lock;

import java.util.Objects;

/**
 * fabric8's Lease lock, noting when this replica last wrote itself into the Lease successfully. The election's
 * fence reads it: a holder whose renewals hang (a partitioned API server) closes its gateway at the renew deadline
 * even while a request is still waiting for its timeout.
 */
final class RenewalRecordingLock implements Lock {
    private final LeaseLock delegate;
    private volatile long lastRenewalNanos;
    private volatile boolean renewedOnce;

    RenewalRecordingLock(String namespace, String name, String identity) {
        this.delegate = new LeaseLock(namespace, name, identity);
    }

    @Override
    public LeaderElectionRecord get(KubernetesClient client) {
        return delegate.get(client);
    }

    @Override
    public void create(KubernetesClient client, LeaderElectionRecord record) {
        long sent = System.nanoTime();
        delegate.create(client, record);
        noteIfOurs(record, sent);
    }

    @Override
    public void update(KubernetesClient client, LeaderElectionRecord record) {
        long sent = System.nanoTime();
        delegate.update(client, record.getHolderIdentity() == null ? released(record) : record);
        noteIfOurs(record, sent);
    }

    /**
     * fabric8 releases a Lease with no holder, which its merge patch leaves out, so the Lease kept naming the old
     * holder and the others waited out the whole duration. An empty holder is what they take over at once.
     */
    private static LeaderElectionRecord released(LeaderElectionRecord record) {
        return new LeaderElectionRecord("", record.getLeaseDuration(), record.getAcquireTime(), record.getRenewTime(),
                record.getLeaderTransitions());
    }

    // Counted from when the write was sent: the renewTime others compare against was taken before that.
    private void noteIfOurs(LeaderElectionRecord record, long sentNanos) {
        if (Objects.equals(record.getHolderIdentity(), identity())) {
            lastRenewalNanos = sentNanos;
            renewedOnce = true;
        }
    }

    /** Nanoseconds since this replica last renewed the Lease; Long.MAX_VALUE if it never did. */
    long nanosSinceRenewal() {
        return renewedOnce ? System.nanoTime() - lastRenewalNanos : Long.MAX_VALUE;
    }

    @Override
    public String identity() {
        return delegate.identity();
    }

    @Override
    public String describe() {
        return delegate.describe();
    }
}
