package com.daaisuite.backup.core.spi;

import java.time.Instant;

/**
 * A held {@link BackupLock} lease. The fencing token grows with every acquisition of the same
 * tenant's lock, so a writer that lost its lease (a long GC pause) can be told apart from the
 * current holder.
 */
public interface Lease extends AutoCloseable {

    /** @return the tenant */
    String tenantId();

    /** @return a number larger than every earlier lease's token for this tenant */
    long fencingToken();

    /** @return when the lease expires unless renewed */
    Instant expiresAt();

    /**
     * Extends the lease.
     *
     * @param ttl the new time to live from now
     * @return true if still held and extended; false if it was lost (expired and taken by another)
     */
    boolean renew(java.time.Duration ttl);

    /** Releases the lease if still held. Idempotent. */
    void release();

    /** Same as {@link #release()}. */
    @Override
    default void close() {
        release();
    }
}
