package com.daaisuite.backup.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.daaisuite.backup.core.PayloadCorruptException;
import com.daaisuite.backup.core.SourceException;
import com.daaisuite.backup.core.spi.ProgressListener;
import com.daaisuite.backup.core.spi.RestoreSummary;
import com.daaisuite.backup.core.spi.RestoreTarget;
import com.daaisuite.backup.mongo.MongoData.CollectionState;
import com.daaisuite.backup.mongo.internal.MongoRestorer;
import com.daaisuite.backup.mongo.internal.RestoreJournal;
import com.daaisuite.backup.mongo.internal.SourceSettings;
import com.daaisuite.backup.mongo.internal.archive.ArchiveLimits;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.Test;
/**
 * The restores of {@link MongoDatabaseSource} that fail or are refused leave the live database exactly
 * as it was, and every legal collection name restores; part of {@link AbstractMongoSourceTest}, run
 * against each server it runs against.
 */
abstract class MongoRestoreSafetySuite extends MongoSourceFixture {

    // ---- failures leave the live database exactly as it was ---------------------------------

    /** A live tenant database with content different from the fixture's. */
    private MongoDatabase liveTenant(String name) {
        MongoDatabase db = client.getDatabase(name);
        db.getCollection("leads").insertMany(List.of(new Document("_id", "live-1").append("status", "won"),
                new Document("_id", "live-2").append("status", "new")));
        db.getCollection("leads").createIndex(Indexes.ascending("status"));
        db.getCollection("only_live").insertOne(new Document("_id", 1).append("keep", true));
        return db;
    }

    private void assertUnchangedAndNoStaging(MongoDatabase db, Map<String, CollectionState> before) {
        assertThat(MongoData.stateOf(db)).isEqualTo(before);
        assertThat(source.interruptedRestore(db.getName())).isEmpty();
        assertThat(db.listCollectionNames().into(new ArrayList<>()))
                .noneMatch(n -> n.startsWith(MongoDatabaseSource.DEFAULT_STAGING_PREFIX));
    }

