package com.daaisuite.backup.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.daaisuite.backup.core.Actor;
import com.daaisuite.backup.core.BackupEvent;
import com.daaisuite.backup.core.BackupStatus;
import com.daaisuite.backup.core.BackupTrigger;
import com.daaisuite.backup.core.Backups;
import com.daaisuite.backup.core.CollectionComparison;
import com.daaisuite.backup.core.CollectionContents;
import com.daaisuite.backup.core.CollectionRestorePreview;
import com.daaisuite.backup.core.ConfirmationMismatchException;
import com.daaisuite.backup.core.InvalidSelectionException;
import com.daaisuite.backup.core.PermissionDeniedException;
import com.daaisuite.backup.core.RecoveryReport;
import com.daaisuite.backup.core.RestoreRequest;
import com.daaisuite.backup.core.RestoreResult;
import com.daaisuite.backup.core.RestoreScope;
import com.daaisuite.backup.core.Snapshot;
import com.daaisuite.backup.core.Tenant;
import com.daaisuite.backup.core.spi.JournalSeal;
import com.daaisuite.backup.core.spi.MaintenanceGate;
import com.daaisuite.backup.core.spi.ProgressListener;
import com.daaisuite.backup.core.spi.RestoreTarget;
import com.daaisuite.backup.core.spi.TenantDirectory;
import com.daaisuite.backup.crypto.KeyProviders;
import com.daaisuite.backup.mongo.MongoDatabaseSource;
import com.daaisuite.backup.mongo.internal.MongoRestorer;
import com.daaisuite.backup.mongo.internal.RestoreJournal;
import com.daaisuite.backup.mongo.internal.SourceSettings;
import com.daaisuite.backup.mongo.internal.archive.ArchiveLimits;
import com.daaisuite.backup.testing.MutableClock;
import com.daaisuite.backup.testing.RecordingListener;
import com.daaisuite.backup.testing.storage.InMemoryStorageBackend;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 24's collections restore on the in-process MongoDB, through the whole library: after snapshot A,
 * {@code c1} loses, gains and changes documents and an index, {@code c2} changes too and {@code c4} appears;
 * restoring collection {@code c1} makes it equal A's {@code c1} (per-collection contents digests and index
 * names) while every other collection keeps its live contents; guarded like the whole restore.
 */
class CollectionRestoreTest {
    static final Tenant T = Tenant.builder("cr").workspaceName("Collection Restore Ltd").databaseName("db_cr").build();

    InProcessMongo mongo;
    MongoClient client;
    MongoDatabase db;
    MongoDatabaseSource source;
    InMemoryStorageBackend storage;
    MutableClock clock;
    RecordingListener events;
    final List<String> gate = Collections.synchronizedList(new ArrayList<>());
    Backups backups;
    String a;
    Map<String, List<String>> atA;
    Map<String, List<String>> liveBefore;

    @BeforeEach
    void setUp() {
        mongo = new InProcessMongo();
        client = MongoClients.create(Fixtures.mongoSettings(mongo.uri()));
        db = client.getDatabase(T.databaseName());
        source = MongoDatabaseSource.builder(client).build();
        storage = new InMemoryStorageBackend();
        clock = new MutableClock(Instant.parse("2026-04-01T10:00:00Z"));
        events = new RecordingListener();
        backups = backups(true);
        for (String c : List.of("c1", "c2", "c3")) {
            List<Document> docs = new ArrayList<>();
            for (int i = 1; i <= 150; i++) {
                docs.add(new Document("_id", i).append("amount", i * 10).append("name", c + " doc " + i));
            }
            db.getCollection(c).insertMany(docs);
        }
        db.getCollection("c1").createIndex(Indexes.ascending("amount"), new IndexOptions().name("amount_1"));
        db.getCollection("c1").createIndex(Indexes.ascending("name"), new IndexOptions().name("name_1"));
        a = backups.backup(Fixtures.ADMIN, T.id(), BackupTrigger.MANUAL).snapshot().fileName();
        atA = MongoState.live(db);
        clock.advance(Duration.ofHours(1));

        // c1: 5 deleted, 3 inserted, 2 changed, an index dropped (the in-process server cannot drop one and then
        // drop its collection, so c1 is rebuilt without it: the same live state as a dropIndex).
        List<Document> c1 = db.getCollection("c1").find().into(new ArrayList<>());
        db.getCollection("c1").drop();
        db.getCollection("c1").insertMany(c1);
        db.getCollection("c1").createIndex(Indexes.ascending("amount"), new IndexOptions().name("amount_1"));
        db.getCollection("c1").deleteMany(Filters.in("_id", 1, 2, 3, 4, 5));
        db.getCollection("c1").insertMany(List.of(new Document("_id", 201).append("name", "new"),
                new Document("_id", 202).append("name", "new too"), new Document("_id", 203).append("name", "third")));
        db.getCollection("c1").updateOne(Filters.eq("_id", 10), Updates.set("amount", 1));
        db.getCollection("c1").updateOne(Filters.eq("_id", 11), Updates.set("name", "renamed"));
        // c2: a colleague's work since A; c4: a collection created since A.
        db.getCollection("c2").insertOne(new Document("_id", 500).append("name", "invoice raised after A"));
        db.getCollection("c2").deleteOne(Filters.eq("_id", 7));
        db.getCollection("c4").insertOne(new Document("_id", 1).append("lead", "imported after A"));
        liveBefore = MongoState.live(db);
        events.clear();
    }

