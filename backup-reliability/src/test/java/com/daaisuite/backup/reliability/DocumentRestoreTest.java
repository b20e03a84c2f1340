package com.daaisuite.backup.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.daaisuite.backup.IntegrityException;
import com.daaisuite.backup.core.BackupEvent;
import com.daaisuite.backup.core.BackupTrigger;
import com.daaisuite.backup.core.Backups;
import com.daaisuite.backup.core.ConfirmationMismatchException;
import com.daaisuite.backup.core.DocumentRestorePreview;
import com.daaisuite.backup.core.DocumentRestoreResult;
import com.daaisuite.backup.core.InvalidSelectionException;
import com.daaisuite.backup.core.RestoreRequest;
import com.daaisuite.backup.core.RestoreScope;
import com.daaisuite.backup.core.SourceException;
import com.daaisuite.backup.core.Tenant;
import com.daaisuite.backup.core.spi.DatabaseSource;
import com.daaisuite.backup.core.spi.DocumentWriter;
import com.daaisuite.backup.core.spi.StorageKey;
import com.daaisuite.backup.core.spi.TenantDirectory;
import com.daaisuite.backup.crypto.KeyProviders;
import com.daaisuite.backup.mongo.MongoDatabaseSource;
import com.daaisuite.backup.testing.MutableClock;
import com.daaisuite.backup.testing.RecordingListener;
import com.daaisuite.backup.testing.source.ForwardingDatabaseSource;
import com.daaisuite.backup.testing.storage.InMemoryStorageBackend;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 24's document restore on the in-process MongoDB: after snapshot A, three documents of
 * {@code c2} are deleted, two inserted and one changed; restoring chosen documents brings back exactly
 * what was asked, deletes nothing, touches no other document, and is guarded like the whole restore.
 * Documents are compared by the digest of their exact BSON.
 */
class DocumentRestoreTest {
    static final Tenant T = Tenant.builder("dr").workspaceName("Document Restore Ltd").databaseName("db_dr").build();

    InProcessMongo mongo;
    MongoClient client;
    MongoDatabase db;
    InMemoryStorageBackend storage;
    MutableClock clock;
    RecordingListener events;
    Backups backups;
    String a;
    Map<Integer, String> c2AtA;
    Map<Integer, String> c1AtA;

    @BeforeEach
    void setUp() {
        mongo = new InProcessMongo();
        client = MongoClients.create(Fixtures.mongoSettings(mongo.uri()));
        db = client.getDatabase(T.databaseName());
        storage = new InMemoryStorageBackend();
        clock = new MutableClock(Instant.parse("2026-04-01T10:00:00Z"));
        events = new RecordingListener();
        backups = backups(MongoDatabaseSource.builder(client).build());
        for (int i = 1; i <= 200; i++) {
            db.getCollection("c2").insertOne(new Document("_id", i).append("amount", i * 10).append("name", "doc " + i));
        }
        for (int i = 1; i <= 10; i++) {
            db.getCollection("c1").insertOne(new Document("_id", i).append("lead", "lead " + i));
        }
        a = backups.backup(Fixtures.ADMIN, T.id(), BackupTrigger.MANUAL).snapshot().fileName();
        c2AtA = digests("c2");
        c1AtA = digests("c1");
        clock.advance(Duration.ofHours(1));

        db.getCollection("c2").deleteMany(Filters.in("_id", 1, 2, 3));
        db.getCollection("c2").insertMany(List.of(new Document("_id", 201).append("name", "new"),
                new Document("_id", 202).append("name", "new too")));
        db.getCollection("c2").updateOne(Filters.eq("_id", 4), Updates.set("amount", 1));
        db.getCollection("c1").insertOne(new Document("_id", 11).append("lead", "colleague's work"));
    }

    @AfterEach
    void tearDown() {
        backups.close();
        client.close();
        mongo.close();
    }

    Backups backups(DatabaseSource source) {
        return Backups.builder().source(source).storage(storage).keys(KeyProviders.of(Fixtures.KEY_A))
                .tenants(TenantDirectory.of(List.of(T))).access(Fixtures.ACCESS).clock(clock).listener(events)
                .nodeName("dr").build();
    }

