package com.daaisuite.backup.core;

import static com.daaisuite.backup.core.BackupEvent.Type.SNAPSHOT_PRUNED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.daaisuite.backup.core.spi.Lease;
import com.daaisuite.backup.core.spi.StorageKey;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RetentionTest {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private Fixture f = new Fixture();

    @AfterEach
    void close() {
        f.close();
    }

    /** Seeds archive-named objects (content does not matter to retention) with manifests. */
    private String seed(SnapshotLabel label, Instant at) {
        String name = label.label() + "_" + STAMP.format(at) + ".gz.enc";
        f.storage.put(StorageKey.of("acme", name), new byte[10], at);
        f.storage.put(StorageKey.of("acme", name + ".manifest.json"), "{}".getBytes(), at);
        return name;
    }

    private List<String> names() {
        return f.catalog().list(Fixture.ADMIN, "acme").stream().map(Snapshot::fileName).toList();
    }

    @Test
    void aSuccessfulBackupPrunesWhatTheTableNoLongerKeeps() throws Exception {
        Instant now = f.clock.instant();
        String oldest = seed(SnapshotLabel.TWENTY_FOUR_HOUR, now.minus(Duration.ofDays(14)));
        for (int i = 13; i >= 1; i--) {
            seed(SnapshotLabel.TWENTY_FOUR_HOUR, now.minus(Duration.ofDays(i)));
        }
        BackupResult r = f.service().backup(Fixture.SCHEDULER, "acme", BackupTrigger.SCHEDULED);
        assertThat(names()).hasSize(14).contains(r.snapshot().fileName()).doesNotContain(oldest);
        assertThat(f.objects("acme")).doesNotContain(oldest + ".manifest.json");
        assertThat(f.events.events(SNAPSHOT_PRUNED)).singleElement().satisfies(e -> assertThat(e.fileName()).isEqualTo(oldest));
    }

    @Test
    void pinnedSnapshotsAreNeverPruned() {
        Instant now = f.clock.instant();
        String pinned = seed(SnapshotLabel.MONTHLY, now.minus(Duration.ofDays(400)));
        for (int i = 1; i <= 6; i++) {
            seed(SnapshotLabel.MONTHLY, now.minus(Duration.ofDays(30L * i)));
        }
        f.catalog().pin(Fixture.ADMIN, "acme", pinned);
        PruneReport r = f.catalog().prune(Fixture.ADMIN, "acme", false);
        assertThat(r.pruned()).isEmpty();
        assertThat(names()).hasSize(7).contains(pinned);
        f.catalog().unpin(Fixture.ADMIN, "acme", pinned);
        assertThat(f.catalog().prune(Fixture.ADMIN, "acme", false).pruned()).extracting(Snapshot::fileName).containsExactly(pinned);
    }

    @Test
    void theNewestSnapshotIsNeverPrunedWhateverThePolicySays() {
        f.close();
        f = new Fixture(b -> b.retention((tenant, snapshots, now) -> snapshots));
        Instant now = f.clock.instant();
        String newest = seed(SnapshotLabel.MANUAL, now.minus(Duration.ofDays(1)));
        String old = seed(SnapshotLabel.MANUAL, now.minus(Duration.ofDays(2)));
        String pinned = seed(SnapshotLabel.MANUAL, now.minus(Duration.ofDays(3)));
        f.catalog().pin(Fixture.ADMIN, "acme", pinned);
        PruneReport r = f.catalog().prune(Fixture.ADMIN, "acme", false);
        assertThat(r.pruned()).extracting(Snapshot::fileName).containsExactly(old);
        assertThat(r.kept()).extracting(Snapshot::fileName).containsExactly(newest, pinned);
    }

    @Test
    void preRestoreSnapshotsExpireAfterSevenDays() {
        Instant now = f.clock.instant();
        String keep = seed(SnapshotLabel.PRE_RESTORE, now.minus(Duration.ofDays(6)));
        String expired = seed(SnapshotLabel.PRE_RESTORE, now.minus(Duration.ofDays(8)));
        seed(SnapshotLabel.MONTHLY, now.minus(Duration.ofHours(1)));
        assertThat(f.catalog().prune(Fixture.ADMIN, "acme", false).pruned()).extracting(Snapshot::fileName).containsExactly(expired);
        assertThat(names()).contains(keep);
    }

    @Test
    void aDryRunListsWhatWouldGoAndDeletesNothing() throws Exception {
        Instant now = f.clock.instant();
        for (int i = 1; i <= 9; i++) {
            seed(SnapshotLabel.SEVEN_DAY, now.minus(Duration.ofDays(7L * i)));
        }
        List<String> before = f.objects("acme");
        PruneReport dry = f.catalog().prune(Fixture.ADMIN, "acme", true);
        assertThat(dry.dryRun()).isTrue();
        assertThat(dry.pruned()).hasSize(1);
        assertThat(dry.kept()).hasSize(8);
        assertThat(f.objects("acme")).isEqualTo(before);
        assertThat(f.events.events(SNAPSHOT_PRUNED)).isEmpty();
        PruneReport real = f.catalog().prune(Fixture.ADMIN, "acme", false);
        assertThat(real.pruned()).isEqualTo(dry.pruned());
        assertThat(f.events.events(SNAPSHOT_PRUNED)).hasSize(1);
    }

    @Test
    void pruningWhileTheLockIsHeldIsRefused() {
        seed(SnapshotLabel.MANUAL, f.clock.instant());
        Lease held = f.lock.tryAcquire("acme", "restore", Duration.ofMinutes(5)).orElseThrow();
        try {
            assertThatThrownBy(() -> f.catalog().prune(Fixture.ADMIN, "acme", false)).isInstanceOf(BackupInProgressException.class);
            assertThat(f.catalog().prune(Fixture.ADMIN, "acme", true).kept()).hasSize(1);
        } finally {
            held.release();
        }
    }
}
