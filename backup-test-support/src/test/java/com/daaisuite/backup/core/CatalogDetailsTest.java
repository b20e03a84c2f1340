package com.daaisuite.backup.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.daaisuite.backup.core.spi.StorageKey;
import com.daaisuite.backup.testing.storage.InMemoryStorageBackend.Operation;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A snapshots page in one call: typed details from the manifests, paged, bounded. */
class CatalogDetailsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final Fixture f = new Fixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void aPageCarriesNoteActorTriggerCountsSizesKeyPinnedAndEncrypted() throws Exception {
        f.service().backupNow(Fixture.OPERATOR, "acme", "before salary year-end").await(WAIT);
        f.clock.advance(Duration.ofMinutes(1));
        Snapshot scheduled = f.service().backup(Fixture.SCHEDULER, "acme", BackupTrigger.SCHEDULED).snapshot();
        f.catalog().pin(Fixture.ADMIN, "acme", scheduled.fileName());

        List<SnapshotInfo> page = f.catalog().listWithDetails(Fixture.VIEWER, "acme", 0, 50);
        assertThat(page).hasSize(2);
        SnapshotInfo newest = page.get(0);
        assertThat(newest.snapshot().fileName()).isEqualTo(scheduled.fileName());
        assertThat(newest.manifest()).isPresent();
        assertThat(newest.trigger()).contains(BackupTrigger.SCHEDULED);
        assertThat(newest.actor()).contains("system:scheduler");
        assertThat(newest.note()).isEmpty();
        assertThat(newest.pinned()).isTrue();
        SnapshotInfo manual = page.get(1);
        assertThat(manual.note()).isEqualTo("before salary year-end");
        assertThat(manual.actor()).contains("operator");
        assertThat(manual.trigger()).contains(BackupTrigger.MANUAL);
        assertThat(manual.documents()).isEqualTo(80);
        assertThat(manual.documentsPerCollection()).containsEntry("customers", 30L).containsEntry("invoices", 50L);
        assertThat(manual.payloadBytes()).isPositive();
        assertThat(manual.archiveBytes()).isEqualTo(manual.snapshot().sizeBytes()).isPositive();
        assertThat(manual.encrypted()).isTrue();
        assertThat(manual.keyId()).contains(Fixture.KEY.id().toString());
        assertThat(manual.pinned()).isFalse();
    }

    @Test
    void pagesAreNewestFirstAndEachOpensOnlyItsOwnManifests() throws Exception {
        for (int i = 0; i < 7; i++) {
            f.service().backupNow(Fixture.ADMIN, "acme", "note " + i).await(WAIT);
            f.clock.advance(Duration.ofMinutes(1));
        }
        int readsBefore = f.storage.callCount(Operation.OPEN_READ);
        List<SnapshotInfo> second = f.catalog().listWithDetails(Fixture.ADMIN, "acme", 3, 3);
        assertThat(second).extracting(SnapshotInfo::note).containsExactly("note 3", "note 2", "note 1");
        // Per snapshot: its sealed manifest, and its archive's header for the manifest's binding.
        assertThat(f.storage.callCount(Operation.OPEN_READ) - readsBefore).isEqualTo(6);
        assertThat(f.catalog().listWithDetails(Fixture.ADMIN, "acme", 7, 3)).isEmpty();
        assertThat(f.catalog().listWithDetails(Fixture.ADMIN, "acme", 0, SnapshotCatalog.MAX_DETAIL_ROWS)).hasSize(7);
    }

    @Test
    void aQuerySortsAndFiltersOnTheServerCountsForThePagerAndReadsEachManifestOnce() throws Exception {
        for (int i = 0; i < 4; i++) {
            f.service().backupNow(Fixture.ADMIN, "acme", "note " + i).await(WAIT);
            f.clock.advance(Duration.ofMinutes(1));
            f.service().backup(Fixture.SCHEDULER, "acme", BackupTrigger.SCHEDULED);
            f.clock.advance(Duration.ofDays(1));
        }
        SnapshotQuery manualOnly = SnapshotQuery.firstPage(3).withLabel(SnapshotLabel.MANUAL);

        SnapshotPage newest = f.catalog().listWithDetails(Fixture.VIEWER, "acme", manualOnly);
        assertThat(newest.rows()).extracting(SnapshotInfo::note).containsExactly("note 3", "note 2", "note 1");
        assertThat(newest.matching()).isEqualTo(4);
        assertThat(newest.total()).isEqualTo(8);
        assertThat(newest.hasMore()).isTrue();
        SnapshotPage rest = f.catalog().listWithDetails(Fixture.VIEWER, "acme", manualOnly.atOffset(3));
        assertThat(rest.rows()).extracting(SnapshotInfo::note).containsExactly("note 0");
        assertThat(rest.hasMore()).isFalse();
        SnapshotPage oldest = f.catalog().listWithDetails(Fixture.VIEWER, "acme", SnapshotQuery.firstPage(2).oldestFirst(true));
        assertThat(oldest.rows()).extracting(r -> r.snapshot().label()).containsExactly(SnapshotLabel.MANUAL, SnapshotLabel.TWENTY_FOUR_HOUR);
        assertThat(oldest.rows().get(0).note()).isEqualTo("note 0");

        // Paging back reads no manifest again: they are remembered.
        int readsBefore = f.storage.callCount(Operation.OPEN_READ);
        assertThat(f.catalog().listWithDetails(Fixture.VIEWER, "acme", manualOnly).rows()).hasSize(3);
        assertThat(f.storage.callCount(Operation.OPEN_READ)).isEqualTo(readsBefore);
        assertThatThrownBy(() -> f.catalog().listWithDetails(Actor.user("stranger"), "acme", manualOnly))
                .isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> SnapshotQuery.firstPage(201)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSnapshotWithoutAManifestIsStillListedAndSaysSo() throws Exception {
        Snapshot s = f.service().backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL).snapshot();
        f.storage.delete(List.of(StorageKey.of("acme", s.fileName() + ".manifest")));
        assertThat(f.catalog().listWithDetails(Fixture.ADMIN, "acme", 0, 10)).singleElement().satisfies(i -> {
            assertThat(i.manifest()).isEmpty();
            assertThat(i.note()).isEmpty();
            assertThat(i.actor()).isEmpty();
            // The row itself says so: an encrypted snapshot without its sealed manifest is flagged.
            assertThat(i.snapshot()).isEqualTo(s.flaggedWith(i.snapshot().warning().orElseThrow()));
            assertThat(i.snapshot().warning().orElseThrow()).contains("sealed manifest is missing");
        });
    }

    @Test
    void boundsAndPermissionsAreEnforced() {
        assertThatThrownBy(() -> f.catalog().listWithDetails(Fixture.ADMIN, "acme", 0, SnapshotCatalog.MAX_DETAIL_ROWS + 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit 1..200");
        assertThatThrownBy(() -> f.catalog().listWithDetails(Fixture.ADMIN, "acme", -1, 10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> f.catalog().listWithDetails(Actor.user("stranger"), "acme", 0, 10))
                .isInstanceOf(PermissionDeniedException.class);
    }
}