    @AfterEach
    void tearDown() {
        backups.close();
        client.close();
        mongo.close();
    }

    Backups backups(boolean collectionGate) {
        MaintenanceGate recording = new MaintenanceGate() {
            @Override
            public void enter(Tenant tenant, String reason) {
                gate.add("enter " + reason);
            }

            @Override
            public void exit(Tenant tenant) {
                gate.add("exit");
            }
        };
        return Backups.builder().source(source).storage(storage).keys(KeyProviders.of(Fixtures.KEY_A))
                .tenants(TenantDirectory.of(List.of(T))).access(Fixtures.ACCESS).clock(clock).listener(events).gate(recording)
                .collectionRestoreGate(collectionGate).nodeName("cr").build();
    }

    RestoreRequest request(String typed, String... collections) {
        return new RestoreRequest(T.id(), a, typed).collections(RestoreScope.collections(List.of(collections)));
    }

    Map<String, CollectionContents> contents(String file) {
        return backups.catalog().contents(Fixtures.ADMIN, T.id(), file).collections().stream()
                .collect(Collectors.toMap(CollectionContents::name, c -> c, (x, y) -> x, TreeMap::new));
    }

    @Test
    void restoringC1MakesItEqualToAsC1WhileEveryOtherCollectionKeepsItsLiveContents() throws Exception {
        String justBefore = backups.backup(Fixtures.ADMIN, T.id(), BackupTrigger.MANUAL).snapshot().fileName();
        clock.advance(Duration.ofHours(1));
        RestoreResult r = backups.restores().restore(Fixtures.ADMIN, request(T.workspaceName(), "c1"));

        // Digests per collection: c1 as at A; every other as it was live just before.
        clock.advance(Duration.ofHours(1));
        String after = backups.backup(Fixtures.ADMIN, T.id(), BackupTrigger.MANUAL).snapshot().fileName();
        Map<String, CollectionContents> nowC = contents(after);
        Map<String, CollectionContents> atAC = contents(a);
        Map<String, CollectionContents> beforeC = contents(justBefore);
        // The safety backup holds c1 alone, as it was live: the undo of this restore, and nothing more to write.
        Map<String, CollectionContents> safetyC = contents(r.safetySnapshot().fileName());
        assertThat(safetyC.keySet()).containsExactly("c1");
        assertThat(safetyC.get("c1").digest()).isEqualTo(beforeC.get("c1").digest());
        assertThat(nowC.get("c1").digest()).isEqualTo(atAC.get("c1").digest());
        assertThat(nowC.get("c1").indexNames()).containsExactlyInAnyOrderElementsOf(atAC.get("c1").indexNames())
                .contains("name_1");
        assertThat(nowC.keySet()).containsExactly("c1", "c2", "c3", "c4");
        for (String other : List.of("c2", "c3", "c4")) {
            assertThat(nowC.get(other).digest()).as(other).isEqualTo(beforeC.get(other).digest());
        }
        assertThat(nowC.get("c2").digest()).isNotEqualTo(atAC.get("c2").digest());
        // And document for document.
        Map<String, List<String>> expected = new TreeMap<>(liveBefore);
        expected.put("c1", atA.get("c1"));
        assertThat(MongoState.diff(expected, MongoState.live(db))).isEmpty();
        assertThat(MongoState.staging(db)).isEmpty();
        assertThat(r.documentsPerCollection()).isEqualTo(Map.of("c1", 150L));
        assertThat(r.droppedCollections()).isEmpty();
        assertThat(gate).containsExactly("enter Restoring a backup", "exit");
    }

