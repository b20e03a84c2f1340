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
 * it was lost (so a backup is not committed by a holder that may have been overtaken), and releases
 * it on close.
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
            // A renewal that cannot reach the lock store is retried at the next period; expiry decides.
            LOG.warn("Renewing the lock of tenant {} failed; retrying", lease.tenantId(), e);
        }
    }

    boolean lost() {
        return lost;
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
