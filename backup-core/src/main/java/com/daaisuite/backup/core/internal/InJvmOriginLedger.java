package com.daaisuite.backup.core.internal;

import com.daaisuite.backup.core.spi.OriginLedger;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The default {@link OriginLedger}: a table in this JVM. It lasts as long as the process, so after a
 * restart the record is backfilled again from the storage (the earliest authenticated encrypted
 * snapshot); a host that must survive a storage writer across restarts wires {@code MongoOriginLedger}.
 */
public final class InJvmOriginLedger implements OriginLedger {
    private static final Map<String, InJvmOriginLedger> BY_LOCATION = new ConcurrentHashMap<>();

    private final Map<String, Instant> since = new ConcurrentHashMap<>();
    private final String description;

    /** A fresh, empty ledger (tests). */
    public InJvmOriginLedger() {
        this("an in-JVM origin ledger");
    }

    private InJvmOriginLedger(String description) {
        this.description = description;
    }

    /**
     * @param storageLocation the store's {@link com.daaisuite.backup.core.spi.StorageBackend#location()}
     * @return the JVM-wide ledger of that store's tenants, shared by every {@code Backups} over it
     */
    public static InJvmOriginLedger forLocation(String storageLocation) {
        Objects.requireNonNull(storageLocation, "storageLocation");
        return BY_LOCATION.computeIfAbsent(storageLocation,
                l -> new InJvmOriginLedger("the in-JVM origin ledger of " + l + " (lost on restart)"));
    }

    @Override
    public Optional<Instant> encryptedSince(String tenantId) {
        return Optional.ofNullable(since.get(Objects.requireNonNull(tenantId, "tenantId")));
    }

    @Override
    public Instant record(String tenantId, Instant at) {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(at, "since");
        return since.merge(tenantId, at, (a, b) -> a.isBefore(b) ? a : b);
    }

    @Override
    public String describe() {
        return description;
    }
}