    @Test
    void thePreviewCountsWhatComesBackWhatIsReplacedAndWhatIsLostAndWritesNothing() throws Exception {
        int objects = storage.list(T.id()).size();
        CollectionRestorePreview p = backups.restores().previewCollections(Fixtures.ADMIN, request("", "c1", "c3"));

        assertThat(p.collections()).extracting(CollectionComparison::name).containsExactly("c1", "c3");
        CollectionComparison c1 = p.collections().get(0);
        assertThat(c1.onlyInA()).as("brought back").isEqualTo(5);
        assertThat(c1.changed()).as("replaced").isEqualTo(2);
        assertThat(c1.onlyInB()).as("lost").isEqualTo(3);
        assertThat(c1.indexesOnlyInA()).containsExactly("name_1");
        assertThat(c1.samplesOnlyInB()).hasSize(3);
        assertThat(p.collections().get(1).status()).isEqualTo(CollectionComparison.Status.SAME);
        assertThat(p.toInsert()).isEqualTo(5);
        assertThat(p.toReplace()).isEqualTo(2);
        assertThat(p.toLose()).isEqualTo(3);
        assertThat(p.maintenanceGate()).isTrue();
        assertThat(MongoState.diff(liveBefore, MongoState.live(db))).isEmpty();
        assertThat(storage.list(T.id())).hasSize(objects);
        assertThat(gate).isEmpty();
    }

    @Test
    void theEventsAndAuditRecordSayWhichCollectionsFromWhichSnapshotByWhom() throws Exception {
        backups.restores().restore(Fixtures.ADMIN, request(T.workspaceName(), "c1", "c2"));
        BackupEvent done = events.events(BackupEvent.Type.RESTORE_COMPLETED).get(0);
        assertThat(done.fileName()).isEqualTo(a);
        assertThat(done.actor()).isEqualTo(Fixtures.ADMIN);
        assertThat(done.detail()).contains("collections [c1, c2]").contains("restored by " + Fixtures.ADMIN.id());
        assertThat(events.events(BackupEvent.Type.RESTORE_STARTED).get(0).detail()).contains("collections [c1, c2]");
    }

    @Test
    void aWrongTypedNameChangesNothingAndTakesNoSafetyBackup() throws Exception {
        int objects = storage.list(T.id()).size();
        assertThatThrownBy(() -> backups.restores().restore(Fixtures.ADMIN, request("collection restore ltd", "c1")))
                .isInstanceOf(ConfirmationMismatchException.class);
        assertThat(MongoState.diff(liveBefore, MongoState.live(db))).isEmpty();
        assertThat(storage.list(T.id())).hasSize(objects);
        assertThat(gate).isEmpty();
    }

    @Test
    void aCollectionTheSnapshotDoesNotHoldIsRefusedAndNothingChanges() throws Exception {
        int objects = storage.list(T.id()).size();
        assertThatThrownBy(() -> backups.restores().restore(Fixtures.ADMIN, request(T.workspaceName(), "c1", "c4")))
                .isInstanceOf(InvalidSelectionException.class).hasMessageContaining("'c4'");
        assertThatThrownBy(() -> backups.restores().previewCollections(Fixtures.ADMIN, request("", "c4")))
                .isInstanceOf(InvalidSelectionException.class).hasMessageContaining("'c4'");
        assertThat(MongoState.diff(liveBefore, MongoState.live(db))).isEmpty();
        assertThat(storage.list(T.id())).hasSize(objects);
        assertThat(gate).isEmpty();
    }

