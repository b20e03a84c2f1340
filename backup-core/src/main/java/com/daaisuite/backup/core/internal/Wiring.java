package com.daaisuite.backup.core.internal;

import com.daaisuite.backup.ConfigurationException;
import com.daaisuite.backup.core.Actor;
import com.daaisuite.backup.core.BackupService;
import com.daaisuite.backup.core.BackupsSettings;
import com.daaisuite.backup.core.KeyRotation;
import com.daaisuite.backup.core.RestoreService;
import com.daaisuite.backup.core.RetentionPolicy;
import com.daaisuite.backup.core.SnapshotCatalog;
import com.daaisuite.backup.core.spi.AccessPolicy;
import com.daaisuite.backup.core.spi.BackupListener;
import com.daaisuite.backup.core.spi.BackupLock;
import com.daaisuite.backup.core.spi.DatabaseSource;
import com.daaisuite.backup.core.spi.MaintenanceGate;
import com.daaisuite.backup.core.spi.OriginLedger;
import com.daaisuite.backup.core.spi.QuotaPolicy;
import com.daaisuite.backup.core.spi.StorageBackend;
import com.daaisuite.backup.core.spi.TenantDirectory;
import com.daaisuite.backup.crypto.Dbk1Options;
import com.daaisuite.backup.crypto.spi.KeyProvider;
import java.time.Clock;
import java.util.List;

/**
 * The one place the engine's collaborators are built and connected (docs/architecture.md, "The
 * engine's collaborators"), for {@code Backups.Builder}, which validates the settings and keeps the
 * documentation of each. Each collaborator gets only what its job needs.
 */
public final class Wiring {
    private Wiring() {}

    /**
     * Everything {@code Backups.Builder} collected, validated and resolved (URIs already opened).
     *
     * @param settings the settings shown to the host
     * @param source the database
     * @param storage the storage
     * @param keys the keys
     * @param lock the per-tenant lock
     * @param ledger where the origin of encrypted backups is recorded
     * @param tenants the tenant directory
     * @param access the permission check
     * @param gate the maintenance gate
     * @param quota the quota
     * @param listeners the event listeners
     * @param retention the retention policy
     * @param clock the clock
     * @param dbk1Options DBK1 options
     * @param allowPlaintext whether plaintext archives are written without a key
     * @param warmUpEncryption whether AES-GCM is warmed up
     * @param systemActor the actor scheduled work runs as
     * @param refusePlaintext whether every plaintext restore is refused
     * @param pacing how the read-rate budget waits (the real clock, or a test's)
     * @param drillDatabase the restore drill's scratch database pattern
     * @param drillEvery how often tenants are drilled by schedule (zero: never)
     */
    public record Config(BackupsSettings settings, DatabaseSource source, StorageBackend storage, KeyProvider keys,
            BackupLock lock, OriginLedger ledger, TenantDirectory tenants, AccessPolicy access, MaintenanceGate gate,
            QuotaPolicy quota, List<BackupListener> listeners, RetentionPolicy retention, Clock clock, Dbk1Options dbk1Options,
            boolean allowPlaintext, boolean warmUpEncryption, Actor systemActor, boolean refusePlaintext, Pacing pacing, String drillDatabase,
            java.time.Duration drillEvery, boolean collectionRestoreGate) {}

    /**
     * The wired engine.
     *
     * @param backups Backup Now, the scheduler tick, status
     * @param restores the guarded restore
     * @param catalog listing, inspection, verification, pins, pruning
     * @param keyRotation re-encryption after a key rotation
     * @param drills the restore drill
     * @param pools the engine's threads, closed with it
     */
    public record Engine(BackupService backups, RestoreService restores, SnapshotCatalog catalog, KeyRotation keyRotation,
            Drills drills, EnginePools pools) {}

    /**
     * @param c the validated configuration
     * @return the connected collaborators
     */
    public static Engine wire(Config c) {
        BackupsSettings settings = c.settings();
        DatabaseSource src = c.source();
        StorageBackend sto = c.storage();
        KeyProvider kp = c.keys();
        EnginePools pools = new EnginePools(settings, c.warmUpEncryption());
        Events events = new Events(List.copyOf(c.listeners()), c.clock());
        TenantActivity activity = new TenantActivity();
        TenantFolders folders = new TenantFolders(sto);
        TenantLocks locks = new TenantLocks(c.lock(), settings.nodeName(), pools);
        Guards guards = new Guards(c.tenants(), c.access(), c.quota(), sto, c.gate(), kp, c.allowPlaintext(), events, activity);
        Manifests manifests = new Manifests(folders, sto, settings.nodeName(),
                c.dbk1Options().segmentSize(), src.payloadFormat(), kp);
        OriginRules origins = new OriginRules(c.refusePlaintext(), c.ledger(), manifests);
        // One bucket for the node: its dumps and its restore drills share the rate.
        DumpBudget budget = settings.dumpReadBudget().isPresent()
                ? DumpBudget.perSecond(settings.dumpReadBudget().getAsLong(), c.pacing()) : DumpBudget.unlimited();
        BackupPipeline pipeline = new BackupPipeline(src, sto, settings, c.dbk1Options(), pools, c.clock(), guards, folders,
                manifests, events, activity, budget, origins);
        Pruner pruner = new Pruner(c.retention(), sto, c.clock(), folders, locks, events, c.systemActor());
        InterruptedRestores recoveries = new InterruptedRestores(src, guards, events, c.clock(), kp);
        RestoreWorkflow restore = new RestoreWorkflow(src, sto, kp, locks, pipeline, guards, events, activity, recoveries,
                folders, manifests, c.collectionRestoreGate());
        DefaultSnapshotCatalog catalog = new DefaultSnapshotCatalog(src, sto, kp, c.clock(), guards, folders, manifests, pruner,
                events, pools, origins);
        return new Engine(
                new DefaultBackupService(c.tenants(), guards, folders, locks, pipeline, pruner, events, activity, pools,
                        c.clock(), c.systemActor(), recoveries, manifests),
                new DefaultRestoreService(guards, folders, restore, events, origins, locks, recoveries, c.retention(),
                        restore.documents(), catalog, c.collectionRestoreGate()),
                catalog,
                new Rekeyer(sto, kp, guards, locks, folders, manifests, events),
                new Drills(src, sto, kp, guards, folders, manifests, locks, events, c.clock(), c.tenants(), c.systemActor(),
                        c.drillDatabase(), c.drillEvery(), origins, budget),
                pools);
    }

    /**
     * @param created the plugins created from URIs (null where the host passed an instance)
     * @return the non-null ones, to be closed with the engine
     */
    public static List<AutoCloseable> owned(AutoCloseable... created) {
        return java.util.Arrays.stream(created).filter(java.util.Objects::nonNull).toList();
    }

    /**
     * @param value the value
     * @param message what is wrong and what to pass instead, when it is null
     * @param <T> its type
     * @return the value
     * @throws ConfigurationException if it is null
     */
    public static <T> T required(T value, String message) {
        if (value == null) {
            throw new ConfigurationException("Backups.builder(): " + message);
        }
        return value;
    }

    /**
     * @param field the setting's name
     * @param value its value
     * @param min the smallest allowed
     * @param max the largest allowed
     * @throws ConfigurationException if it is outside min..max
     */
    public static void requireRange(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new ConfigurationException("Backups.builder(): " + field + " must be " + min + ".." + max + ", got " + value);
        }
    }
}
