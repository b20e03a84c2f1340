package com.daaisuite.backup.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.daaisuite.backup.testing.source.InMemoryDatabaseSource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The collections restore through the library (docs/restore.md, "Restoring part of a snapshot"), on the
 * in-memory source: the chosen collections become exactly the snapshot's, every other one keeps its live
 * contents, on the guarded path of the whole restore.
 */
class CollectionRestoreTest {
    private final Fixture f = new Fixture();
    private Snapshot v1;
    private Map<String, List<String>> v1Content;
    private Map<String, List<String>> v2Content;

    @BeforeEach
    void backUpVersionOneThenChangeTheLiveData() {
        v1Content = f.content("acme_db");
        v1 = f.service().backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL).snapshot();
        f.seed("acme_db", "v2");
        f.source.insert("acme_db", "invoices", "{invoice made after the backup}".getBytes(StandardCharsets.UTF_8));
        f.source.insert("acme_db", "added_after_backup", "{late}".getBytes(StandardCharsets.UTF_8));
        v2Content = f.content("acme_db");
        f.clock.advance(Duration.ofHours(1));
        f.events.clear();
    }

    @AfterEach
    void close() {
        f.close();
    }

    private RestoreRequest request(String typed, String... collections) {
        return new RestoreRequest("acme", v1.fileName(), typed).collections(RestoreScope.collections(List.of(collections)));
    }

    @Test
    void restoringOneCollectionMakesItTheSnapshotsAndLeavesEveryOtherCollectionLive() {
        RestoreResult r = f.restores().restore(Fixture.ADMIN, request("Acme Corp", "invoices"));

        Map<String, List<String>> expected = new TreeMap<>(v2Content);
        expected.put("invoices", v1Content.get("invoices"));
        assertThat(f.content("acme_db")).isEqualTo(expected);
        assertThat(r.scope()).isEqualTo(RestoreScope.collections(List.of("invoices")));
        assertThat(r.documentsPerCollection()).isEqualTo(Map.of("invoices", 50L));
        assertThat(r.documents()).isEqualTo(50);
        assertThat(r.droppedCollections()).isEmpty();
        assertThat(r.safetySnapshot().label()).isEqualTo(SnapshotLabel.PRE_RESTORE);
        assertThat(r.restoredFrom()).isEqualTo(v1);
    }

    @Test
    void theSafetyBackupHoldsOnlyTheChosenCollectionsAsTheyWereLiveAndIsMarkedPartial() {
        RestoreResult r = f.restores().restore(Fixture.ADMIN, request("Acme Corp", "invoices", "customers"));

        SnapshotManifest m = f.catalog().inspect(Fixture.ADMIN, "acme", r.safetySnapshot().fileName()).manifest().orElseThrow();
        assertThat(m.onlyCollections()).contains(List.of("customers", "invoices"));
        assertThat(m.schemaVersion()).isEqualTo(2);
        assertThat(m.collections()).extracting(SnapshotManifest.CollectionEntry::name).containsExactly("customers", "invoices");
        assertThat(m.documents()).isEqualTo(v2Content.get("customers").size() + v2Content.get("invoices").size());
        assertThat(f.source.partialDumpCount()).isEqualTo(1);
        assertThat(f.events.events(BackupEvent.Type.BACKUP_COMPLETED).get(0).detail())
                .contains("only collections [customers, invoices]");
    }

    @Test
    void theUndoOfACollectionsRestoreIsACollectionsRestoreOfItsSafetySnapshot() {
        RestoreResult r = f.restores().restore(Fixture.ADMIN, request("Acme Corp", "invoices"));
        f.source.insert("acme_db", "orders", "{written after the restore}".getBytes(StandardCharsets.UTF_8));
        Map<String, List<String>> afterwards = f.content("acme_db");
        f.clock.advance(Duration.ofHours(1));

        f.restores().restore(Fixture.ADMIN, new RestoreRequest("acme", r.safetySnapshot().fileName(), "Acme Corp")
                .collections(RestoreScope.collections(List.of("invoices"))));

        Map<String, List<String>> expected = new TreeMap<>(afterwards);
        expected.put("invoices", v2Content.get("invoices"));
        assertThat(f.content("acme_db")).isEqualTo(expected);
    }

    @Test
    void aPartialSafetySnapshotIsRefusedAsAWholeRestoreEvenWithItsManifestsDeleted() throws Exception {
        RestoreResult r = f.restores().restore(Fixture.ADMIN, request("Acme Corp", "invoices"));
        String safety = r.safetySnapshot().fileName();
        // A storage writer deletes what describes it; the mark in the authenticated payload remains.
        List<String> described = f.objects("acme").stream().filter(n -> n.startsWith(safety + ".")).toList();
        assertThat(described).isNotEmpty();
        f.storage.delete(described.stream().map(d -> com.daaisuite.backup.core.spi.StorageKey.of("acme", d)).toList());
        assertThat(f.catalog().inspect(Fixture.ADMIN, "acme", safety).manifest()).isEmpty();
        Map<String, List<String>> before = f.content("acme_db");
        int dumps = f.source.dumpCount();
        f.clock.advance(Duration.ofHours(1));
        f.events.clear();
        int gates = f.gate.enters.get();

        assertThatThrownBy(() -> f.restores().restore(Fixture.ADMIN, new RestoreRequest("acme", safety, "Acme Corp")))
                .isInstanceOf(PartialSnapshotException.class).hasMessageContaining("holds only the collections [invoices]")
                .hasMessageContaining("--collections invoices").hasMessageContaining("Nothing was changed");
        assertThat(f.content("acme_db")).isEqualTo(before);
        assertThat(f.source.dumpCount()).as("no safety backup").isEqualTo(dumps);
        assertThat(f.gate.enters.get()).isEqualTo(gates);
        assertThat(f.events.events(BackupEvent.Type.RESTORE_REFUSED).get(0).detail()).contains("partial snapshot");
    }

    @Test
    void aPartialSnapshotIsComparedOnlyOnTheCollectionsItHoldsAndFindSaysNothingAboutTheOthers() {
        RestoreResult r = f.restores().restore(Fixture.ADMIN, request("Acme Corp", "invoices"));
        String safety = r.safetySnapshot().fileName();

        SnapshotComparison withLive = f.catalog().compareWithLive(Fixture.ADMIN, "acme", safety, 0);
        assertThat(withLive.collections()).extracting(CollectionComparison::name).containsExactly("invoices");
        SnapshotComparison withA = f.catalog().compare(Fixture.ADMIN, "acme", v1.fileName(), safety, 0);
        assertThat(withA.collections()).extracting(CollectionComparison::name).containsExactly("invoices");

        // The in-memory source's documents are their own identity.
        String customer = v2Content.get("customers").get(0);
        List<DocumentPresence> found = f.catalog().findDocument(Fixture.ADMIN, "acme", "customers", customer);
        assertThat(found).extracting(DocumentPresence::fileName).doesNotContain(safety).contains(v1.fileName());
    }

    @Test
    void aDrillOfTheNewestSnapshotSkipsAPartialSafetyBackup() {
        f.restores().restore(Fixture.ADMIN, request("Acme Corp", "invoices"));
        f.clock.advance(Duration.ofHours(1));
        assertThat(f.backups.drills().drill(Fixture.ADMIN, "acme").fileName()).isEqualTo(v1.fileName());
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(value = com.daaisuite.backup.testing.storage.InMemoryStorageBackend.Operation.class,
            names = {"OPEN_UPLOAD", "WRITE", "COMMIT"})
    void aPartialSafetyBackupThatCannotBeStoredRestoresNothingAndLeavesNoArchive(
            com.daaisuite.backup.testing.storage.InMemoryStorageBackend.Operation op) throws Exception {
        List<String> before = f.objects("acme");
        f.storage.failOn(op, 1);
        assertThatThrownBy(() -> f.restores().restore(Fixture.ADMIN, request("Acme Corp", "invoices")))
                .isInstanceOf(com.daaisuite.backup.BackupException.class);
        assertThat(f.content("acme_db")).isEqualTo(v2Content);
        assertThat(f.objects("acme")).as("no partial archive visible").isEqualTo(before);
        assertThat(f.gate.inMaintenance).isFalse();
        // And the same restore then succeeds.
        f.restores().restore(Fixture.ADMIN, request("Acme Corp", "invoices"));
        assertThat(f.content("acme_db").get("invoices")).isEqualTo(v1Content.get("invoices"));
    }

    @Test
    void aSourceThatCannotDumpChosenCollectionsGetsAWholeDatabaseSafetyBackupAsBefore() {
        f.source.dumpsCollections(false);
        RestoreResult r = f.restores().restore(Fixture.ADMIN, request("Acme Corp", "invoices"));
        assertThat(f.catalog().inspect(Fixture.ADMIN, "acme", r.safetySnapshot().fileName()).manifest().orElseThrow().partial())
                .isFalse();
        f.source.putDatabase("acme_db", Map.of());
        f.clock.advance(Duration.ofHours(1));
        f.restores().restore(Fixture.ADMIN, new RestoreRequest("acme", r.safetySnapshot().fileName(), "Acme Corp"));
        assertThat(f.content("acme_db")).isEqualTo(v2Content);
    }

    @Test
    void aChosenCollectionThatDidNotExistLiveIsNamedInTheMarkButHasNoData() {
        f.source.putDatabase("acme_db", Map.of("customers", List.of("{c}".getBytes(StandardCharsets.UTF_8))));
        RestoreResult r = f.restores().restore(Fixture.ADMIN, request("Acme Corp", "invoices"));
        SnapshotManifest m = f.catalog().inspect(Fixture.ADMIN, "acme", r.safetySnapshot().fileName()).manifest().orElseThrow();
        assertThat(m.onlyCollections()).contains(List.of("invoices"));
        assertThat(m.collections()).isEmpty();
    }

    @Test
    void theEventsAndTheAuditSayWhichCollectionsFromWhichSnapshotByWhom() {
        f.restores().restore(Fixture.ADMIN, request("Acme Corp", "customers", "invoices"));
        BackupEvent started = f.events.events(BackupEvent.Type.RESTORE_STARTED).get(0);
        BackupEvent done = f.events.events(BackupEvent.Type.RESTORE_COMPLETED).get(0);
        assertThat(started.detail()).contains("collections [customers, invoices]").contains(v1.fileName());
        assertThat(done.detail()).contains("collections [customers, invoices]").contains("restored by admin");
        assertThat(done.fileName()).isEqualTo(v1.fileName());
        assertThat(done.actor()).isEqualTo(Fixture.ADMIN);
        assertThat(done.documents()).isEqualTo(80);
    }

    @Test
    void theMaintenanceGateIsEnteredAndLeftByDefault() {
        f.restores().restore(Fixture.ADMIN, request("Acme Corp", "invoices"));
        assertThat(f.gate.enters.get()).isEqualTo(1);
        assertThat(f.gate.exits.get()).isEqualTo(1);
        assertThat(f.gate.inMaintenance).isFalse();
    }

    @Test
    void theHostMayTurnTheGateOffForCollectionRestoresButNotForWholeOnes() {
        try (Fixture g = new Fixture(b -> b.collectionRestoreGate(false))) {
            Snapshot s = g.service().backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL).snapshot();
            g.clock.advance(Duration.ofHours(1));
            g.restores().restore(Fixture.ADMIN, new RestoreRequest("acme", s.fileName(), "Acme Corp")
                    .collections(RestoreScope.collections(List.of("invoices"))));
            assertThat(g.gate.enters.get()).isZero();
            assertThat(g.restores().previewCollections(Fixture.ADMIN, new RestoreRequest("acme", s.fileName(), "Acme Corp")
                    .collections(RestoreScope.collections(List.of("invoices")))).maintenanceGate()).isFalse();
            g.clock.advance(Duration.ofHours(1));
            g.restores().restore(Fixture.ADMIN, new RestoreRequest("acme", s.fileName(), "Acme Corp"));
            assertThat(g.gate.enters.get()).isEqualTo(1);
        }
    }

    @Test
    void aWrongTypedNameIsRefusedChangesNothingAndIsAudited() {
        assertThatThrownBy(() -> f.restores().restore(Fixture.ADMIN, request("acme corp", "invoices")))
                .isInstanceOf(ConfirmationMismatchException.class).hasMessageContaining("nothing was restored or changed");
        assertThat(f.content("acme_db")).isEqualTo(v2Content);
        assertThat(f.source.restoreCount()).isZero();
        assertThat(f.gate.enters.get()).isZero();
        assertThat(f.events.events(BackupEvent.Type.RESTORE_REFUSED).get(0).detail())
                .contains("collections restore of [invoices]");
    }

    @Test
    void aCollectionTheSnapshotDoesNotHoldIsRefusedBeforeAnySafetyBackupOrGate() throws Exception {
        List<String> before = f.objects("acme");
        assertThatThrownBy(() -> f.restores().restore(Fixture.ADMIN, request("Acme Corp", "invoices", "added_after_backup")))
                .isInstanceOf(InvalidSelectionException.class).hasMessageContaining("'added_after_backup'")
                .hasMessageContaining("nothing was restored or changed");
        assertThat(f.objects("acme")).isEqualTo(before);
        assertThat(f.content("acme_db")).isEqualTo(v2Content);
        assertThat(f.gate.enters.get()).isZero();
        assertThat(f.events.types()).contains(BackupEvent.Type.RESTORE_REFUSED);
    }

    @Test
    void thePreviewCountsWhatWouldComeBackBeReplacedAndBeLostAndWritesNothing() throws Exception {
        List<String> before = f.objects("acme");
        CollectionRestorePreview p = f.restores().previewCollections(Fixture.ADMIN, request("", "invoices"));
        assertThat(p.collections()).extracting(CollectionComparison::name).containsExactly("invoices");
        // The in-memory source's documents are their own identity: a changed one is one gone and one new.
        assertThat(p.toInsert()).isEqualTo(50);
        assertThat(p.toLose()).isEqualTo(51);
        assertThat(p.toReplace()).isZero();
        assertThat(p.maintenanceGate()).isTrue();
        assertThat(p.workspaceName()).isEqualTo("Acme Corp");
        assertThat(p.snapshot()).isEqualTo(v1);
        assertThat(f.objects("acme")).isEqualTo(before);
        assertThat(f.content("acme_db")).isEqualTo(v2Content);
        assertThat(f.gate.enters.get()).isZero();
    }

    @Test
    void thePreviewRefusesACollectionTheSnapshotDoesNotHold() {
        assertThatThrownBy(() -> f.restores().previewCollections(Fixture.ADMIN, request("", "nope")))
                .isInstanceOf(InvalidSelectionException.class).hasMessageContaining("'nope'");
    }

    @Test
    void aCollectionsRestoreCannotBeAimedAtAnotherDatabase() {
        assertThatThrownBy(() -> f.restores().restore(Fixture.ADMIN, new RestoreRequest("acme", v1.fileName(), "other_db")
                .intoDatabase("other_db").collections(RestoreScope.collections(List.of("invoices")))))
                .isInstanceOf(InvalidSelectionException.class).hasMessageContaining("intoDatabase");
        assertThat(f.content("acme_db")).isEqualTo(v2Content);
    }

    @Test
    void aFailureAtTheSwapLeavesEveryCollectionAsItWasAndTheGateOpen() {
        f.source.failNextRestoreBeforeSwap(new SourceException("the server refused the rename"));
        assertThatThrownBy(() -> f.restores().restore(Fixture.ADMIN, request("Acme Corp", "invoices")))
                .isInstanceOf(SourceException.class);
        assertThat(f.content("acme_db")).isEqualTo(v2Content);
        assertThat(f.gate.inMaintenance).isFalse();
        assertThat(f.events.types()).contains(BackupEvent.Type.RESTORE_FAILED);
        // The tenant is usable: the next backup succeeds.
        assertThat(f.service().backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL).snapshot()).isNotNull();
    }

    @Test
    void aFailingSafetyBackupRestoresNothing() {
        f.source.failNextDump(new SourceException("the server went away"));
        assertThatThrownBy(() -> f.restores().restore(Fixture.ADMIN, request("Acme Corp", "invoices")))
                .isInstanceOf(SourceException.class);
        assertThat(f.content("acme_db")).isEqualTo(v2Content);
        assertThat(f.gate.inMaintenance).isFalse();
    }

    @Test
    void aSourceThatCannotRestoreCollectionsIsRefusedBeforeAnythingIsReadOrWritten() throws Exception {
        WholeOnlySource whole = new WholeOnlySource();
        whole.putDatabase("acme_db", Map.of("c", List.of("{x}".getBytes(StandardCharsets.UTF_8))));
        try (Fixture g = new Fixture(b -> b.source(whole))) {
            Snapshot s = g.service().backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL).snapshot();
            int dumps = whole.dumps;
            assertThatThrownBy(() -> g.restores().restore(Fixture.ADMIN, new RestoreRequest("acme", s.fileName(), "Acme Corp")
                    .collections(RestoreScope.collections(List.of("c")))))
                    .isInstanceOf(SourceException.class).hasMessageContaining("cannot restore chosen collections");
            assertThat(whole.dumps).isEqualTo(dumps);
            assertThat(g.gate.enters.get()).isZero();
        }
    }

    /** A source written before collection restores existed: it answers restoresCollections() with the SPI's default. */
    private static final class WholeOnlySource implements com.daaisuite.backup.core.spi.DatabaseSource {
        private final InMemoryDatabaseSource inner = new InMemoryDatabaseSource();
        int dumps;

        void putDatabase(String db, Map<String, List<byte[]>> m) {
            inner.putDatabase(db, m);
        }

        @Override
        public String payloadFormat() {
            return inner.payloadFormat();
        }

        @Override
        public boolean recognizes(byte[] prefix, int length) {
            return inner.recognizes(prefix, length);
        }

        @Override
        public com.daaisuite.backup.core.spi.DumpSummary dump(String database, java.io.OutputStream out,
                com.daaisuite.backup.core.spi.ProgressListener progress) throws java.io.IOException {
            dumps++;
            return inner.dump(database, out, progress);
        }

        @Override
        public com.daaisuite.backup.core.spi.RestoreSummary restore(java.io.InputStream payload,
                com.daaisuite.backup.core.spi.RestoreTarget target, com.daaisuite.backup.core.spi.ProgressListener progress)
                throws java.io.IOException {
            return inner.restore(payload, target, progress);
        }

        @Override
        public String describe() {
            return "whole-only";
        }
    }
}
