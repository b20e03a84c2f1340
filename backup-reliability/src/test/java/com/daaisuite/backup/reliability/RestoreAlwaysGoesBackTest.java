package com.daaisuite.backup.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.daaisuite.backup.core.BackupEvent;
import com.daaisuite.backup.core.BackupStatus;
import com.daaisuite.backup.core.BackupTrigger;
import com.daaisuite.backup.core.Backups;
import com.daaisuite.backup.core.PayloadCorruptException;
import com.daaisuite.backup.core.RecoveryReport;
import com.daaisuite.backup.core.RestoreRequest;
import com.daaisuite.backup.core.Snapshot;
import com.daaisuite.backup.core.Tenant;
import com.daaisuite.backup.core.spi.JournalSeal;
import com.daaisuite.backup.core.spi.MaintenanceGate;
import com.daaisuite.backup.core.spi.ProgressListener;
import com.daaisuite.backup.core.spi.RestoreTarget;
import com.daaisuite.backup.core.spi.StorageKey;
import com.daaisuite.backup.core.spi.TenantDirectory;
import com.daaisuite.backup.crypto.KeyProviders;
import com.daaisuite.backup.mongo.MongoDatabaseSource;
import com.daaisuite.backup.mongo.internal.MongoRestorer;
import com.daaisuite.backup.mongo.internal.RestoreJournal;
import com.daaisuite.backup.mongo.internal.SourceSettings;
import com.daaisuite.backup.mongo.internal.archive.ArchiveHeader;
import com.daaisuite.backup.mongo.internal.archive.ArchiveLimits;
import com.daaisuite.backup.mongo.internal.archive.ArchiveWriter;
import com.daaisuite.backup.mongo.internal.archive.CollectionMetadata;
import com.daaisuite.backup.storage.fs.FileSystemStorageBackend;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 22, items 1 and 8, through the public {@link Backups} API (mongo-java-server over TCP, a
 * {@code file:} folder, real DBK1 keys): a hand-made legacy archive whose view would make the swap's
 * last step fail is refused before any live collection moves, and journal entries written by hand
 * into the journal collection are ignored and audited, never acted on. After each the tenant is
 * usable: the next backup, the status and a restore of a genuine snapshot succeed.
 */
class RestoreAlwaysGoesBackTest {
    static final String TENANT = "goesback";
    static final Tenant T = Fixtures.tenant(TENANT);

    @TempDir
    static Path root;

    static InProcessMongo mongo;
    static MongoClient client;
    static MongoDatabase db;
    static Backups backups;
    static final List<String> gate = Collections.synchronizedList(new ArrayList<>());
    static final List<BackupEvent> events = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void start() {
        mongo = new InProcessMongo();
        client = MongoClients.create(Fixtures.mongoSettings(mongo.uri()));
        db = client.getDatabase(T.databaseName());
        MaintenanceGate recording = new MaintenanceGate() {
            @Override
            public void enter(Tenant tenant, String reason) {
                gate.add("enter");
            }

            @Override
            public void exit(Tenant tenant) {
                gate.add("exit");
            }
        };
        backups = Backups.builder().source(MongoDatabaseSource.builder(client).build()).storage(FileSystemStorageBackend.at(root))
                .keys(KeyProviders.of(Fixtures.KEY_A)).tenants(TenantDirectory.of(List.of(T))).access(Fixtures.ACCESS)
                .gate(recording).listener(events::add).nodeName("goes-back").build();
    }

    @AfterAll
    static void stop() {
        backups.close();
        client.close();
        mongo.close();
    }

