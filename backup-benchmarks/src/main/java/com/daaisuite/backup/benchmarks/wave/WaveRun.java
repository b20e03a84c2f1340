package com.daaisuite.backup.benchmarks.wave;

import com.daaisuite.backup.benchmarks.e2e.HeapMonitor;
import com.daaisuite.backup.core.Actor;
import com.daaisuite.backup.core.BackupService.ScheduledOutcome;
import com.daaisuite.backup.core.Backups;
import com.daaisuite.backup.core.Tenant;
import com.daaisuite.backup.crypto.spi.KeyProvider;
import com.daaisuite.backup.mongo.MongoBackupLock;
import com.daaisuite.backup.mongo.MongoDatabaseSource;
import com.daaisuite.backup.storage.fs.FileSystemStorageBackend;
import com.mongodb.client.MongoClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * One scenario of the wave: the application alone for the idle figure, then the same workload while
 * {@code nodes} {@link Backups} instances (distinct node names; one {@code MongoBackupLock} and one
 * storage when several) each call {@code runDue} at 01:00, as their schedulers would in the same minute.
 * Afterwards it counts each tenant's snapshots in the shared storage: exactly one each is the claim.
 */
final class WaveRun {
    /** What one scenario measured. */
    record Result(String name, int nodes, long budget, double waveSeconds, long peakUsedBytes, long peakAfterGcBytes,
            Latencies idle, Latencies wave, Map<String, Integer> backedUpPerNode, int failed, int tenantsOnce,
            int tenantsMissing, int tenantsTwice, long archiveBytes, List<String> failures, double backupsSeconds,
            int drills, int gzipThreads /* BackupsSettings.pacedCompressionThreads(): all of them without a budget */) {
    }

    private static final Actor VIEWER = Actor.user("wave-benchmark");

    private final WaveOptions o;
    private final WaveFleet fleet;
    private final KeyProvider keys;
    private final Workload app;
    private final HeapMonitor heap;
    private final Supplier<MongoClient> newClient;

    WaveRun(WaveOptions o, WaveFleet fleet, KeyProvider keys, Workload app, HeapMonitor heap, Supplier<MongoClient> newClient) {
        this.o = o;
        this.fleet = fleet;
        this.keys = keys;
        this.app = app;
        this.heap = heap;
        this.newClient = newClient;
    }

    /**
     * Backs up the first few tenants once, unmeasured, so that the first scenario does not pay alone for
     * the JIT and AES-GCM warm-up that a long-running host paid long before 01:00.
     */
    void warmUp(Path storageRoot) throws Exception {
        Files.createDirectories(storageRoot);
        List<Tenant> few = fleet.tenants().subList(0, Math.min(3, fleet.tenants().size()));
        try (MongoClient c = newClient.get();
                Backups b = Backups.builder().source(MongoDatabaseSource.builder(c).build())
                        .storage(FileSystemStorageBackend.at(storageRoot)).keys(keys)
                        .tenants(com.daaisuite.backup.core.spi.TenantDirectory.of(few)).access((actor, permission, t) -> true)
                        .nodeName("wave-warm-up").build()) {
            b.runDue(fleet.oneAm());
        }
    }

