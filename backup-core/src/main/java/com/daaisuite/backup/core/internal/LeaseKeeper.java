package com.daaisuite.backup.core.internal;

import com.daaisuite.backup.core.spi.Lease;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds a lease for the length of a long operation: renews it every third of its ttl, remembers if
 * it was lost (a renewal refused or failing), confirms it with the lock store before anything is
 * published ({@link #stillHeld()}: the fencing check), and releases it on close.
 */
final class LeaseKeeper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);

    private final Lease lease;
    private final ScheduledFuture<?> renewal;
    private volatile boolean lost;

    LeaseKeeper(Lease lease, ScheduledExecutorService scheduler, Duration ttl) {
        this.lease = lease;
        long period = Math.max(1, ttl.toMillis() / 3);
        this.renewal = scheduler.scheduleAtFixedRate(() -> renew(ttl), period, period, TimeUnit.MILLISECONDS);
    }

    private void renew(Duration ttl) {
        if (lost) {
            return;
        }
        try {
            if (!lease.renew(ttl)) {
                lost = true;
                LOG.warn("Lost the lock of tenant {} (fencing token {}); the running operation will not commit",
                        lease.tenantId(), lease.fencingToken());
            }
        } catch (RuntimeException e) {
            // A renewal that cannot reach the lock store cannot prove the lease is still ours: another
            // node may take it once it expires. Treat it as lost, so nothing is published under it.
            lost = true;
            LOG.warn("Renewing the lock of tenant {} (fencing token {}) failed; the running operation will not publish",
                    lease.tenantId(), lease.fencingToken(), e);
        }
    }

    boolean lost() {
        return lost;
    }

    /**
     * The fencing check before publishing: the lease was never lost and the lock store confirms it
     * and its token are still current. A failure to ask counts as lost.
     */
    boolean stillHeld() {
        if (lost) {
            return false;
        }
        try {
            if (!lease.stillHeld()) {
                lost = true;
                LOG.warn("The lock of tenant {} is no longer held with fencing token {}; refusing to publish",
                        lease.tenantId(), lease.fencingToken());
            }
        } catch (RuntimeException e) {
            lost = true;
            LOG.warn("Could not confirm the lock of tenant {} (fencing token {}); refusing to publish", lease.tenantId(),
                    lease.fencingToken(), e);
        }
        return !lost;
    }

    Lease lease() {
        return lease;
    }

    @Override
    public void close() {
        renewal.cancel(false);
        try {
            lease.release();
        } catch (RuntimeException e) {
            LOG.warn("Releasing the lock of tenant {} failed; it expires on its own", lease.tenantId(), e);
        }
    }
}