    @BeforeEach
    void seed() {
        db.drop();
        journal().deleteMany(new BsonDocument());
        for (String c : List.of("c", "accounts")) {
            List<Document> docs = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                docs.add(new Document("_id", c + "-" + i).append("n", i));
            }
            db.getCollection(c).insertMany(docs);
        }
        gate.clear();
        events.clear();
    }

    static MongoCollection<BsonDocument> journal() {
        return client.getDatabase(MongoDatabaseSource.DEFAULT_JOURNAL_DATABASE).getCollection(
                MongoDatabaseSource.DEFAULT_JOURNAL_COLLECTION, BsonDocument.class);
    }

    /** The archive: a mongodump archive, gzipped, of collection c and view v with options that also name c. */
    static byte[] legacyArchiveWithAHostileView() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String d = T.databaseName();
        List<CollectionMetadata> prelude = List.of(
                new CollectionMetadata(d, "c", "{\"options\":{},\"indexes\":[{\"v\":2,\"key\":{\"_id\":1},\"name\":\"_id_\"}]}",
                        "collection"),
                new CollectionMetadata(d, "v", "{\"options\":{\"viewOn\":\"c\",\"pipeline\":[],\"create\":\"c\"},\"indexes\":[]}",
                        "view"));
        try (OutputStream gz = new GZIPOutputStream(out);
                ArchiveWriter w = new ArchiveWriter(gz, ArchiveHeader.of("7.0.0", "100.11.0"), prelude)) {
            w.writeDocument(d, "c", new RawBsonDocument(new BsonDocument("_id", new BsonInt32(1)), new BsonDocumentCodec()));
            w.endNamespace(d, "c");
            w.endNamespace(d, "v");
            w.finish();
        }
        return out.toByteArray();
    }

    private static void assertUsable(Map<String, List<String>> expected) {
        assertThat(MongoState.live(db)).as("the live database").isEqualTo(expected);
        assertThat(MongoState.staging(db)).as("reserved collections").isEmpty();
        assertThat(journal().countDocuments()).as("journal entries").isZero();
        Snapshot next = backups.backup(Fixtures.ADMIN, TENANT, BackupTrigger.MANUAL).snapshot();
        BackupStatus status = backups.status(Fixtures.ADMIN, TENANT);
        assertThat(status.lastFailure()).as("status").isEmpty();
        backups.restores().restore(Fixtures.ADMIN, new RestoreRequest(TENANT, next.fileName(), T.workspaceName()));
        assertThat(MongoState.live(db)).as("after restoring the genuine snapshot").isEqualTo(expected);
    }

    @Test
    void aLegacyArchiveWhoseViewWouldFailTheSwapIsRefusedBeforeAnyLiveCollectionMovesAndTheTenantStaysUsable() throws IOException {
        // The tenant's first encrypted snapshot is taken now; the planted legacy archive is dated before it, which
        // the origin rules allow as "legacy plaintext".
        backups.backup(Fixtures.ADMIN, TENANT, BackupTrigger.MANUAL);
        String legacy = "manual_20200101T000000Z.gz";
        Path slot = root.resolve(StorageKey.of(TENANT, legacy).path());
        Files.createDirectories(slot.getParent());
        Files.write(slot, legacyArchiveWithAHostileView());
        Map<String, List<String>> before = MongoState.live(db);
        gate.clear();
        events.clear();

        assertThatThrownBy(() -> backups.restores().restore(Fixtures.ADMIN, new RestoreRequest(TENANT, legacy, T.workspaceName())))
                .isInstanceOf(PayloadCorruptException.class)
                .hasMessageContaining("The metadata of view '" + T.databaseName() + ".v' gives it the option 'create'");

        assertThat(events).extracting(BackupEvent::type).contains(BackupEvent.Type.RESTORE_REFUSED)
                .doesNotContain(BackupEvent.Type.BACKUP_STARTED, BackupEvent.Type.RESTORE_STARTED);
        assertThat(gate).as("the workspace never went into maintenance").isEmpty();
        assertUsable(before);
    }

    @Test
    void forgedJournalEntriesAreIgnoredAndAudited() {
        Map<String, List<String>> before = MongoState.live(db);
        Optional<RecoveryReport> recoveredBefore = backups.status(Fixtures.ADMIN, TENANT).recovery();
        // What the attacker writes: a "swapping" entry whose staging collection is gone and whose snapshot
        // collection "accounts" had no live counterpart: going back would drop the live "accounts".
        journal().insertOne(BsonDocument.parse("{_id: '" + T.databaseName() + "', restoreId: 'abc123', state: 'swapping',"
                + " moves: [{name: 'accounts', staging: '" + MongoDatabaseSource.DEFAULT_STAGING_PREFIX + "abc123_s1', expected: -1}],"
                + " asides: [], liveViews: [], views: []}"));

        Snapshot s = backups.backup(Fixtures.ADMIN, TENANT, BackupTrigger.MANUAL).snapshot();

        assertThat(MongoState.live(db)).as("nothing was dropped").isEqualTo(before);
        assertThat(backups.catalog().verify(Fixtures.ADMIN, TENANT, s.fileName()).documentsPerCollection())
                .containsOnlyKeys("accounts", "c");
        assertThat(events).filteredOn(e -> e.type() == BackupEvent.Type.INTEGRITY_FAILURE).singleElement()
                .satisfies(e -> assertThat(e.detail()).contains("restore journal").contains("was not acted on")
                        .contains("carries no seal"));
        assertThat(events).extracting(BackupEvent::type).doesNotContain(BackupEvent.Type.RESTORE_RECOVERED)
                .contains(BackupEvent.Type.BACKUP_COMPLETED);
        assertThat(gate).as("the gate, entered to look, is left at once").containsExactly("enter", "exit");
        assertThat(backups.status(Fixtures.ADMIN, TENANT).recovery()).as("nothing is reported as recovered")
                .isEqualTo(recoveredBefore);
        backups.status(Fixtures.ADMIN, TENANT);
        assertThat(events).as("the same entry is audited once, not at every status poll")
                .filteredOn(e -> e.type() == BackupEvent.Type.INTEGRITY_FAILURE).hasSize(1);
        assertThat(gate).as("nor examined again").hasSize(2);

        // The forged entry is replaced by the next restore's own sealed journal, which it does not disturb.
        journal().deleteMany(new BsonDocument());
        assertUsable(before);
    }

    @Test
    void aSwapTheServerRefusedIsUndoneByTheNextBackupWhichReportsTheCauseAndSucceeds() throws IOException {
        Map<String, List<String>> before = MongoState.live(db);
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        MongoDatabaseSource source = MongoDatabaseSource.builder(client).build();
        source.dump(T.databaseName(), payload, ProgressListener.NONE);
        db.getCollection("accounts").deleteOne(new Document("_id", "accounts-3"));
        Map<String, List<String>> live = MongoState.live(db);
        // A restore (sealed as the library's own are) meets a real refusal mid-swap: a collection appears under a
        // name the swap has claimed, so the next rename is NamespaceExists, and so is its first way back.
        MongoRestorer restorer = new MongoRestorer(client, new SourceSettings(2, 1 << 20, 1000, 1 << 20,
                MongoDatabaseSource.DEFAULT_STAGING_PREFIX, "test"), ArchiveLimits.defaults(), new RestoreJournal.Store(journal()),
                step -> {
                    if (step.equals("renamed:1")) {
                        db.getCollection("c").insertOne(new Document("_id", "appeared mid-swap"));
                    }
                });
        RestoreTarget target = RestoreTarget.of(T.databaseName()).withJournalSeal(JournalSeal.of(KeyProviders.of(Fixtures.KEY_A), TENANT));
        assertThatThrownBy(() -> restorer.restore(new java.io.ByteArrayInputStream(payload.toByteArray()), target,
                ProgressListener.NONE)).hasMessageContaining("rolling it back stopped too");
        assertThat(journal().countDocuments()).as("the journal records the cause").isOne();

        Snapshot s = backups.backup(Fixtures.ADMIN, TENANT, BackupTrigger.MANUAL).snapshot();

        assertThat(events).filteredOn(e -> e.type() == BackupEvent.Type.RESTORE_RECOVERED).singleElement()
                .satisfies(e -> assertThat(e.detail()).contains("was undone").contains("because the server refused it (code 48)"));
        assertThat(gate).containsExactly("enter", "exit");
        assertThat(backups.status(Fixtures.ADMIN, TENANT).recovery()).get()
                .satisfies(r -> assertThat(r.outcome()).isEqualTo(RecoveryReport.Outcome.ROLLED_BACK));
        assertThat(backups.catalog().verify(Fixtures.ADMIN, TENANT, s.fileName()).documentsPerCollection())
                .containsEntry("accounts", 49L).containsEntry("c", 50L);
        assertUsable(live);
        assertThat(before).isNotEqualTo(live);
    }
}