    Result run(String name, int nodes, long budget, Path storageRoot) throws Exception {
        Files.createDirectories(storageRoot);
        List<MongoClient> clients = new ArrayList<>();
        List<Backups> fleetNodes = new ArrayList<>();
        Marks marks = new Marks();
        ExecutorService ticks = Executors.newFixedThreadPool(nodes);
        try {
            FileSystemStorageBackend storage = FileSystemStorageBackend.at(storageRoot);
            MongoClient lockClient = newClient.get();
            clients.add(lockClient);
            // One lock store for every node of the scenario (a fresh collection per scenario); a single node
            // keeps the library's default in-JVM lock, as a one-node host would.
            MongoBackupLock shared = nodes > 1
                    ? new MongoBackupLock(lockClient.getDatabase("wave_locks"), "locks_" + storageRoot.getFileName()) : null;
            for (int n = 1; n <= nodes; n++) {
                MongoClient c = newClient.get();
                clients.add(c);
                MongoDatabaseSource.Builder source = MongoDatabaseSource.builder(c);
                if (o.readBatchMb > 0) {
                    source.readBatchBytes((int) (o.readBatchMb * 1024 * 1024));
                }
                Backups.Builder b = Backups.builder().source(source.build()).storage(storage).listener(marks)
                        .keys(keys).tenants(fleet.directory()).access((actor, permission, t) -> true)
                        .nodeName("wave-node-" + n);
                if (shared != null) {
                    b.lock(shared);
                }
                if (budget > 0) {
                    b.dumpReadBudget(budget);
                }
                if (o.scheduledLevel > 0) {
                    b.scheduledCompressionLevel(o.scheduledLevel);
                }
                if (!o.drills) {
                    b.drillEvery(java.time.Duration.ZERO);
                }
                if (o.maxConcurrent > 0) {
                    b.maxConcurrentBackups(o.maxConcurrent);
                }
                if (o.threads > 0) {
                    b.compressionThreads(o.threads);
                }
                fleetNodes.add(b.build());
            }
            WaveHarness.log("%s: application alone for %d s (idle)", name, o.idleSeconds);
            Workload.Started idleRun = app.start(o.idleSeconds, o.seed);
            Thread.sleep(o.idleSeconds * 1000L);
            Latencies idle = idleRun.stop();
            idle.write(o.work.resolve(Latencies.fileName(name, "idle")));

            WaveHarness.log("%s: the wave: %d tenants due at %s on %d node(s), budget %s", name, fleet.tenants().size(),
                    fleet.oneAm(), nodes, budget > 0 ? budget + " B/s per node" : "none");
            heap.reset();
            Workload.Started waveRun = app.start(o.maxWaveMinutes * 60, o.seed + 1);
            long t0 = System.nanoTime();
            marks.start(t0);
            List<Future<List<ScheduledOutcome>>> outcomes = new ArrayList<>();
            for (Backups node : fleetNodes) {
                outcomes.add(ticks.submit(() -> node.runDue(fleet.oneAm())));
            }
            Map<String, Integer> perNode = new TreeMap<>();
            int failed = 0;
            List<String> failures = new ArrayList<>();
            for (int n = 0; n < nodes; n++) {
                int backedUp = 0;
                for (ScheduledOutcome s : outcomes.get(n).get()) {
                    if (s.outcome() == ScheduledOutcome.Outcome.BACKED_UP) {
                        backedUp++;
                    } else if (s.outcome() == ScheduledOutcome.Outcome.FAILED) {
                        failed++;
                        if (failures.size() < 5) {
                            failures.add(s.tenantId() + ": " + s.detail());
                        }
                    }
                }
                perNode.put(fleetNodes.get(n).settings().nodeName(), backedUp);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            Latencies wave = waveRun.stop();
            wave.write(o.work.resolve(Latencies.fileName(name, "wave")));
            long used = heap.maxUsedBytes();
            long afterGc = heap.maxLiveBytes();

            int once = 0;
            int missing = 0;
            int twice = 0;
            long archiveBytes = 0;
            for (Tenant t : fleet.tenants()) {
                var snaps = fleetNodes.get(0).catalog().list(VIEWER, t.id());
                once += snaps.size() == 1 ? 1 : 0;
                missing += snaps.isEmpty() ? 1 : 0;
                twice += snaps.size() > 1 ? 1 : 0;
                archiveBytes += snaps.stream().mapToLong(s -> s.sizeBytes()).sum();
            }
            WaveHarness.log("%s: every tenant done in %.1f s; backed up per node %s; once %d, missing %d, more than once %d",
                    name, seconds, perNode, once, missing, twice);
            WaveHarness.log("%s: the last backup completed after %.1f s; %d restore drills ran in the same tick", name,
                    marks.lastBackupSeconds(), marks.drills());
            return new Result(name, nodes, budget, seconds, used, afterGc, idle, wave, perNode, failed, once, missing, twice,
                    archiveBytes, failures, marks.lastBackupSeconds(), marks.drills(),
                    fleetNodes.get(0).settings().pacedCompressionThreads());
        } finally {
            ticks.shutdownNow();
            for (Backups b : fleetNodes) {
                b.close();
            }
            for (MongoClient c : clients) {
                c.close();
            }
        }
    }

    /**
     * When the wave's last backup completed, apart from when {@code runDue} returned: the tick goes on to
     * the restore drills that are due (every tenant's first, in a new fleet), which the backups' time
     * must not include.
     */
    private static final class Marks implements com.daaisuite.backup.core.spi.BackupListener {
        private volatile long t0;
        private final java.util.concurrent.atomic.AtomicLong lastBackup = new java.util.concurrent.atomic.AtomicLong();
        private final java.util.concurrent.atomic.AtomicInteger drills = new java.util.concurrent.atomic.AtomicInteger();

        void start(long nanos) {
            t0 = nanos;
            lastBackup.set(nanos);
            drills.set(0);
        }

        @Override
        public void onEvent(com.daaisuite.backup.core.BackupEvent e) {
            switch (e.type()) {
                case BACKUP_COMPLETED -> lastBackup.accumulateAndGet(System.nanoTime(), Math::max);
                case DRILL_PASSED, DRILL_FAILED -> drills.incrementAndGet();
                default -> { }
            }
        }

        double lastBackupSeconds() {
            return (lastBackup.get() - t0) / 1e9;
        }

        int drills() {
            return drills.get();
        }
    }
}
