package com.daaisuite.backup.core.internal;

import com.daaisuite.backup.core.spi.BackupLock;
import com.daaisuite.backup.core.spi.Lease;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The default per-tenant lock: one lock table for the whole JVM, keyed by storage location and
 * tenant, so that every {@code Backups} over the same store excludes every other one — a rebuild
 * after a configuration reload, or a second instance serving a status page, cannot back up or prune
 * a tenant that the first is restoring.
 *
 * <p>Leases expire on the system clock, never on a host's simulated clock: a test that moves its
 * clock days ahead must not make a running operation lose its lock. Several nodes still need a lock
 * they all see ({@code MongoBackupLock}).
 */
public final class ProcessLocks {
    private static final InJvmBackupLock TABLE = new InJvmBackupLock(Clock.systemUTC());

    private ProcessLocks() {}

    /**
     * @param storageLocation the store's {@link com.daaisuite.backup.core.spi.StorageBackend#location()}
     * @return the JVM-wide lock of that store's tenants
     */
    public static BackupLock forLocation(String storageLocation) {
        return new Scoped(Objects.requireNonNull(storageLocation, "storageLocation"));
    }

    private record Scoped(String location) implements BackupLock {
        @Override
        public Optional<Lease> tryAcquire(String tenantId, String owner, Duration ttl) {
            Objects.requireNonNull(tenantId, "tenantId");
            // NUL cannot occur in a tenant id or a location, so no two (location, tenant) pairs share a key.
            return TABLE.tryAcquire(location + '\0' + tenantId, owner, ttl).map(l -> new TenantLease(tenantId, l));
        }

        @Override
        public String toString() {
            return "process-wide lock of " + location;
        }
    }

    /** The table's lease, reporting the tenant id rather than the table's composite key. */
    private record TenantLease(String tenantId, Lease lease) implements Lease {
        @Override
        public long fencingToken() {
            return lease.fencingToken();
        }

        @Override
        public Instant expiresAt() {
            return lease.expiresAt();
        }

        @Override
        public boolean renew(Duration ttl) {
            return lease.renew(ttl);
        }

        @Override
        public void release() {
            lease.release();
        }

        @Override
        public String toString() {
            return "Lease[" + tenantId + ", token=" + lease.fencingToken() + "]";
        }
    }
}