    @Test
    void viewersAndCreatorsWithoutRestoreAreRefusedThePreviewAndTheRestore() throws Exception {
        int objects = storage.list(T.id()).size();
        for (Actor lacking : List.of(Fixtures.VIEWER, Fixtures.CREATOR)) {
            assertThatThrownBy(() -> backups.restores().restore(lacking, request(T.workspaceName(), "c1")))
                    .isInstanceOf(PermissionDeniedException.class).hasMessageContaining("RESTORE");
            assertThatThrownBy(() -> backups.restores().previewCollections(lacking, request("", "c1")))
                    .isInstanceOf(PermissionDeniedException.class).hasMessageContaining("RESTORE");
        }
        assertThat(MongoState.diff(liveBefore, MongoState.live(db))).isEmpty();
        assertThat(storage.list(T.id())).hasSize(objects);
    }

    @Test
    void withTheGateOffForCollectionRestoresTheWorkspaceStaysOpen() throws Exception {
        backups.close();
        backups = backups(false);
        backups.restores().restore(Fixtures.ADMIN, request(T.workspaceName(), "c1"));
        assertThat(gate).isEmpty();
        Map<String, List<String>> expected = new TreeMap<>(liveBefore);
        expected.put("c1", atA.get("c1"));
        assertThat(MongoState.diff(expected, MongoState.live(db))).isEmpty();
    }

    /** Stands for a process that dies at a swap step: nothing after it runs. */
    static final class Crash extends Error {
        private static final long serialVersionUID = 1L;
    }

    @Test
    void aCollectionsRestoreInterruptedMidSwapIsFinishedByTheNextOperationTouchingOnlyItsCollections() throws Exception {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        // The payload of A's content, dumped from a copy of it.
        MongoDatabase copy = client.getDatabase("db_cr_at_a");
        for (String c : List.of("c1", "c2", "c3")) {
            List<Document> docs = new ArrayList<>();
            atA.get(c).forEach(json -> docs.add(Document.parse(json)));
            copy.getCollection(c).insertMany(docs);
        }
        source.dump(copy.getName(), payload, ProgressListener.NONE);
        RestoreJournal.Store journals = new RestoreJournal.Store(client.getDatabase(MongoDatabaseSource.DEFAULT_JOURNAL_DATABASE)
                .getCollection(MongoDatabaseSource.DEFAULT_JOURNAL_COLLECTION, BsonDocument.class));
        MongoRestorer dying = new MongoRestorer(client, new SourceSettings(2, 1 << 20, 1000, 1 << 20,
                MongoDatabaseSource.DEFAULT_STAGING_PREFIX, "test"), ArchiveLimits.defaults(), journals, s -> {
                    if (s.equals("renamed:1")) {
                        throw new Crash();
                    }
                });
        RestoreTarget target = RestoreTarget.mapping(copy.getName(), T.databaseName())
                .withJournalSeal(JournalSeal.of(KeyProviders.of(Fixtures.KEY_A), T.id())).withCollections(List.of("c1", "c3"));
        assertThatThrownBy(() -> dying.restore(new ByteArrayInputStream(payload.toByteArray()), target, ProgressListener.NONE))
                .isInstanceOf(Crash.class);
        // While it lies interrupted, a colleague's write reaches an unchosen collection.
        db.getCollection("c2").insertOne(new Document("_id", 777).append("name", "written while interrupted"));
        Map<String, List<String>> expected = new TreeMap<>(MongoState.live(db));
        expected.put("c1", atA.get("c1"));
        expected.put("c3", atA.get("c3"));

        Snapshot next = backups.backup(Fixtures.ADMIN, T.id(), BackupTrigger.MANUAL).snapshot();
        BackupStatus status = backups.status(Fixtures.ADMIN, T.id());

        assertThat(MongoState.diff(expected, MongoState.live(db))).isEmpty();
        assertThat(MongoState.staging(db)).isEmpty();
        assertThat(status.recovery()).get().satisfies(rep -> {
            assertThat(rep.outcome()).isEqualTo(RecoveryReport.Outcome.FINISHED);
            assertThat(rep.collections()).containsExactlyInAnyOrder("c1", "c3");
        });
        assertThat(contents(next.fileName()).get("c2").documents()).isEqualTo(151);
        assertThat(gate).containsExactly("enter Finishing an interrupted restore", "exit");
    }
}
