package com.daaisuite.backup.examples.samples;

import com.daaisuite.backup.core.Actor;
import com.daaisuite.backup.core.BackupInProgressException;
import com.daaisuite.backup.core.BackupJob;
import com.daaisuite.backup.core.BackupResult;
import com.daaisuite.backup.core.BackupScheduler;
import com.daaisuite.backup.core.BackupStatus;
import com.daaisuite.backup.core.Backups;
import com.daaisuite.backup.core.SnapshotInfo;
import com.daaisuite.backup.core.SnapshotLabel;
import com.daaisuite.backup.core.Tenant;
import com.daaisuite.backup.core.spi.AccessPolicy;
import com.daaisuite.backup.core.spi.BackupLock;
import com.daaisuite.backup.core.spi.DatabaseSource;
import com.daaisuite.backup.core.spi.MaintenanceGate;
import com.daaisuite.backup.core.spi.StorageBackend;
import com.daaisuite.backup.core.spi.TenantDirectory;
import com.daaisuite.backup.crypto.KeyProviders;
import com.daaisuite.backup.crypto.ReloadableKeyProvider;
import com.daaisuite.backup.crypto.spi.KeyProvider;
import com.daaisuite.backup.mongo.MongoBackupLock;
import com.daaisuite.backup.mongo.MongoDatabaseSource;
import com.daaisuite.backup.storage.fs.FileSystemStorageBackend;
import com.daaisuite.backup.storage.s3.S3ServerSideEncryption;
import com.daaisuite.backup.storage.s3.S3StorageBackend;
import com.daaisuite.backup.time.MutableClock;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The samples of the README, the module READMEs, docs/*.md and the public Javadoc, each between a
 * {@code // sample:} and an {@code // end-sample} line, so that {@code mvn verify} compiles every one.
 * {@code DocSamplesTest} fails when a sample in the documentation is not, verbatim, one of these regions:
 * change the region and the documentation together. The methods are never run; their parameters stand
 * for what the host already has.
 */
@SuppressWarnings("unused")
final class Samples {
    private Samples() {}

    static BackupJob readme(MongoClient mongoClient, TenantDirectory tenantDirectory, AccessPolicy accessPolicy,
            MaintenanceGate maintenanceGate, Actor actor) {
        // sample: README quickstart
        Backups backups = Backups.builder()
                .source(MongoDatabaseSource.builder(mongoClient).build())
                .storage(FileSystemStorageBackend.at(Path.of("/var/daai/backups")))
                .keys(KeyProviders.fromEnvironment())          // BACKUP_ENCRYPTION_KEY, BACKUP_ENCRYPTION_KEYS_RETIRED
                .tenants(tenantDirectory).access(accessPolicy).gate(maintenanceGate)
                .build();
        BackupJob job = backups.backupNow(actor, "acme", "before salary year-end");
        // end-sample
        return job;
    }

    static void backupsJavadoc(MongoClient mongoClient, TenantDirectory tenantDirectory, AccessPolicy accessPolicy,
            Actor actor) {
        // sample: Backups Javadoc
        Backups backups = Backups.builder()
                .source(MongoDatabaseSource.builder(mongoClient).build()) // or .source("mongodb://...")
                .storage("file:/var/daai/backups")                         // or .storage(backendInstance)
                .keys(KeyProviders.fromEnvironment())                      // or .keys("env:")
                .tenants(tenantDirectory)
                .access(accessPolicy)
                .build();
        backups.backupNow(actor, "acme", "before year-end");
        // end-sample
    }

    static void scheduler(Backups backups) {
        // sample: operations: plain Java scheduler
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
        BackupScheduler scheduler = BackupScheduler.start(backups, executor, Duration.ofMinutes(5));
        // on shutdown: scheduler.close(); backups.close(); executor.shutdown();
        // end-sample
    }

    static void schedulerJavadoc(Backups backups, ScheduledExecutorService executor) {
        // sample: BackupScheduler Javadoc
        BackupScheduler scheduler = BackupScheduler.start(backups, executor, Duration.ofMinutes(5));
        // on shutdown, before backups.close():
        scheduler.close();
        // end-sample
    }