    @Test
    void aCrcMismatchInTheLastNamespaceLeavesTheLiveDatabaseUnchanged() throws IOException {
        String name = freshName("crc");
        MongoDatabase db = liveTenant(name);
        Map<String, CollectionState> before = MongoData.stateOf(db);
        byte[] archive = MongoData.gunzipResource("/fixtures/mongodump/tenant_acme.archive.gz");
        // The last block of the archive is the EOF block of its last namespace: its CRC is the last int64 "CRC".
        int crc = lastIndexOf(archive, "\u0012CRC\u0000".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)) + 5;
        archive[crc] ^= 0x01;
        try {
            assertThatThrownBy(() -> source.restore(new ByteArrayInputStream(archive),
                    RestoreTarget.mapping("tenant_acme", name), ProgressListener.NONE))
                    .isInstanceOf(PayloadCorruptException.class)
                    .hasMessageContaining("tenant_acme.audit_log");
            assertUnchangedAndNoStaging(db, before);
        } finally {
            db.drop();
        }
    }

    @Test
    void aCorruptedDocumentInTheLastLoadedCollectionLeavesTheLiveDatabaseUnchanged() throws IOException {
        String name = freshName("crcdoc");
        MongoDatabase db = liveTenant(name);
        Map<String, CollectionState> before = MongoData.stateOf(db);
        byte[] archive = MongoData.gunzipResource("/fixtures/mongodump/tenant_acme.archive.gz");
        // A character inside the last lead's e-mail: the BSON stays valid, only the CRC of leads differs.
        int at = lastIndexOf(archive, "@example.org".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        archive[at + 1] = 'E';
        try {
            assertThatThrownBy(() -> source.restore(new ByteArrayInputStream(archive),
                    RestoreTarget.mapping("tenant_acme", name), ProgressListener.NONE))
                    .isInstanceOf(PayloadCorruptException.class)
                    .hasMessageContaining("tenant_acme.leads");
            assertUnchangedAndNoStaging(db, before);
        } finally {
            db.drop();
        }
    }

    @Test
    void aTruncatedPayloadLeavesTheLiveDatabaseUnchanged() throws IOException {
        String name = freshName("trunc");
        MongoDatabase db = liveTenant(name);
        Map<String, CollectionState> before = MongoData.stateOf(db);
        byte[] archive = MongoData.gunzipResource("/fixtures/mongodump/tenant_acme.archive.gz");
        try {
            for (int cut : new int[] {archive.length - 1, archive.length * 2 / 3, 2000}) {
                byte[] truncated = Arrays.copyOf(archive, cut);
                assertThatThrownBy(() -> source.restore(new ByteArrayInputStream(truncated),
                        RestoreTarget.mapping("tenant_acme", name), ProgressListener.NONE))
                        .as("cut at %d", cut)
                        .isInstanceOf(PayloadCorruptException.class);
                assertUnchangedAndNoStaging(db, before);
            }
        } finally {
            db.drop();
        }
    }

    @Test
    void aConnectionDroppedWhileLoadingLeavesTheLiveDatabaseUnchanged() throws IOException {
        String name = freshName("cut");
        MongoDatabase db = liveTenant(name);
        Map<String, CollectionState> before = MongoData.stateOf(db);
        byte[] archive = MongoData.gunzipResource("/fixtures/mongodump/tenant_big.archive.gz");
        String[] hostPort = hostAndPort().split(":");
        try (ConnectionCutter cutter = new ConnectionCutter(hostPort[0], Integer.parseInt(hostPort[1]));
                MongoClient viaCutter = MongoClients.create(settings(cutter.uri()))) {
            MongoDatabaseSource cuttable = MongoDatabaseSource.builder(viaCutter).build();
            AtomicLong cutAt = new AtomicLong(-1);
            InputStream payload = new FilterInputStream(new ByteArrayInputStream(archive)) {
                private long read;

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, Math.min(len, 64 * 1024));
                    read += Math.max(0, n);
                    if (read >= archive.length / 2 && cutAt.compareAndSet(-1, read)) {
                        cutter.cutAll();
                    }
                    return n;
                }
            };
            assertThatThrownBy(() -> cuttable.restore(payload, RestoreTarget.mapping("tenant_big", name), ProgressListener.NONE))
                    .isInstanceOf(SourceException.class)
                    .hasMessageContaining("live database was not changed");
            assertThat(cutAt.get()).isPositive();
            assertUnchangedAndNoStaging(db, before);
        } finally {
            db.drop();
        }
    }

    @Test
    void aRestoreInterruptedMidSwapIsFinishedByTheNextRestoreAndAPrefixLikeUserCollectionIsKept() throws IOException {
        String name = freshName("leftover");
        MongoDatabase db = liveTenant(name);
        // Not a leftover: only collections a restore journal lists are reserved.
        db.getCollection(MongoDatabaseSource.DEFAULT_STAGING_PREFIX + "leads").insertOne(new Document("_id", "user data"));
        byte[] archive = MongoData.gunzipResource("/fixtures/mongodump/tenant_acme.archive.gz");
        RestoreJournal.Store journals = new RestoreJournal.Store(client.getDatabase(MongoDatabaseSource.DEFAULT_JOURNAL_DATABASE)
                .getCollection(MongoDatabaseSource.DEFAULT_JOURNAL_COLLECTION, BsonDocument.class));
        MongoRestorer crashing = new MongoRestorer(client, new SourceSettings(2, 256 * 1024, 100, 1 << 20,
                MongoDatabaseSource.DEFAULT_STAGING_PREFIX, "test"), ArchiveLimits.defaults(), journals, step -> {
                    if (step.equals("renamed:2")) {
                        throw new SimulatedCrash();
                    }
                });
        try {
            assertThatThrownBy(() -> crashing.restore(new ByteArrayInputStream(archive), RestoreTarget.mapping("tenant_acme", name),
                    ProgressListener.NONE)).isInstanceOf(SimulatedCrash.class);
            assertThat(source.interruptedRestore(name)).get().asString().contains("swapping");
            RestoreSummary summary = source.restore(new ByteArrayInputStream(MongoData.gunzipResource(
                    "/fixtures/mongodump/tenant_acme.archive.gz")), RestoreTarget.mapping("tenant_acme", name), ProgressListener.NONE);
            assertThat(db.listCollectionNames().into(new ArrayList<>()))
                    .containsExactlyInAnyOrder("audit_log", "employees", "invoices", "leads", "settings");
            assertThat(db.getCollection("leads").countDocuments()).isEqualTo(180);
            assertThat(summary.droppedCollections()).isEmpty();
            assertThat(source.interruptedRestore(name)).isEmpty();
        } finally {
            db.drop();
        }
    }

    /** Stands for a process that dies at a step: nothing after it runs, no clean-up. */
    static final class SimulatedCrash extends Error {
        private static final long serialVersionUID = 1L;
    }

    /**
     * The longest collection name (in UTF-8 bytes) the server under test accepts in a database whose name
     * has {@code databaseBytes} bytes: real MongoDB allows 255 bytes of {@code db.collection} (4.4 and later);
     * mongo-java-server also caps a collection name at 128 characters.
     */
    private int longestCollectionName(int databaseBytes) {
        int namespace = 255 - databaseBytes - 1;
        return realMongo() ? namespace : Math.min(128, namespace);
    }

    private static String repeat(String unit, int maxBytes) {
        StringBuilder b = new StringBuilder();
        while (b.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                + unit.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= maxBytes) {
            b.append(unit);
        }
        return b.toString();
    }

    @Test
    void everyLegalCollectionNameRestoresIntoAnEmptiedDatabaseAndOverStaleDataWithAnIdenticalDigest() throws IOException {
        String from = freshName("edge_src");
        String to = from.replace("edge_src", "edge_dst");
        int max = longestCollectionName(from.length());
        String atLimit = repeat("n", max);
        // mongo-java-server counts UTF-16 characters; real MongoDB counts bytes.
        String unicodeAtLimit = repeat("é", 255 - from.length() - 1); // 2 bytes each: ~120 characters, bytes at the limit
        List<String> names = List.of(atLimit, unicodeAtLimit, "Ünïcødé_コレクション_🙂", "orders.2024.archive", "a.b",
                MongoDatabaseSource.DEFAULT_STAGING_PREFIX + "leads", MongoDatabaseSource.DEFAULT_STAGING_PREFIX + "abc123_s1",
                MongoDatabaseSource.DEFAULT_STAGING_PREFIX + "zzzzzz_a1", "x");
        MongoDatabase src = client.getDatabase(from);
        MongoDatabase dst = client.getDatabase(to);
        try {
            for (String name : names) {
                List<Document> docs = new ArrayList<>();
                for (int i = 0; i < 25; i++) {
                    docs.add(new Document("_id", i).append("name", name).append("n", i));
                }
                src.getCollection(name).insertMany(docs);
                src.getCollection(name).createIndex(Indexes.ascending("n"), new IndexOptions().unique(true).name("n_1"));
            }
            Map<String, CollectionState> expected = MongoData.stateOf(src);
            assertThat(expected.keySet()).containsExactlyInAnyOrderElementsOf(names);
            byte[] payload = dump(from);

            source.restore(new ByteArrayInputStream(payload), RestoreTarget.mapping(from, to), ProgressListener.NONE);
            assertThat(MongoData.stateOf(dst)).as("restored into an empty database").isEqualTo(expected);

            // Stale data: different documents under the same names, and collections the snapshot lacks.
            dst.getCollection(atLimit).insertOne(new Document("_id", "stale"));
            dst.getCollection("a.b").deleteMany(new Document());
            dst.getCollection("stale_only").insertOne(new Document("_id", 1));
            dst.getCollection(MongoDatabaseSource.DEFAULT_STAGING_PREFIX + "stale").insertOne(new Document("_id", 1));
            RestoreSummary summary = source.restore(new ByteArrayInputStream(payload), RestoreTarget.mapping(from, to),
                    ProgressListener.NONE);
            assertThat(MongoData.stateOf(dst)).as("restored over stale data").isEqualTo(expected);
            assertThat(summary.droppedCollections()).containsExactlyInAnyOrder("stale_only",
                    MongoDatabaseSource.DEFAULT_STAGING_PREFIX + "stale");
            assertThat(source.interruptedRestore(to)).isEmpty();
        } finally {
            src.drop();
            dst.drop();
        }
    }

    @Test
    void aSnapshotWhoseNamesDoNotFitTheTargetDatabaseIsRefusedBeforeAnythingIsWritten() throws IOException {
        String from = freshName("fit");
        // A target name much longer than the source's: the longest collection no longer fits in it. (Real
        // MongoDB allows database names up to 63 bytes; mongo-java-server has no such cap but a 128-character
        // collection cap, so its target name must be longer to exceed 255 bytes of namespace.)
        String to = freshName("fit_into_").replace("fit_into_", "fit_into_" + repeat("d", realMongo() ? 50 : 130));
        String longest = repeat("c", longestCollectionName(from.length()));
        MongoDatabase src = client.getDatabase(from);
        MongoDatabase dst = liveTenant(to);
        Map<String, CollectionState> before = MongoData.stateOf(dst);
        try {
            src.getCollection(longest).insertOne(new Document("_id", 1));
            byte[] payload = dump(from);
            assertThat(to.length() + 1 + longest.length()).isGreaterThan(255);
            assertThatThrownBy(() -> source.restore(new ByteArrayInputStream(payload), RestoreTarget.mapping(from, to),
                    ProgressListener.NONE))
                    .isInstanceOf(SourceException.class)
                    .hasMessageContaining("Collection '" + longest + "'")
                    .hasMessageContaining("Nothing was changed");
            assertUnchangedAndNoStaging(dst, before);
        } finally {
            src.drop();
            dst.drop();
        }
    }

    @Test
    void aPayloadOfAnotherDatabaseIsRefusedWithoutAnExplicitMapping() throws IOException {
        String name = freshName("foreign");
        MongoDatabase db = liveTenant(name);
        db.getCollection(MongoDatabaseSource.DEFAULT_STAGING_PREFIX + "leads").insertOne(new Document("_id", "leftover"));
        Map<String, CollectionState> before = MongoData.stateOf(db);
        List<String> namesBefore = db.listCollectionNames().into(new ArrayList<>());
        byte[] archive = MongoData.gunzipResource("/fixtures/mongodump/tenant_acme.archive.gz");
        try {
            assertThatThrownBy(() -> source.restore(new ByteArrayInputStream(archive), RestoreTarget.of(name), ProgressListener.NONE))
                    .isInstanceOf(ForeignDatabaseException.class)
                    .hasMessageContaining("tenant_acme")
                    .hasMessageContaining(name);
            assertThatThrownBy(() -> source.restore(new ByteArrayInputStream(archive),
                    RestoreTarget.mapping("tenant_other", name), ProgressListener.NONE))
                    .isInstanceOf(ForeignDatabaseException.class);
            assertThat(MongoData.stateOf(db)).isEqualTo(before);
            assertThat(db.listCollectionNames().into(new ArrayList<>())).containsExactlyInAnyOrderElementsOf(namesBefore);
        } finally {
            db.drop();
        }
    }

    @Test
    void aRestoreReplacesTheWholeDatabaseAndReportsWhatItDropped() throws IOException {
        String from = freshName("snap");
        String live = freshName("live");
        MongoDatabase src = client.getDatabase(from);
        src.getCollection("leads").insertOne(new Document("_id", "snap-1"));
        src.createCollection("empty_in_snapshot");
        byte[] payload = dump(from);
        MongoDatabase db = liveTenant(live);
        try {
            AtomicLong lastDocs = new AtomicLong(-1);
            RestoreSummary summary = source.restore(new ByteArrayInputStream(payload), RestoreTarget.mapping(from, live),
                    (bytes, docs) -> lastDocs.set(docs));
            assertThat(MongoData.stateOf(db)).isEqualTo(MongoData.stateOf(src));
            assertThat(summary.droppedCollections()).containsExactly("only_live");
            assertThat(summary.documents()).isEqualTo(1);
            assertThat(lastDocs.get()).isEqualTo(1);
        } finally {
            src.drop();
            db.drop();
        }
    }
}