    RestoreRequest request(RestoreScope.Documents scope) {
        return new RestoreRequest(T.id(), a, T.workspaceName()).documents(scope);
    }

    @Test
    void missingOnlyBringsBackExactlyTheThreeDeletedAndLeavesTheNewAndTheChangedAsTheyAre() {
        Map<Integer, String> before = digests("c2");
        Map<Integer, String> c1Before = digests("c1");
        RestoreRequest r = request(RestoreScope.documents("c2", List.of("1", "2", "{\"$numberInt\": \"3\"}")).onlyMissing());

        DocumentRestorePreview preview = backups.restores().previewDocuments(Fixtures.ADMIN, r);
        DocumentRestoreResult result = backups.restores().restoreDocuments(Fixtures.ADMIN, r);

        assertThat(preview.chosen()).isEqualTo(3);
        assertThat(preview.toInsert()).isEqualTo(3);
        assertThat(preview.toReplace()).isZero();
        assertThat(result.inserted()).isEqualTo(3);
        assertThat(result.replaced()).isZero();
        Map<Integer, String> expected = new TreeMap<>(before);
        for (int id = 1; id <= 3; id++) {
            expected.put(id, c2AtA.get(id));
        }
        assertThat(digests("c2")).isEqualTo(expected);
        assertThat(digests("c2").get(4)).isNotEqualTo(c2AtA.get(4));
        assertThat(digests("c2")).containsKeys(201, 202);
        assertThat(digests("c1")).isEqualTo(c1Before);
        assertThat(result.safetySnapshot()).isNotNull();
        assertThat(result.safetySnapshot().label().label()).contains("pre-restore");
    }

    @Test
    void withoutMissingOnlyAChosenChangedDocumentIsReplacedAndAnIdenticalOneCounted() {
        RestoreRequest r = request(RestoreScope.documents("c2", List.of("1", "4", "5", "999")));

        DocumentRestorePreview preview = backups.restores().previewDocuments(Fixtures.ADMIN, r);
        DocumentRestoreResult result = backups.restores().restoreDocuments(Fixtures.ADMIN, r);

        assertThat(List.of(preview.toInsert(), preview.toReplace(), preview.unchanged())).containsExactly(1L, 1L, 1L);
        assertThat(preview.notInSnapshot()).containsExactly("{\"$numberInt\": \"999\"}");
        assertThat(List.of(result.inserted(), result.replaced(), result.unchanged())).containsExactly(1L, 1L, 1L);
        assertThat(digests("c2").get(1)).isEqualTo(c2AtA.get(1));
        assertThat(digests("c2").get(4)).isEqualTo(c2AtA.get(4));
        assertThat(digests("c2")).doesNotContainKeys(2, 3).containsKeys(201, 202);
    }

    @Test
    void aFilterChoosesTheSnapshotsDocumentsAndTheAuditSaysWhatWhoAndFromWhich() {
        RestoreRequest r = request(RestoreScope.documentsMatching("c2", "{\"amount\": {\"$lte\": 40}}"));

        DocumentRestoreResult result = backups.restores().restoreDocuments(Fixtures.ADMIN, r);

        assertThat(List.of(result.inserted(), result.replaced(), result.unchanged())).containsExactly(3L, 1L, 0L);
        assertThat(digests("c2").subMap(1, 5)).isEqualTo(new TreeMap<>(c2AtA).subMap(1, 5));
        BackupEvent done = events.events(BackupEvent.Type.RESTORE_COMPLETED).get(0);
        assertThat(done.actor()).isEqualTo(Fixtures.ADMIN);
        assertThat(done.fileName()).isEqualTo(a);
        assertThat(done.documents()).isEqualTo(4);
        assertThat(done.detail()).contains("collection c2", "3 inserted, 1 replaced, 0 unchanged", "safety snapshot");
    }