    static Tenant tenantFromSettings(String settingValue) {
        // sample: schedules: a tenant from a setting
        Tenant acme = Tenant.builder("acme")
                .workspaceName("Acme Traders")
                .databaseName("daai_acme")
                .frequency(SnapshotLabel.frequencyFromLabel(settingValue))
                .zone(ZoneId.of("Asia/Kolkata"))
                .build();
        // end-sample
        return acme;
    }

    static Tenant tenantJavadoc() {
        // sample: Tenant Javadoc
        Tenant acme = Tenant.builder("acme")
                .workspaceName("Acme Traders")
                .databaseName("daai_acme")
                .frequency(SnapshotLabel.SEVEN_DAY)
                .zone(ZoneId.of("Asia/Kolkata"))
                .build();
        // end-sample
        return acme;
    }

    static KeyProvider keysFromConfiguration(Properties config) {
        // sample: KeyProviders.fromConfiguration Javadoc
        KeyProvider keys = KeyProviders.fromConfiguration(
                config.getProperty("backup.encryption.key"),
                config.getProperty("backup.encryption.key.retired"),
                "backup.encryption.key");
        // end-sample
        return keys;
    }

    static void keysFromSupplier(String currentKey, String retiredKeys, String newKey) {
        // sample: KeyProviders.fromSupplier Javadoc
        AtomicReference<KeyProvider> keys = new AtomicReference<>(
                KeyProviders.fromConfiguration(currentKey, retiredKeys, "backup.encryption.key"));
        Backups.builder().keys(KeyProviders.fromSupplier(keys::get));
        // on a configuration reload:
        keys.set(KeyProviders.fromConfiguration(newKey, currentKey, "backup.encryption.key"));
        // end-sample
    }

    static void keysReloadable(String currentKey, String retiredKeys, String newKey) {
        // sample: ReloadableKeyProvider Javadoc
        ReloadableKeyProvider keys = KeyProviders.reloadable(
                KeyProviders.fromConfiguration(currentKey, retiredKeys, "backup.encryption.key"));
        Backups.builder().keys(keys);
        // on a configuration reload (a malformed key throws here, and the keys in use stay):
        keys.reload(KeyProviders.fromConfiguration(newKey, currentKey, "backup.encryption.key"));
        // end-sample
    }

    static void mongoReadme(String uri) {
        // sample: backup-mongo README
        MongoClient client = MongoClients.create(uri);                    // the host's client, used as is
        DatabaseSource source = MongoDatabaseSource.builder(client).build(); // defaults below
        BackupLock lock = new MongoBackupLock(client.getDatabase("app").getCollection("backup_locks"));
        Backups backups = Backups.builder().source(source).lock(lock) /* .storage(...).keys(...) */ .build();
        // or by URI through ServiceLoader ("mongodb://..." / "mongodb+srv://..."): the source then owns its client
        // end-sample
    }

    static BackupLock mongoLockJavadoc(MongoClient client) {
        // sample: MongoBackupLock Javadoc
        BackupLock lock = new MongoBackupLock(client.getDatabase("app").getCollection("backup_locks"));
        // end-sample
        return lock;
    }

    static DatabaseSource mongoSourceJavadoc(MongoClient mongoClient) {
        // sample: MongoDatabaseSource Javadoc
        DatabaseSource source = MongoDatabaseSource.builder(mongoClient).build();
        // end-sample
        return source;
    }

    static void fsReadme() {
        // sample: backup-storage-fs README
        StorageBackend storage = FileSystemStorageBackend.at(Path.of("/var/daai/backups")); // must exist, writable
        Backups backups = Backups.builder().storage(storage) /* .source(...).keys(...) ... */ .build();
        // or by URI, found through ServiceLoader: "file:/var/daai/backups" or "file:backups" (relative to the working dir)
        // tuning: FileSystemStorageBackend.builder(root).staleUploadAge(Duration.ofHours(2)).build()
        // end-sample
    }

