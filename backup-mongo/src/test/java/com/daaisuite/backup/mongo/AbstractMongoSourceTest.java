package com.daaisuite.backup.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.daaisuite.backup.core.PayloadCorruptException;
import com.daaisuite.backup.core.SourceException;
import com.daaisuite.backup.core.spi.CollectionSummary;
import com.daaisuite.backup.core.spi.DumpSummary;
import com.daaisuite.backup.core.spi.ProgressListener;
import com.daaisuite.backup.core.spi.RestoreSummary;
import com.daaisuite.backup.core.spi.RestoreTarget;
import com.daaisuite.backup.mongo.MongoData.CollectionState;
import com.daaisuite.backup.mongo.internal.MongoRestorer;
import com.daaisuite.backup.mongo.internal.RestoreJournal;
import com.daaisuite.backup.mongo.internal.SourceSettings;
import com.daaisuite.backup.mongo.internal.archive.ArchiveLimits;
import com.daaisuite.backup.mongo.internal.archive.ArchiveReader;
import com.daaisuite.backup.mongo.internal.archive.CollectionMetadata;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.CreateCollectionOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ValidationOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.BsonDocument;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The behaviour of {@link MongoDatabaseSource}, run against any MongoDB a subclass provides: the
 * in-process mongo-java-server here, a real replica set in Docker. Tests of features the in-process
 * server lacks are guarded by {@link #realMongo()}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractMongoSourceTest {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    protected MongoClient client;
    protected MongoDatabaseSource source;

    /** @return host and port of the server under test, as {@code host:port} */
    protected abstract String hostAndPort();

    /** @return whether the server is a real MongoDB replica set (views, capped, snapshots, every BSON type) */
    protected abstract boolean realMongo();

    @BeforeAll
    void connect() {
        client = MongoClients.create(settings("mongodb://" + hostAndPort()));
        source = MongoDatabaseSource.builder(client).insertBatchCount(100).insertBatchBytes(256 * 1024).build();
    }

    @AfterAll
    void disconnect() {
        if (client != null) {
            client.close();
        }
    }

    static MongoClientSettings settings(String uri) {
        return MongoClientSettings.builder().applyConnectionString(new ConnectionString(uri))
                .applyToClusterSettings(c -> c.serverSelectionTimeout(10, TimeUnit.SECONDS))
                .applyToSocketSettings(s -> s.connectTimeout(5, TimeUnit.SECONDS))
                .build();
    }

    static String freshName(String base) {
        return base + "_" + DATABASES.incrementAndGet();
    }

    private static int iterations(int normal, int thorough) {
        return Boolean.getBoolean("daai.thorough") ? thorough : normal;
    }

    byte[] dump(String database) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        source.dump(database, out, ProgressListener.NONE);
        return out.toByteArray();
    }

    /** Fills a database with random collections (some empty) and secondary indexes. */
    private void fillRandom(MongoDatabase db, MongoData.Generator gen) {
        int collections = 1 + gen.random().nextInt(4);
        for (int c = 0; c < collections; c++) {
            String name = "c" + c + (gen.random().nextBoolean() ? "" : "_docs");
            db.createCollection(name);
            int docs = gen.random().nextInt(5) == 0 ? 0 : gen.random().nextInt(300);
            List<RawBsonDocument> batch = new ArrayList<>();
            for (int i = 0; i < docs; i++) {
                batch.add(new RawBsonDocument(gen.document(), new BsonDocumentCodec()));
            }
            if (!batch.isEmpty()) {
                db.getCollection(name, RawBsonDocument.class).insertMany(batch);
            }
            switch (gen.random().nextInt(4)) {
                case 0 -> db.getCollection(name).createIndex(Indexes.ascending("seq"), new IndexOptions().unique(true).name("seq_unique"));
                case 1 -> db.getCollection(name).createIndex(Indexes.compoundIndex(Indexes.ascending("a"), Indexes.descending("seq")));
                case 2 -> db.getCollection(name).createIndex(Indexes.ascending("a"),
                        new IndexOptions().partialFilterExpression(new Document("a", new Document("$gt", 3))).name("a_partial"));
                default -> { }
            }
        }
    }

    @Test
    void randomDatabasesRestoredIntoAnotherDatabaseAreByteIdenticalWithTheSameIndexes() throws IOException {
        long base = Long.getLong("daai.seed", System.nanoTime());
        int runs = iterations(4, 40);
        System.out.println("round-trip seeds " + base + " .. " + (base + runs - 1) + " (rerun one with -Ddaai.seed=<seed>)");
        for (int run = 0; run < runs; run++) {
            long seed = base + run;
            String from = freshName("rt_src");
            String to = freshName("rt_dst");
            try {
                MongoData.Generator gen = new MongoData.Generator(seed, false);
                fillRandom(client.getDatabase(from), gen);
                Map<String, CollectionState> before = MongoData.stateOf(client.getDatabase(from));

                ByteArrayOutputStream out = new ByteArrayOutputStream();
                DumpSummary dumped = source.dump(from, out, ProgressListener.NONE);
                RestoreSummary restored = source.restore(new ByteArrayInputStream(out.toByteArray()),
                        RestoreTarget.mapping(from, to), ProgressListener.NONE);

                assertThat(MongoData.stateOf(client.getDatabase(to))).as("seed %d", seed).isEqualTo(before);
                long docs = before.values().stream().mapToLong(s -> s.documents().size()).sum();
                assertThat(dumped.documents()).as("seed %d", seed).isEqualTo(docs);
                assertThat(restored.documents()).as("seed %d", seed).isEqualTo(docs);
                assertThat(restored.payloadBytes()).as("seed %d", seed).isEqualTo(out.size());
                assertThat(restored.collections()).as("seed %d", seed).isEqualTo(dumped.collections());
                assertThat(MongoData.stateOf(client.getDatabase(from))).as("seed %d: source untouched", seed).isEqualTo(before);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("round trip failed for seed " + seed + ": " + e.getMessage(), e);
            } finally {
                client.getDatabase(from).drop();
                client.getDatabase(to).drop();
            }
        }
    }

    @Test
    void dumpDescribesEachCollectionLikeMongodumpAndSkipsSystemCollections() throws IOException {
        String name = freshName("meta");
        MongoDatabase db = client.getDatabase(name);
        db.getCollection("people").insertOne(new Document("_id", 1).append("email", "a@example.org"));
        db.getCollection("people").createIndex(Indexes.ascending("email"), new IndexOptions().unique(true));
        db.createCollection("empty");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DumpSummary summary = source.dump(name, out, ProgressListener.NONE);

        assertThat(summary.collections()).containsExactly(
                new CollectionSummary("empty", "collection", 0, 0, 1),
                new CollectionSummary("people", "collection", 1,
                        summary.collections().get(1).bytes(), 2));
        try (ArchiveReader reader = new ArchiveReader(new ByteArrayInputStream(out.toByteArray()), ArchiveLimits.defaults())) {
            assertThat(reader.header().serverVersion()).matches("\\d+\\.\\d+\\.\\d+.*");
            assertThat(reader.header().toolVersion()).startsWith("daai-backup ");
            assertThat(reader.prelude()).extracting(CollectionMetadata::collection).containsExactly("empty", "people");
            CollectionMetadata people = reader.prelude().get(1);
            assertThat(people.type()).isEqualTo("collection");
            BsonDocument metadata = BsonDocument.parse(people.metadataJson());
            List<String> expectedKeys = new ArrayList<>();
            if (metadata.containsKey("options")) {
                expectedKeys.add("options");
            }
            expectedKeys.add("indexes");
            if (metadata.containsKey("uuid")) {
                expectedKeys.add("uuid");
                assertThat(metadata.getString("uuid").getValue()).matches("[0-9a-f]{32}");
            }
            expectedKeys.addAll(List.of("collectionName", "type"));
            assertThat(metadata.keySet()).containsExactlyElementsOf(expectedKeys);
            assertThat(metadata.getString("collectionName").getValue()).isEqualTo("people");
            assertThat(metadata.getArray("indexes")).extracting(v -> v.asDocument().getString("name").getValue())
                    .containsExactlyInAnyOrder("_id_", "email_1");
            assertThat(people.metadataJson()).contains("{\"$numberInt\": \"1\"}");
        } finally {
            db.drop();
        }
    }

    @Test
    void dumpIsPointInTimeExactlyWhenTheServerSupportsSnapshotReads() throws IOException {
        String name = freshName("pit");
        client.getDatabase(name).getCollection("x").insertOne(new Document("_id", 1));
        try {
            DumpSummary summary = source.dump(name, new ByteArrayOutputStream(), ProgressListener.NONE);
            assertThat(summary.pointInTime()).isEqualTo(realMongo());
            assertThat(source.serverFacts().pointInTimeDumps()).isEqualTo(realMongo());
            if (realMongo()) {
                assertThat(summary.warnings()).isEmpty();
            } else {
                assertThat(summary.warnings()).singleElement().asString()
                        .contains("not point-in-time").contains("standalone");
            }
        } finally {
            client.getDatabase(name).drop();
        }
    }

    @Test
    void aDumpFailsWithTheCauseWhenItsOutputOrItsConnectionFails() throws IOException {
        String name = freshName("dumpfail");
        source.restore(new ByteArrayInputStream(MongoData.gunzipResource("/fixtures/mongodump/tenant_big.archive.gz")),
                RestoreTarget.mapping("tenant_big", name), ProgressListener.NONE);
        String[] hostPort = hostAndPort().split(":");
        try (ConnectionCutter cutter = new ConnectionCutter(hostPort[0], Integer.parseInt(hostPort[1]));
                MongoClient viaCutter = MongoClients.create(settings(cutter.uri()))) {
            MongoDatabaseSource cuttable = MongoDatabaseSource.builder(viaCutter).readBatchBytes(256 * 1024).build();
            java.io.OutputStream diskFull = new java.io.OutputStream() {
                private long written;

                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    written += len;
                    if (written > 3_000_000) {
                        throw new IOException("No space left on device");
                    }
                }
            };
            assertThatThrownBy(() -> cuttable.dump(name, diskFull, ProgressListener.NONE))
                    .isInstanceOf(IOException.class).hasMessage("No space left on device");

            java.io.OutputStream cutting = new java.io.OutputStream() {
                private long written;

                @Override
                public void write(int b) {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    written += len;
                    if (written > 3_000_000 && written - len <= 3_000_000) {
                        cutter.cutAll();
                    }
                }
            };
            assertThatThrownBy(() -> cuttable.dump(name, cutting, ProgressListener.NONE))
                    .isInstanceOf(SourceException.class).hasMessageContaining(name).hasMessageContaining("events_a");
            assertThat(cuttable.dump(name, new ByteArrayOutputStream(), ProgressListener.NONE).documents())
                    .as("the next dump works").isEqualTo(18_001);
        } finally {
            client.getDatabase(name).drop();
        }
    }

    // ---- the mongodump fixtures -------------------------------------------------------------

    @Test
    void restoresTheMongodumpFixtureExactlyDocumentForDocumentAndIndexForIndex() throws IOException {
        String target = freshName("acme");
        byte[] archive = MongoData.gunzipResource("/fixtures/mongodump/tenant_acme.archive.gz");
        try {
            RestoreSummary summary = source.restore(new ByteArrayInputStream(archive),
                    RestoreTarget.mapping("tenant_acme", target), ProgressListener.NONE);

            BsonDocument descriptor = BsonDocument.parse(MongoData.resourceText("/fixtures/mongodump/tenant_acme.archive.gz.json"));
            Map<String, CollectionState> state = MongoData.stateOf(client.getDatabase(target));
            assertThat(state.keySet()).containsExactlyInAnyOrder("audit_log", "employees", "invoices", "leads", "settings");
            assertThat(summary.documents()).isEqualTo(552);
            for (var c : descriptor.getArray("collections")) {
                BsonDocument coll = c.asDocument();
                String name = coll.getString("collection").getValue();
                CollectionState restored = state.get(name);
                assertThat(restored.documents()).as(name).hasSize(coll.getInt32("count").getValue());
                assertIndexesAsDescribed(name, coll, restored);
                if (coll.getInt32("count").getValue() > 0) {
                    Map<String, String> expected = new HashMap<>();
                    for (String line : MongoData.resourceText("/fixtures/mongodump/tenant_acme.docs/tenant_acme." + name + ".jsonl")
                            .split("\n")) {
                        if (!line.isBlank()) {
                            RawBsonDocument doc = RawBsonDocument.parse(line);
                            expected.put(doc.get("_id").toString(), base64(doc));
                        }
                    }
                    assertThat(restored.documents()).as(name).isEqualTo(expected);
                }
            }
        } finally {
            client.getDatabase(target).drop();
        }
    }

    @Test
    void restoresTheMultiSegmentFixtureWithEveryCountByteAndIndex() throws IOException {
        String target = freshName("big");
        byte[] archive = MongoData.gunzipResource("/fixtures/mongodump/tenant_big.archive.gz");
        try {
            RestoreSummary summary = source.restore(new ByteArrayInputStream(archive),
                    RestoreTarget.mapping("tenant_big", target), ProgressListener.NONE);

            BsonDocument descriptor = BsonDocument.parse(MongoData.resourceText("/fixtures/mongodump/tenant_big.archive.gz.json"));
            Map<String, CollectionState> state = MongoData.stateOf(client.getDatabase(target));
            assertThat(state.keySet()).containsExactlyInAnyOrder("events_a", "events_b", "small");
            for (var c : descriptor.getArray("collections")) {
                BsonDocument coll = c.asDocument();
                String name = coll.getString("collection").getValue();
                CollectionState restored = state.get(name);
                assertThat(restored.documents()).as(name).hasSize(coll.getInt32("count").getValue());
                long bytes = restored.documents().values().stream().mapToLong(b -> Base64.getDecoder().decode(b).length).sum();
                assertThat(bytes).as(name).isEqualTo(coll.getNumber("dataBytes").longValue());
                assertThat(summary.collections()).filteredOn(s -> s.name().equals(name)).singleElement()
                        .satisfies(s -> assertThat(s.bytes()).isEqualTo(bytes));
                assertIndexesAsDescribed(name, coll, restored);
            }
        } finally {
            client.getDatabase(target).drop();
        }
    }

    private static void assertIndexesAsDescribed(String name, BsonDocument descriptorCollection, CollectionState restored) {
        BsonDocument metadata = BsonDocument.parse(descriptorCollection.getString("metadataJson").getValue());
        List<BsonDocument> expected = new ArrayList<>();
        for (var index : metadata.getArray("indexes")) {
            expected.add(MongoData.withoutVersion(index.asDocument()));
        }
        expected.sort((a, b) -> a.getString("name").getValue().compareTo(b.getString("name").getValue()));
        assertThat(restored.indexes()).as("indexes of %s", name).isEqualTo(expected);
    }

    private static String base64(RawBsonDocument doc) {
        byte[] bytes = new byte[doc.getByteBuffer().remaining()];
        doc.getByteBuffer().get(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

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

    @Test
    void gzippedArchivesAreDetectedFromTheirContent() throws IOException {
        String target = freshName("gz");
        try (InputStream gz = getClass().getResourceAsStream("/fixtures/mongodump/tenant_acme.archive.gz")) {
            RestoreSummary summary = source.restore(gz, RestoreTarget.mapping("tenant_acme", target), ProgressListener.NONE);
            assertThat(summary.documents()).isEqualTo(552);
        } finally {
            client.getDatabase(target).drop();
        }
    }

    @Test
    void aTarGzOfAMongodumpFolderRestoresLikeTheArchive() throws IOException {
        String viaArchive = freshName("folder_a");
        String viaFolder = freshName("folder_t");
        byte[] archive = MongoData.gunzipResource("/fixtures/mongodump/tenant_acme.archive.gz");
        // The fixture's namespaces written out as mongodump --out would: <db>/<coll>.bson + .metadata.json.
        Map<String, ByteArrayOutputStream> bson = new java.util.TreeMap<>();
        Map<String, String> metadata = new java.util.TreeMap<>();
        try (ArchiveReader reader = new ArchiveReader(new ByteArrayInputStream(archive), ArchiveLimits.defaults())) {
            for (CollectionMetadata m : reader.prelude()) {
                metadata.put(m.collection(), m.metadataJson());
                bson.put(m.collection(), new ByteArrayOutputStream());
            }
            for (var e = reader.next(); e != null; e = reader.next()) {
                if (e instanceof com.daaisuite.backup.mongo.internal.archive.ArchiveEntry.Document d) {
                    bson.get(d.collection()).write(d.bson());
                }
            }
        }
        ByteArrayOutputStream tarGz = new ByteArrayOutputStream();
        try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(
                new java.util.zip.GZIPOutputStream(tarGz))) {
            for (String name : bson.keySet()) {
                for (var file : Map.of(name + ".bson", bson.get(name).toByteArray(),
                        name + ".metadata.json", metadata.get(name).getBytes(java.nio.charset.StandardCharsets.UTF_8)).entrySet()) {
                    var entry = new org.apache.commons.compress.archivers.tar.TarArchiveEntry("dump/tenant_acme/" + file.getKey());
                    entry.setSize(file.getValue().length);
                    tar.putArchiveEntry(entry);
                    tar.write(file.getValue());
                    tar.closeArchiveEntry();
                }
            }
        }
        try {
            source.restore(new ByteArrayInputStream(archive), RestoreTarget.mapping("tenant_acme", viaArchive), ProgressListener.NONE);
            RestoreSummary summary = source.restore(new ByteArrayInputStream(tarGz.toByteArray()),
                    RestoreTarget.mapping("tenant_acme", viaFolder), ProgressListener.NONE);
            assertThat(summary.documents()).isEqualTo(552);
            assertThat(MongoData.stateOf(client.getDatabase(viaFolder))).isEqualTo(MongoData.stateOf(client.getDatabase(viaArchive)));
        } finally {
            client.getDatabase(viaArchive).drop();
            client.getDatabase(viaFolder).drop();
        }
    }

    @Test
    void aPayloadThatIsNoArchiveIsRefusedAsCorrupt() {
        String target = freshName("junk");
        assertThatThrownBy(() -> source.restore(new ByteArrayInputStream("hello, not an archive".getBytes()),
                RestoreTarget.of(target), ProgressListener.NONE))
                .isInstanceOf(PayloadCorruptException.class)
                .hasMessageContaining("not a mongodump archive");
    }

    // ---- features only a real MongoDB has ---------------------------------------------------

    @Test
    void viewsCappedAndValidatedCollectionsAndCollationsSurviveARoundTrip() throws IOException {
        assumeTrue(realMongo(), "views, capped collections and validators need a real MongoDB");
        String from = freshName("opts_src");
        String to = freshName("opts_dst");
        MongoDatabase src = client.getDatabase(from);
        try {
            src.createCollection("capped", new CreateCollectionOptions().capped(true).sizeInBytes(1 << 20).maxDocuments(100));
            src.createCollection("validated", new CreateCollectionOptions().validationOptions(
                    new ValidationOptions().validator(new Document("age", new Document("$gte", 0)))));
            src.createCollection("collated", new CreateCollectionOptions().collation(
                    com.mongodb.client.model.Collation.builder().locale("de").build()));
            src.getCollection("collated").createIndex(Indexes.ascending("name"));
            src.getCollection("capped").insertOne(new Document("_id", 1));
            src.getCollection("validated").insertOne(new Document("_id", 1).append("age", 3));
            src.createView("adults", "validated", List.of(new Document("$match", new Document("age", new Document("$gte", 18)))));

            source.restore(new ByteArrayInputStream(dump(from)), RestoreTarget.mapping(from, to), ProgressListener.NONE);

            Map<String, BsonDocument> options = new HashMap<>();
            for (BsonDocument info : client.getDatabase(to).listCollections(BsonDocument.class)) {
                options.put(info.getString("name").getValue(), info.getDocument("options"));
            }
            Map<String, BsonDocument> sourceOptions = new HashMap<>();
            for (BsonDocument info : src.listCollections(BsonDocument.class)) {
                sourceOptions.put(info.getString("name").getValue(), info.getDocument("options"));
            }
            assertThat(options).isEqualTo(sourceOptions);
            assertThat(MongoData.stateOf(client.getDatabase(to))).isEqualTo(MongoData.stateOf(src));
        } finally {
            src.drop();
            client.getDatabase(to).drop();
        }
    }

    @Test
    void aViewPipelineTheRealServerRefusesIsRefusedBeforeAnyLiveCollectionMoves() throws IOException {
        assumeTrue(realMongo(), "mongo-java-server creates any view as an empty collection and refuses no pipeline");
        String target = freshName("view_refused");
        MongoDatabase db = client.getDatabase(target);
        try {
            db.getCollection("c").insertOne(new Document("_id", "live"));
            db.getCollection("kept").insertOne(new Document("_id", "live"));
            Map<String, MongoData.CollectionState> before = MongoData.stateOf(db);
            // A view may not write: the server refuses $out in a view's pipeline.
            byte[] payload = SwapFailureTest.collectionAndView("view_src", BsonDocument.parse(
                    "{viewOn: 'c', pipeline: [{$out: 'elsewhere'}]}"));

            assertThatThrownBy(() -> source.restore(new ByteArrayInputStream(payload), RestoreTarget.mapping("view_src", target),
                    ProgressListener.NONE)).isInstanceOf(com.daaisuite.backup.core.SourceException.class)
                    .hasMessageContaining("trying the snapshot's views under reserved names")
                    .hasMessageContaining("The live database was not changed");

            assertThat(MongoData.stateOf(db)).isEqualTo(before);
            assertThat(source.interruptedRestore(target)).isEmpty();
        } finally {
            db.drop();
        }
    }

    @Test
    void exoticBsonTypesRoundTripByteForByte() throws IOException {
        assumeTrue(realMongo(), "mongo-java-server alters or refuses these BSON types");
        long seed = Long.getLong("daai.seed", System.nanoTime());
        System.out.println("exotic round-trip seed " + seed + " (rerun with -Ddaai.seed=<seed>)");
        String from = freshName("exotic_src");
        String to = freshName("exotic_dst");
        try {
            MongoData.Generator gen = new MongoData.Generator(seed, true);
            fillRandom(client.getDatabase(from), gen);
            Map<String, CollectionState> before = MongoData.stateOf(client.getDatabase(from));
            source.restore(new ByteArrayInputStream(dump(from)), RestoreTarget.mapping(from, to), ProgressListener.NONE);
            assertThat(MongoData.stateOf(client.getDatabase(to))).as("seed %d", seed).isEqualTo(before);
        } finally {
            client.getDatabase(from).drop();
            client.getDatabase(to).drop();
        }
    }

    static int lastIndexOf(byte[] haystack, byte[] needle) {
        for (int i = haystack.length - needle.length; i >= 0; i--) {
            int j = 0;
            while (j < needle.length && haystack[i + j] == needle[j]) {
                j++;
            }
            if (j == needle.length) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }
}
