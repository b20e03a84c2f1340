package com.daaisuite.backup.examples.scheduler;

import com.daaisuite.backup.core.BackupScheduler;
import com.daaisuite.backup.core.BackupService.ScheduledOutcome;
import com.daaisuite.backup.core.Actor;
import com.daaisuite.backup.core.Backups;
import com.daaisuite.backup.core.SnapshotLabel;
import com.daaisuite.backup.core.Tenant;
import com.daaisuite.backup.core.spi.TenantDirectory;
import com.daaisuite.backup.crypto.KeyProviders;
import com.daaisuite.backup.crypto.MasterKey;
import com.daaisuite.backup.mongo.MongoDatabaseSource;
import com.daaisuite.backup.storage.fs.FileSystemStorageBackend;
import com.daaisuite.backup.time.MutableClock;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.ServerVersion;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.bson.Document;

/**
 * Three days of scheduled backups in a few seconds: the library's {@link BackupScheduler} ticks every
 * 200 ms on a {@code ScheduledExecutorService}, and each tick the test clock ({@link MutableClock}
 * from {@code backup-test-support}) moves six hours. Tenants: {@code acme} (24-hour),
 * {@code sandbox} (daily, sandbox only) and {@code initech} (suspended: skipped). The first tick
 * backs up the active tenants at once: a tenant with no scheduled snapshot is due from today's
 * 01:00 slot, which has passed; after that each backs up once a night.
 * Run: {@code mvn -q -pl examples/scheduler exec:java}.
 */
public final class SchedulerExample {
    static final int TICKS = 12;

    private SchedulerExample() {}

    public static void main(String[] args) throws Exception {
        List<ScheduledOutcome> all = run(Path.of(args.length > 0 ? args[0] : "target/daai-backup-scheduler"));
        System.out.println(all.size() + " outcomes over " + TICKS + " ticks.");
    }

    /** @return every outcome of every tick */
    static List<ScheduledOutcome> run(Path folder) throws Exception {
        Files.createDirectories(folder);
        MongoServer server = new MongoServer(new MemoryBackend().version(ServerVersion.MONGO_5_0));
        server.bind("127.0.0.1", 0);
        ZoneId ist = ZoneId.of("Asia/Kolkata");
        MutableClock clock = new MutableClock(Instant.parse("2026-11-25T18:00:00Z")); // 23:30 IST
        List<Tenant> tenants = List.of(
                Tenant.builder("acme").workspaceName("Acme Traders").databaseName("daai_acme")
                        .frequency(SnapshotLabel.TWENTY_FOUR_HOUR).zone(ist).build(),
                Tenant.builder("sandbox").workspaceName("Acme Sandbox").databaseName("daai_sandbox")
                        .frequency(SnapshotLabel.DAILY).zone(ist).sandbox(true).build(),
                Tenant.builder("initech").workspaceName("Initech").databaseName("daai_initech")
                        .frequency(SnapshotLabel.SEVEN_DAY).zone(ist).active(false).build());
        List<ScheduledOutcome> all = new ArrayList<>();
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort());
                Backups backups = Backups.builder()
                        .source(MongoDatabaseSource.builder(client).build())
                        .storage(FileSystemStorageBackend.at(folder))
                        .keys(KeyProviders.of(MasterKey.generate(new SecureRandom()))) // a throwaway key: it is an example
                        .tenants(TenantDirectory.of(tenants))
                        .access((actor, permission, tenant) -> false) // the tick asks no user permission
                        .systemActor(Actor.system("acme-scheduler")) // scheduled work is audited as this actor
                        .clock(clock) // the library and the tick must agree on "now"
                        .build()) {
            for (Tenant t : tenants) {
                client.getDatabase(t.databaseName()).getCollection("settings").insertOne(new Document("_id", "workspace")
                        .append("name", t.workspaceName()));
            }
            CountDownLatch done = new CountDownLatch(TICKS);
            ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
            // The one line a host writes; every tick passes runDue the instant of the clock Backups was built with.
            BackupScheduler scheduler = BackupScheduler.start(backups, executor, Duration.ofMillis(200), outcomes -> {
                synchronized (all) {
                    all.addAll(outcomes);
                }
                outcomes.forEach(o -> System.out.println(clock.instant().atZone(ist).toLocalDateTime() + "  " + o.tenantId()
                        + "  " + o.outcome() + o.result().map(r -> "  " + r.snapshot().fileName()).orElse("")
                        + (o.detail() == null || o.detail().isBlank() ? "" : "  (" + o.detail() + ")")));
                clock.advance(Duration.ofHours(6));
                done.countDown();
            });
            try {
                if (!done.await(2, TimeUnit.MINUTES)) {
                    throw new IllegalStateException("The scheduler did not tick " + TICKS + " times within 2 minutes");
                }
            } finally {
                scheduler.close();
                executor.shutdown();
            }
        } finally {
            server.shutdownNow();
        }
        return all;
    }
}