    static StorageBackend fsJavadoc() {
        // sample: FileSystemStorageBackend Javadoc
        StorageBackend storage = FileSystemStorageBackend.at(Path.of("/var/lib/daai/backups"));
        // end-sample
        return storage;
    }

    static void s3Readme() {
        // sample: backup-storage-s3 README
        S3Client s3 = S3Client.builder().region(Region.EU_WEST_1).build();          // your client; never closed by us
        StorageBackend storage = S3StorageBackend.builder().bucket("acme-backups").prefix("prod").client(s3)
                .serverSideEncryption(S3ServerSideEncryption.s3Managed()).build(); // optional; partSize(16 << 20) too
        Backups backups = Backups.builder().storage(storage) /* .source(...).keys(...) ... */ .build();
        // or by URI (ServiceLoader, default credential chain, STANDARD retries; the backend owns that client):
        // "s3://acme-backups/prod?region=eu-west-1"  or  "s3://b/p?endpoint=http://minio:9000&pathStyle=true"
        // end-sample
    }

    static StorageBackend s3Javadoc() {
        // sample: S3StorageBackend Javadoc
        S3Client s3 = S3Client.builder().region(Region.EU_WEST_1).build();   // the host's own client
        StorageBackend storage = S3StorageBackend.builder()
                .bucket("acme-backups").prefix("prod").client(s3)
                .serverSideEncryption(S3ServerSideEncryption.kms("alias/acme-backups"))
                .build();
        // end-sample
        return storage;
    }

    static void backupNowOnAPage(Backups backups, Actor actor, String note, List<String> messages) {
        // sample: hosting: Backup Now
        BackupJob job = backups.backupNow(actor, "acme", note);
        if (job.joined()) {
            messages.add("A backup started by " + job.startedBy().id() + " is already running (note: " + job.note() + ")");
        }
        try {
            BackupResult result = job.await(Duration.ofMinutes(30));
            messages.add("Backed up to " + result.snapshot().fileName());
        } catch (BackupInProgressException busy) {
            messages.add("Another backup, prune or restore of this workspace is running; try again when it ends.");
        } catch (TimeoutException stillRunning) {
            messages.add("The backup is still running; it goes on in the background.");
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt(); // the page's thread is being stopped; the backup goes on
        }
        // end-sample
    }

    static void snapshotsPage(Backups backups, Actor actor, ZoneId zone, List<String> messages) {
        // sample: hosting: the snapshots page and the status line
        List<SnapshotInfo> rows = backups.catalog().listWithDetails(actor, "acme", 0, 50);
        for (SnapshotInfo row : rows) {
            String flags = (row.encrypted() ? "encrypted" : "plaintext") + (row.pinned() ? ", pinned" : "");
            messages.add(row.snapshot().createdAtIn(zone) + "  " + row.snapshot().label() + "  "
                    + row.actor().orElse("unknown") + "  " + row.note() + "  " + flags);
        }
        BackupStatus status = backups.status(actor, "acme");
        status.keyProblem().ifPresent(messages::add);        // how to configure the key, in the provider's terms
        status.consistencyNotice().ifPresent(messages::add); // once, for a server without point-in-time dumps
        // end-sample
    }

    static void testClock() {
        // sample: hosting: the test clock
        MutableClock clock = new MutableClock(Instant.parse("2026-11-25T18:00:00Z"));
        Backups backups = Backups.builder() /* .source(...).storage(...).keys(...).tenants(...).access(...) */
                .clock(clock)
                .build();
        clock.advance(Duration.ofDays(1)); // the next tick sees a day gone by
        // end-sample
    }

    static void theWave() {
        // sample: hosting: the 01:00 wave
        Backups backups = Backups.builder() /* .source(...).storage(...).keys(...).tenants(...).access(...) */
                .maxConcurrentBackups(2)    // dumps at once on this node (the default)
                .dumpReadBudget(4_000_000)  // bytes per second read by all of this node's dumps together
                .build();
        // end-sample
    }
}
