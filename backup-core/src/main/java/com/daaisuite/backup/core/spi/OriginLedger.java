package com.daaisuite.backup.core.spi;

import java.time.Instant;
import java.util.Optional;

/**
 * Where the instant from which a tenant has encrypted backups is recorded, outside the backup
 * storage (docs/security.md, "Legacy plaintext: origin rules"). A plaintext {@code .gz} dated after
 * that instant is refused unless the restore explicitly accepts an unverified origin, whatever the
 * storage shows: someone who can write to the storage can delete or rename every encrypted snapshot,
 * but cannot move this record.
 *
 * <p>The library records the instant when it publishes a tenant's first encrypted backup, and, for a
 * deployment that had encrypted backups before this record existed, backfills it from the earliest
 * encrypted snapshot whose sealed manifest authenticates under the tenant's key. The record only
 * ever moves earlier: {@link #record} keeps the earliest instant it was given.
 *
 * <p>Implementations: an in-JVM default in core (lost when the process ends, so a restart re-reads
 * it from storage: good for tests and single runs), and {@code MongoOriginLedger} in
 * {@code backup-mongo}, kept in the control database beside the restore journal, for production. A
 * shared contract suite in {@code backup-test-support} ({@code OriginLedgerContract}) specifies the
 * behaviour. Implementations must be thread-safe.
 */
public interface OriginLedger {

    /**
     * @param tenantId the tenant
     * @return the instant from which the tenant has encrypted backups, or empty if none is recorded
     */
    Optional<Instant> encryptedSince(String tenantId);

    /**
     * Records that the tenant has encrypted backups from {@code since} on, unless an earlier instant is
     * recorded already; never moves the record later.
     *
     * @param tenantId the tenant
     * @param since the instant (the creation time of its first encrypted snapshot)
     * @return the instant recorded now: the earlier of {@code since} and what was recorded before
     */
    Instant record(String tenantId, Instant since);

    /** @return where the record is kept, for messages (never a credential) */
    String describe();
}
