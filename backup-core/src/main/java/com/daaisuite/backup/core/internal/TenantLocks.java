package com.daaisuite.backup.core.internal;

import com.daaisuite.backup.core.BackupInProgressException;
import com.daaisuite.backup.core.spi.BackupLock;
import com.daaisuite.backup.core.spi.Lease;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The per-tenant lock every backup, prune and restore takes: one operation per tenant across all
 * nodes sharing the {@link BackupLock}. A taken lease is held by a {@link LeaseKeeper}.
 */
public final class TenantLocks {
    /** Lease length; renewed every third of it while work runs. */
    static final Duration LOCK_TTL = Duration.ofMinutes(2);

    private final BackupLock lock;
    private final String nodeName;
    private final ScheduledExecutorService renewals;

    /**
     * @param lock the host's lock (or the in-JVM default)
     * @param nodeName this node, recorded as the lease owner
     * @param pools whose scheduler renews leases
     */
    public TenantLocks(BackupLock lock, String nodeName, EnginePools pools) {
        this.lock = lock;
        this.nodeName = nodeName;
        this.renewals = pools.scheduler();
    }

    /** @return the held lease, or empty when another operation holds the tenant's lock */
    Optional<LeaseKeeper> tryLock(String tenantId, String operation) {
        Optional<Lease> lease = lock.tryAcquire(tenantId, nodeName + ":" + operation, LOCK_TTL);
        return lease.map(l -> new LeaseKeeper(l, renewals, LOCK_TTL));
    }

    /** The refusal when {@link #tryLock} found the lock held. */
    static BackupInProgressException busy(String tenantId, String what) {
        return new BackupInProgressException("Cannot " + what + " tenant " + tenantId
                + ": another backup, prune or restore of it is running (its lock is held). Wait for it to finish and try again.");
    }
}
