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
import com.daaisuite.backup.mongo.internal.archive.ArchiveLimits;
import com.daaisuite.backup.mongo.internal.archive.ArchiveReader;
import com.daaisuite.backup.mongo.internal.archive.CollectionMetadata;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.CreateCollectionOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ValidationOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.BsonDocument;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
/**
 * The behaviour of {@link MongoDatabaseSource}, run against any MongoDB a subclass provides: the
 * in-process mongo-java-server here, a real replica set in Docker. Tests of features the in-process
 * server lacks are guarded by {@link #realMongo()}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractMongoSourceTest extends MongoRestoreSafetySuite {

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
}
