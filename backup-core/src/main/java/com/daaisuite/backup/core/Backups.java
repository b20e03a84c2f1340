package com.daaisuite.backup.core;

import com.daaisuite.backup.ConfigurationException;
import com.daaisuite.backup.crypto.KeyProviders;
import com.daaisuite.backup.crypto.spi.KeyProvider;
import com.daaisuite.backup.core.internal.Drills;
import com.daaisuite.backup.core.internal.EnginePools;
import com.daaisuite.backup.core.internal.InJvmOriginLedger;
import com.daaisuite.backup.core.internal.Pacing;
import com.daaisuite.backup.core.internal.Lifecycle;
import com.daaisuite.backup.core.internal.ProcessLocks;
import com.daaisuite.backup.core.internal.Plugins;
import com.daaisuite.backup.core.internal.Wiring;
import com.daaisuite.backup.core.spi.AccessPolicy;
import com.daaisuite.backup.core.spi.BackupListener;
import com.daaisuite.backup.core.spi.BackupLock;
import com.daaisuite.backup.core.spi.DatabaseSource;
import com.daaisuite.backup.core.spi.MaintenanceGate;
import com.daaisuite.backup.core.spi.OriginLedger;
import com.daaisuite.backup.core.spi.QuotaPolicy;
import com.daaisuite.backup.core.spi.StorageBackend;
import com.daaisuite.backup.core.spi.TenantDirectory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point: built once by the host, thread-safe, and closed on shutdown.
 *
 * <pre>{@code
 * Backups backups = Backups.builder()
 *         .source(MongoDatabaseSource.builder(mongoClient).build()) // or .source("mongodb://...")
 *         .storage("file:/var/daai/backups")                         // or .storage(backendInstance)
 *         .keys(KeyProviders.fromEnvironment())                      // or .keys("env:")
 *         .tenants(tenantDirectory)
 *         .access(accessPolicy)
 *         .build();
 * backups.backupNow(actor, "acme", "before year-end");
 * }</pre>
 *
 * <p>{@code Backups} is itself the {@link BackupService} (Backup Now, the scheduler tick, status);
 * restores, the catalog, key rotation and the settings are reached through {@link #restores()},
 * {@link #catalog()}, {@link #keyRotation()} and {@link #settings()}.
 *
 * <p>{@link Builder#build()} validates every field and fails with a {@link ConfigurationException} naming
 * the field. The object is immutable; its services are safe to share between threads.
 *
 * <p>This file is long because the builder documents every setting; the engine's collaborators are
 * built and connected in one place, {@code internal.Wiring} (docs/architecture.md, "The engine's
 * collaborators").
 */
public final class Backups implements BackupService, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Backups.class);

    private final BackupsSettings settings;
    private final BackupService backupService;
    private final RestoreService restoreService;
    private final SnapshotCatalog catalog;
    private final KeyRotation keyRotation;
    private final Drills drillEngine;
    private final DrillService drills;
    private final EnginePools pools;
    private final List<AutoCloseable> owned;
    private final Clock clock;
    private final Lifecycle lifecycle;

    private Backups(BackupsSettings settings, BackupService backupService, RestoreService restoreService,
            SnapshotCatalog catalog, KeyRotation keyRotation, Drills drills, EnginePools pools, List<AutoCloseable> owned,
            Clock clock, Lifecycle lifecycle) {
        this.settings = settings;
        this.backupService = backupService;
        this.restoreService = lifecycle.guard(RestoreService.class, restoreService);
        this.catalog = lifecycle.guard(SnapshotCatalog.class, catalog);
        this.keyRotation = lifecycle.guard(KeyRotation.class, keyRotation);
        this.drillEngine = drills;
        this.drills = lifecycle.guard(DrillService.class, drills);
        this.pools = pools;
        this.owned = owned;
        this.clock = clock;
        this.lifecycle = lifecycle;
    }

    /** The clock this instance was built with, for {@link BackupScheduler}. */
    Clock clock() {
        return clock;
    }

    /** How long {@link #close()} waits at most for calls in progress. */
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(60);

    /** How often a tenant is drilled by schedule unless {@link Builder#drillEvery} says otherwise: weekly. */
    public static final Duration DEFAULT_DRILL_INTERVAL = Duration.ofDays(7);

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public BackupJob backupNow(Actor actor, String tenantId, String note) {
        return lifecycle.call("Backup Now", () -> backupService.backupNow(actor, tenantId, note));
    }

    @Override
    public BackupResult backup(Actor actor, String tenantId, BackupTrigger trigger) {
        return lifecycle.call("backup", () -> backupService.backup(actor, tenantId, trigger));
    }

    /**
     * {@inheritDoc}
     *
     * <p>After the backups, runs the restore drills that are due at {@code now} ({@link DrillService#runDue}):
     * their outcomes are {@code DRILL_PASSED} / {@code DRILL_FAILED} events and results kept beside the
     * snapshots, not entries of the returned list.
     */
    @Override
    public List<ScheduledOutcome> runDue(Instant now) {
        return lifecycle.call("runDue", () -> {
            List<ScheduledOutcome> outcomes = backupService.runDue(now);
            // After the backups, so a due drill proves the snapshot this very tick may have taken. Drill
            // outcomes are reported as DRILL_PASSED / DRILL_FAILED events and kept beside the snapshots.
            drillEngine.runDue(now);
            return outcomes;
        });
    }

    @Override
    public BackupStatus status(Actor actor, String tenantId) {
        return lifecycle.call("status", () -> {
            BackupStatus st = backupService.status(actor, tenantId);
            return st.withLastDrill(drillEngine.lastDrillOf(st.tenantId()));
        });
    }

    @Override
    public Instant nextDue(Actor actor, String tenantId) {
        return lifecycle.call("nextDue", () -> backupService.nextDue(actor, tenantId));
    }

    /** @return the guarded restore */
    public RestoreService restores() {
        return restoreService;
    }

    /** @return listing, inspection, verification, pins and pruning */
    /**
     * Restore drills: restore a snapshot into a scratch database, check it against what the snapshot
     * recorded, drop it (see {@link DrillService}). Scheduled drills run in {@link #runDue}.
     *
     * @return the drill service
     */
    public DrillService drills() {
        return drills;
    }

    public SnapshotCatalog catalog() {
        return catalog;
    }

    /** @return re-encryption of archives made with retired keys, after a key rotation */
    public KeyRotation keyRotation() {
        return keyRotation;
    }

    /** @return the settings this instance was built with */
    public BackupsSettings settings() {
        return settings;
    }

    /**
     * Closes this instance; the one way its life ends. From the moment {@code close()} begins, every
     * call on it, its {@link #restores()} and its {@link #catalog()} fails with
     * {@link BackupsClosedException} before doing anything. Then {@code close()} waits for the
     * operations already running: up to {@link #CLOSE_TIMEOUT} for calls in progress (a restore, a
     * scheduler tick, a status), then up to ten seconds more for Backup Now jobs, after which a backup
     * still running is interrupted and leaves nothing behind. Last it closes the storage backend and
     * database source if they were created from URIs (never instances the host passed in). Calling it
     * again does nothing.
     */
    @Override
    public synchronized void close() {
        if (lifecycle.closed()) {
            return;
        }
        if (!lifecycle.closeAndAwait(CLOSE_TIMEOUT)) {
            LOG.warn("Backups closed while operations were still running after {}; their threads are stopped", CLOSE_TIMEOUT);
        }
        pools.close();
        for (AutoCloseable c : owned) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("Closing {} failed", c, e);
            }
        }
    }

    @Override
    public String toString() {
        return "Backups[" + settings + "]";
    }

    /** Builds {@link Backups}. Not thread-safe; {@link #build()} validates and copies everything. */
    public static final class Builder extends BackupsTuning<Builder> {
        DatabaseSource source;
        String sourceUri;
        StorageBackend storage;
        String storageUri;
        KeyProvider keys;
        String keysUri;
        TenantDirectory tenants;
        AccessPolicy access;
        MaintenanceGate gate = MaintenanceGate.NONE;
        QuotaPolicy quota = QuotaPolicy.UNLIMITED;
        BackupLock lock;
        final List<BackupListener> listeners = new ArrayList<>();
        RetentionPolicy retention = RetentionPolicy.defaults();
        Clock clock = Clock.systemUTC();
        /** The time the read budget paces by; a specification in this package simulates it. */
        Pacing pacing = Pacing.SYSTEM;
        Actor systemActor = Actor.system("scheduler");
        boolean refusePlaintext;
        OriginLedger originLedger;

        private Builder() {}

        @Override
        Builder self() {
            return this;
        }

        /**
         * @param source the database to back up (the host's instance; not closed by the library)
         * @return this
         */
        public Builder source(DatabaseSource source) {
            this.source = source;
            this.sourceUri = null;
            return this;
        }

        /**
         * @param uri a source URI such as {@code mongodb://host:27017}, resolved with ServiceLoader
         * @return this
         */
        public Builder source(String uri) {
            this.sourceUri = uri;
            this.source = null;
            return this;
        }

        /**
         * @param storage where archives go (the host's instance; not closed by the library)
         * @return this
         */
        public Builder storage(StorageBackend storage) {
            this.storage = storage;
            this.storageUri = null;
            return this;
        }

        /**
         * @param uri a storage URI such as {@code file:/var/backups} or {@code s3://bucket/prefix}
         * @return this
         */
        public Builder storage(String uri) {
            this.storageUri = uri;
            this.storage = null;
            return this;
        }

        /**
         * @param keys the key provider
         * @return this
         */
        public Builder keys(KeyProvider keys) {
            this.keys = keys;
            this.keysUri = null;
            return this;
        }

        /**
         * @param uri a key provider URI such as {@code env:}
         * @return this
         */
        public Builder keys(String uri) {
            this.keysUri = uri;
            this.keys = null;
            return this;
        }

        /**
         * @param tenants the host's tenant directory (required)
         * @return this
         */
        public Builder tenants(TenantDirectory tenants) {
            this.tenants = tenants;
            return this;
        }

        /**
         * @param access the host's permission check (required; there is no default)
         * @return this
         */
        public Builder access(AccessPolicy access) {
            this.access = access;
            return this;
        }

        /**
         * @param gate the host's maintenance gate (default: none)
         * @return this
         */
        public Builder gate(MaintenanceGate gate) {
            this.gate = gate;
            return this;
        }

        /**
         * @param quota the host's quota (default: unlimited)
         * @return this
         */
        public Builder quota(QuotaPolicy quota) {
            this.quota = quota;
            return this;
        }

        /**
         * @param lock the per-tenant lock; default: a process-wide lock shared by every {@code Backups}
         *     in this JVM whose storage has the same {@link StorageBackend#location()}, so a second
         *     instance (a rebuild, a status page's own) never backs up or prunes a tenant another is
         *     restoring. It is only safe with a single node — several nodes must share a
         *     {@code MongoBackupLock} or similar
         * @return this
         */
        public Builder lock(BackupLock lock) {
            this.lock = lock;
            return this;
        }

        /**
         * @param listener receives every event; may be called several times to add more
         * @return this
         */
        public Builder listener(BackupListener listener) {
            this.listeners.add(listener);
            return this;
        }

        /**
         * @param retention the retention policy (default: {@link RetentionPolicy#defaults()})
         * @return this
         */
        public Builder retention(RetentionPolicy retention) {
            this.retention = retention;
            return this;
        }

        /**
         * @param clock the clock (tests use a fixed or simulated one)
         * @return this
         */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }










        /**
         * Refuses to restore any plaintext snapshot ({@link Origin#REFUSED}): only DBK1 archives,
         * whose content the tenant's key authenticates, are restored. Recommended once legacy
         * plaintext archives were converted with {@code daai-backup encrypt} (docs/security.md).
         * Off by default, because legacy {@code .gz} archives must stay restorable until then.
         *
         * @param refuse true to refuse plaintext restores entirely
         * @return this
         */
        public Builder refusePlaintext(boolean refuse) {
            this.refusePlaintext = refuse;
            return this;
        }

        /**
         * Where the instant from which each tenant has encrypted backups is recorded, outside the
         * backup storage: a plaintext {@code .gz} newer than it is refused without
         * {@link RestoreRequest#acceptingUnverifiedOrigin()}, however the storage was changed
         * (docs/security.md). Default: the source's own ({@link DatabaseSource#originLedger()}; MongoDB
         * keeps it beside the restore journal), else a table in this JVM, backfilled from the storage
         * after every start (docs/hosting.md).
         *
         * @param ledger the ledger
         * @return this
         */
        public Builder originLedger(OriginLedger ledger) {
            this.originLedger = ledger;
            return this;
        }

        /**
         * Names the actor that scheduled work ({@link BackupService#runDue}, and the retention run
         * after each scheduled backup) is recorded under in events and manifests. The access policy
         * is not asked about it: the host calling the scheduler tick is the authority.
         *
         * @param actor the system actor; default {@code Actor.system("scheduler")}
         * @return this
         */
        public Builder systemActor(Actor actor) {
            this.systemActor = actor;
            return this;
        }


        /**
         * Validates and builds.
         *
         * @return the service
         * @throws ConfigurationException naming the first missing or invalid field
         */
        public Backups build() {
            DatabaseSource src = source != null ? source : sourceUri != null ? Plugins.source(sourceUri) : null;
            StorageBackend sto = storage != null ? storage : storageUri != null ? Plugins.storage(storageUri) : null;
            KeyProvider kp = keys != null ? keys : keysUri != null ? KeyProviders.fromUri(keysUri) : null;
            Wiring.required(src, "source is required: pass a DatabaseSource or a URI such as mongodb://host:27017");
            Wiring.required(sto, "storage is required: pass a StorageBackend or a URI such as file:/var/daai/backups");
            Wiring.required(kp, "keys is required: pass KeyProviders.fromEnvironment() or the URI env:");
            Wiring.required(tenants, "tenants is required: pass the host's TenantDirectory");
            Wiring.required(access, "access is required: pass the host's AccessPolicy (there is deliberately no default)");
            if (gate == null || quota == null || retention == null || clock == null || dbk1Options == null) {
                throw new ConfigurationException("Backups.builder(): gate, quota, retention, clock and encryption must not be null");
            }
            Wiring.required(systemActor, "systemActor must not be null: name the actor scheduled work runs as, for example"
                    + " Actor.system(\"scheduler\")");
            listeners.forEach(l -> Wiring.required(l, "listener must not be null"));
            BackupsSettings settings = settings(src.describe(), sto.describe(), kp.describe());
            requireDrillSettings();
            Wiring.Engine e = Wiring.wire(new Wiring.Config(settings, src, sto, kp,
                    lock != null ? lock : ProcessLocks.forLocation(sto.location()),
                    originLedger != null ? originLedger
                            : src.originLedger().orElseGet(() -> InJvmOriginLedger.forLocation(sto.location())), tenants, access, gate,
                    quota, listeners, retention, clock, dbk1Options, allowPlaintext, warmUpEncryption, systemActor,
                    refusePlaintext, pacing, drillDatabase, drillEvery, collectionRestoreGate));
            // Only what was created here from a URI is closed with this instance, never the host's own instances.
            return new Backups(settings, e.backups(), e.restores(), e.catalog(), e.keyRotation(), e.drills(), e.pools(),
                    Wiring.owned(source == null ? src : null, storage == null ? sto : null), clock, new Lifecycle());
        }

    }
}
