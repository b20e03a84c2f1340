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

    /**
     * Asks the lock store whether this lease is still the tenant's current one: not released, not
     * expired, and not overtaken (its fencing token is the latest issued for the tenant). The library
     * asks just before it publishes anything (an archive's commit, a restore's load), so a holder that
     * paused past its expiry and lost the lock to another node cannot publish with a stale token.
     *
     * @return true only if the store confirms this lease and token still hold the lock
     */
    boolean stillHeld();

    /** Releases the lease if still held. Idempotent. */
    void release();

    /** Same as {@link #release()}. */
    @Override
    default void close() {
        release();
    }
}
