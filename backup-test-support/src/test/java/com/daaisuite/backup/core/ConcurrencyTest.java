package com.daaisuite.backup.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.daaisuite.backup.BackupException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Backups, Backup Now, prunes and restores of several tenants at once, from several threads: every
 * operation either completes or is refused cleanly, nothing half-written is ever left, and every
 * listed archive verifies.
 */
class ConcurrencyTest {

    @Test
    void mixedOperationsOnSeveralTenantsLeaveOnlyCompleteVerifiableArchives() throws Exception {
        long seed = Long.getLong("daai.seed", System.nanoTime());
        System.out.println("ConcurrencyTest seed " + seed + " (rerun with -Ddaai.seed=" + seed + ")");
        int rounds = Boolean.getBoolean("daai.thorough") ? 200 : 25;
        try (Fixture f = new Fixture()) {
            List<String> ids = List.of("acme", "t1", "t2", "t3");
            for (String id : ids.subList(1, ids.size())) {
                f.addTenant(Tenant.of(id, "Workspace " + id, id + "_db"));
                f.seed(id + "_db", id);
            }
            Map<String, List<Map<String, List<String>>>> seenContents = new ConcurrentHashMap<>();
            for (String id : ids) {
                seenContents.computeIfAbsent(id, k -> new ArrayList<>()).add(f.content(f.tenant(id).databaseName()));
            }
            AtomicInteger completed = new AtomicInteger();
            AtomicInteger refused = new AtomicInteger();
            AtomicInteger vanished = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<?>> futures = new ArrayList<>();
            Random master = new Random(seed);
            for (int w = 0; w < 4; w++) {
                Random r = new Random(master.nextLong());
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < rounds; i++) {
                        String id = ids.get(r.nextInt(ids.size()));
                        Tenant t = f.tenant(id);
                        try {
                            switch (r.nextInt(4)) {
                                case 0 -> f.service().backupNow(Fixture.ADMIN, id, "fuzz").await(Duration.ofSeconds(60));
                                case 1 -> f.service().backup(Fixture.ADMIN, id, BackupTrigger.MANUAL);
                                case 2 -> f.catalog().prune(Fixture.ADMIN, id, r.nextBoolean());
                                default -> {
                                    List<Snapshot> l = f.catalog().list(Fixture.ADMIN, id);
                                    if (!l.isEmpty()) {
                                        Snapshot s = l.get(r.nextInt(l.size()));
                                        f.restores().restore(Fixture.ADMIN, new RestoreRequest(id, s.fileName(), t.workspaceName()));
                                    }
                                }
                            }
                            completed.incrementAndGet();
                        } catch (BackupInProgressException busy) {
                            // Refused cleanly: the tenant's lock was held. The refusal must say so, and what to do.
                            assertThat(busy.getMessage()).contains("tenant " + id).contains("lock is held")
                                    .contains("Wait for it to finish");
                            refused.incrementAndGet();
                        } catch (SnapshotNotFoundException gone) {
                            // Retention removed the chosen snapshot between the listing and the restore.
                            assertThat(gone.getMessage()).contains(id).contains("List the tenant's snapshots");
                            vanished.incrementAndGet();
                        }
                        f.clock.advance(Duration.ofSeconds(1 + r.nextInt(3)));
                    }
                    return null;
                }));
            }
            for (Future<?> fu : futures) {
                fu.get(5, TimeUnit.MINUTES);
            }
            pool.shutdown();
            // Every operation is accounted for: it completed or was refused, and refusals were heard.
            assertThat(completed.get() + refused.get() + vanished.get()).isEqualTo(4 * rounds);
            assertThat(completed.get()).as("operations that completed").isPositive();
            long refusalEvents = f.events.events().stream().filter(e -> e.type() == BackupEvent.Type.BACKUP_REFUSED
                    || e.type() == BackupEvent.Type.RESTORE_REFUSED).count();
            if (refused.get() > 0) {
                assertThat(refusalEvents).as("refusals are audited, not silent").isPositive();
            }
            System.out.println("ConcurrencyTest: " + completed + " completed, " + refused + " refused (busy), " + vanished
                    + " refused (snapshot pruned meanwhile), " + refusalEvents + " refusal events");
            assertThat(f.storage.openUploads()).isZero();
            for (String id : ids) {
                for (Snapshot s : f.catalog().list(Fixture.ADMIN, id)) {
                    VerificationReport v = f.catalog().verify(Fixture.ADMIN, id, s.fileName());
                    assertThat(v.ok()).as("%s %s: %s", id, s.fileName(), v.problems()).isTrue();
                }
                // Only versions that were ever backed up exist, so a restore can only bring back the seeded content.
                assertThat(f.content(f.tenant(id).databaseName())).isEqualTo(seenContents.get(id).get(0));
            }
        } catch (BackupException e) {
            throw new AssertionError("an operation failed instead of completing or being refused", e);
        }
    }
}
