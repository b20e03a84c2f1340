package com.daaisuite.backup.core.spi;

import java.time.Duration;
import java.util.Optional;

/**
 * A per-tenant lease lock, so that exactly one node backs up, prunes or restores a tenant at a time.
 * An in-JVM implementation ships in core; a MongoDB-backed one in {@code backup-mongo}.
 *
 * <p>Not getting the lock is an expected outcome and returns empty, never an exception. A shared
 * contract suite in {@code backup-test-support} ({@code BackupLockContract}) specifies the behaviour.
 */
public interface BackupLock {

    /**
     * Tries to take the tenant's lease.
     *
     * @param tenantId the tenant
     * @param owner who holds it, for diagnostics (node and operation)
     * @param ttl how long the lease lasts unless renewed; after that another owner may take it
     * @return the lease, or empty if someone else holds an unexpired one
     */
    Optional<Lease> tryAcquire(String tenantId, String owner, Duration ttl);
}
