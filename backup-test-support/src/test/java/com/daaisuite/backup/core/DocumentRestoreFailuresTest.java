package com.daaisuite.backup.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A document restore whose step fails before any write (the archive cannot be read, the lock is
 * held, the safety backup fails) changes nothing, leaves no safety snapshot, and the same request
 * run again does the whole job. (A write failing mid-way and run again: {@code DocumentRestoreTest}.)
 */
class DocumentRestoreFailuresTest {
    private static final String DELETED = "{customer 1 v1}";

    private static Map<String, List<String>> contents(Map<String, List<byte[]>> db) {
        Map<String, List<String>> out = new TreeMap<>();
        db.forEach((c, docs) -> out.put(c, docs.stream().map(d -> Base64.getEncoder().encodeToString(d)).toList()));
        return out;
    }

    private static RestoreRequest request(String file) {
        return new RestoreRequest("acme", file, "Acme Corp").documents(RestoreScope.documents("customers", List.of(DELETED)));
    }

    private static boolean liveHas(Fixture f, String doc) {
        return f.source.database("acme_db").get("customers").stream()
                .anyMatch(d -> new String(d, StandardCharsets.UTF_8).equals(doc));
    }

    @Test
    void aSafetyBackupThatFailsWritesNoDocumentAndTheSameRequestThenSucceeds() throws Exception {
        try (Fixture f = new Fixture()) {
            String file = f.backups.backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL).snapshot().fileName();
            f.seed("acme_db", "v2");
            f.clock.advance(java.time.Duration.ofMinutes(1));
            Map<String, List<String>> live = contents(f.source.database("acme_db"));
            List<String> before = f.objects("acme");
            f.source.failNextDump(new SourceException("injected: the safety backup's dump was refused"));

            assertThatThrownBy(() -> f.restores().restoreDocuments(Fixture.ADMIN, request(file)))
                    .isInstanceOf(com.daaisuite.backup.BackupException.class);

            assertThat(contents(f.source.database("acme_db"))).as("nothing written").isEqualTo(live);
            assertThat(f.objects("acme")).as("no safety snapshot, nothing else").isEqualTo(before);

            DocumentRestoreResult again = f.restores().restoreDocuments(Fixture.ADMIN, request(file));
            assertThat(again.inserted()).isEqualTo(1);
            assertThat(liveHas(f, DELETED)).isTrue();
        }
    }

    @Test
    void theSafetyBackupOfADocumentRestoreHoldsOnlyTheCollectionWrittenTo() throws Exception {
        try (Fixture f = new Fixture()) {
            String file = f.backups.backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL).snapshot().fileName();
            f.seed("acme_db", "v2");
            f.clock.advance(java.time.Duration.ofMinutes(1));
            List<String> liveCustomers = contents(f.source.database("acme_db")).get("customers");

            DocumentRestoreResult r = f.restores().restoreDocuments(Fixture.ADMIN, request(file));

            com.daaisuite.backup.core.SnapshotManifest m = f.catalog().inspect(Fixture.ADMIN, "acme",
                    r.safetySnapshot().fileName()).manifest().orElseThrow();
            assertThat(m.onlyCollections()).contains(List.of("customers"));
            assertThat(m.collections()).extracting(com.daaisuite.backup.core.SnapshotManifest.CollectionEntry::name)
                    .containsExactly("customers");
            assertThat(m.documents()).isEqualTo(liveCustomers.size());
        }
    }

    @Test
    void aLockHeldByAnotherOperationWritesNoDocumentAndTakesNoSafetyBackup() throws Exception {
        try (Fixture f = new Fixture()) {
            String file = f.backups.backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL).snapshot().fileName();
            f.seed("acme_db", "v2");
            f.clock.advance(java.time.Duration.ofMinutes(1));
            Map<String, List<String>> live = contents(f.source.database("acme_db"));
            List<String> before = f.objects("acme");
            var held = f.lock.tryAcquire("acme", "another-node", java.time.Duration.ofMinutes(5));
            assertThat(held).isPresent();

            assertThatThrownBy(() -> f.restores().restoreDocuments(Fixture.ADMIN, request(file)))
                    .isInstanceOf(BackupInProgressException.class);

            assertThat(contents(f.source.database("acme_db"))).isEqualTo(live);
            assertThat(f.objects("acme")).isEqualTo(before);
        }
    }
}