    @Test
    void bringingBackWhatWasDeletedSinceTheSnapshotIsTheEmptyFilterWithMissingOnly() {
        Map<Integer, String> before = digests("c2");
        RestoreRequest r = request(RestoreScope.documentsMatching("c2", "{}").onlyMissing());

        DocumentRestorePreview preview = backups.restores().previewDocuments(Fixtures.ADMIN, r);
        DocumentRestoreResult result = backups.restores().restoreDocuments(Fixtures.ADMIN, r);

        assertThat(List.of(preview.chosen(), preview.toInsert(), preview.toReplace())).containsExactly(200L, 3L, 0L);
        assertThat(List.of(result.inserted(), result.replaced(), result.unchanged())).containsExactly(3L, 0L, 197L);
        Map<Integer, String> expected = new TreeMap<>(before);
        List.of(1, 2, 3).forEach(id -> expected.put(id, c2AtA.get(id)));
        assertThat(digests("c2")).isEqualTo(expected);
    }

    @Test
    void aFilterOutsideTheEvaluatedSubsetIsRefusedBeforeAnythingIsReadOrWritten() {
        int objects = storage.objectCount();
        assertThatThrownBy(() -> backups.restores().restoreDocuments(Fixtures.ADMIN,
                request(RestoreScope.documentsMatching("c2", "{\"$or\": [{\"amount\": 1}]}"))))
                .isInstanceOf(InvalidSelectionException.class).hasMessageContaining("$or");
        assertThatThrownBy(() -> backups.restores().previewDocuments(Fixtures.ADMIN,
                request(RestoreScope.documentsMatching("c2", "{\"name\": {\"$regex\": \"^doc\"}}"))))
                .isInstanceOf(InvalidSelectionException.class).hasMessageContaining("$regex");
        assertThat(storage.objectCount()).isEqualTo(objects);
    }

    @Test
    void aDryRunPreviewWritesNothingAndTakesNoSafetyBackup() {
        Map<Integer, String> before = digests("c2");
        int objects = storage.objectCount();

        DocumentRestorePreview p = backups.restores().previewDocuments(Fixtures.ADMIN,
                request(RestoreScope.documents("c2", List.of("1", "2", "3", "4"))));

        assertThat(p.toWrite()).isEqualTo(4);
        assertThat(digests("c2")).isEqualTo(before);
        assertThat(storage.objectCount()).isEqualTo(objects);
        assertThat(events.types()).doesNotContain(BackupEvent.Type.RESTORE_STARTED);
    }

    @Test
    void aWrongTypedNameIsRefusedAndChangesNothing() {
        Map<Integer, String> before = digests("c2");
        int objects = storage.objectCount();
        RestoreRequest wrong = new RestoreRequest(T.id(), a, "document restore ltd")
                .documents(RestoreScope.documents("c2", List.of("1")));

        assertThatThrownBy(() -> backups.restores().restoreDocuments(Fixtures.ADMIN, wrong))
                .isInstanceOf(ConfirmationMismatchException.class);
        assertThat(digests("c2")).isEqualTo(before);
        assertThat(storage.objectCount()).isEqualTo(objects);
    }

    @Test
    void aTamperedArchiveIsRefusedWithoutASafetyBackupOrAnyWrite() {
        Map<Integer, String> before = digests("c2");
        StorageKey key = StorageKey.of(T.id(), a);
        byte[] bytes = storage.bytesOf(key).orElseThrow();
        bytes[bytes.length - 40] ^= 1;
        storage.overwrite(key, bytes);
        int objects = storage.objectCount();

        assertThatThrownBy(() -> backups.restores().restoreDocuments(Fixtures.ADMIN,
                request(RestoreScope.documents("c2", List.of("1", "2", "3")))))
                .isInstanceOf(IntegrityException.class);
        assertThat(digests("c2")).isEqualTo(before);
        assertThat(storage.objectCount()).isEqualTo(objects);
        assertThat(events.types()).contains(BackupEvent.Type.INTEGRITY_FAILURE).doesNotContain(BackupEvent.Type.RESTORE_STARTED);
    }

    @Test
    void aDocumentRestoreThatFailsAfterSomeWritesEndsLikeOneRunWhenRunAgain() {
        // 100 documents deleted; the first run's writes fail after 40 of them.
        db.getCollection("c2").deleteMany(Filters.and(Filters.gte("_id", 100), Filters.lt("_id", 200)));
        List<String> ids = IntStream.range(100, 200).mapToObj(Integer::toString).toList();
        RestoreRequest r = request(RestoreScope.documents("c2", ids).onlyMissing());
        MongoDatabaseSource real = MongoDatabaseSource.builder(client).build();
        try (Backups failing = backups(new FailingWrites(real, 40))) {
            assertThatThrownBy(() -> failing.restores().restoreDocuments(Fixtures.ADMIN, r)).isInstanceOf(SourceException.class);
        }
        assertThat(digests("c2").keySet().stream().filter(id -> id >= 100 && id < 200)).hasSize(40);
        assertThat(events.events(BackupEvent.Type.RESTORE_FAILED).get(0).detail()).contains("Run the same restore again");

        long t0 = System.nanoTime();
        DocumentRestoreResult again = backups.restores().restoreDocuments(Fixtures.ADMIN, r);
        long ms = (System.nanoTime() - t0) / 1_000_000;

        assertThat(List.of(again.inserted(), again.replaced(), again.unchanged())).containsExactly(60L, 0L, 40L);
        Map<Integer, String> expected = new TreeMap<>(c2AtA);
        expected.keySet().removeAll(List.of(1, 2, 3));
        expected.put(4, digests("c2").get(4));
        expected.put(201, digests("c2").get(201));
        expected.put(202, digests("c2").get(202));
        assertThat(digests("c2")).isEqualTo(expected);
        // A 100-document undelete (safety backup of the 210-document database included) takes seconds at most.
        System.out.println("DocumentRestoreTest: 100-document undelete (60 written, 40 already there) in " + ms + " ms");
        assertThat(ms).isLessThan(10_000);
    }

    @Test
    void aCollectionsOrOtherDatabaseScopeIsNotAcceptedForADocumentRestore() {
        assertThatThrownBy(() -> new RestoreRequest(T.id(), a, T.workspaceName()).intoDatabase("other")
                .documents(RestoreScope.documents("c2", List.of("1")))).isInstanceOf(InvalidSelectionException.class);
        assertThatThrownBy(() -> backups.restores().restore(Fixtures.ADMIN, request(RestoreScope.documents("c2", List.of("1")))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("restoreDocuments");
        assertThatThrownBy(() -> RestoreScope.documents("c2", List.of())).isInstanceOf(InvalidSelectionException.class);
    }

    /** _id to the SHA-256 of the document's exact BSON, as the server returns it. */
    TreeMap<Integer, String> digests(String collection) {
        TreeMap<Integer, String> out = new TreeMap<>();
        for (RawBsonDocument d : db.getCollection(collection, RawBsonDocument.class).find()) {
            byte[] bytes = java.util.Arrays.copyOf(d.getByteBuffer().array(), d.getByteBuffer().remaining());
            try {
                out.put(d.getInt32("_id").getValue(), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    /** The real source, whose document writes stop with a failure after {@code limit} documents (a crash mid-way). */
    static final class FailingWrites extends ForwardingDatabaseSource {
        private final int limit;

        FailingWrites(DatabaseSource real, int limit) {
            super(real);
            this.limit = limit;
        }

        @Override
        public Optional<DocumentWriter> documentWriter() {
            DocumentWriter w = delegate().documentWriter().orElseThrow();
            return Optional.of(new DocumentWriter() {
                @Override
                public Predicate<byte[]> filter(String filter) {
                    return w.filter(filter);
                }

                @Override
                public byte[] idOf(byte[] document) {
                    return w.idOf(document);
                }

                @Override
                public List<byte[]> find(String database, String collection, List<byte[]> ids) {
                    return w.find(database, collection, ids);
                }

                @Override
                public Outcome write(String database, String collection, List<byte[]> documents, boolean missingOnly) {
                    w.write(database, collection, new ArrayList<>(documents.subList(0, Math.min(limit, documents.size()))),
                            missingOnly);
                    throw new SourceException("injected: the connection was lost after " + limit + " writes");
                }
            });
        }
    }
}
