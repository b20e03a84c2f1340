package com.daaisuite.backup.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.daaisuite.backup.core.SourceException;
import com.daaisuite.backup.core.spi.ProgressListener;
import com.daaisuite.backup.core.spi.RestoreSummary;
import com.daaisuite.backup.core.spi.RestoreTarget;
import com.daaisuite.backup.mongo.MongoData.CollectionState;
import com.daaisuite.backup.mongo.internal.MongoRestorer;
import com.daaisuite.backup.mongo.internal.RestoreJournal;
import com.daaisuite.backup.mongo.internal.SourceSettings;
import com.daaisuite.backup.mongo.internal.SwapObserver;
import com.daaisuite.backup.mongo.internal.archive.ArchiveHeader;
import com.daaisuite.backup.mongo.internal.archive.ArchiveLimits;
import com.daaisuite.backup.mongo.internal.archive.ArchiveWriter;
import com.daaisuite.backup.mongo.internal.archive.CollectionMetadata;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The restore loads several insert batches at once ({@code maxParallelCollections}): every collection,
 * document and index arrives exactly, and a failing insert in one loader stops the others, drops what
 * was staged and leaves the live database as it was.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ParallelLoadTest {
    private static final List<String> COLLECTIONS = List.of("accounts", "events", "invoices", "ledger", "notes", "people");
    private final InProcessMongo server = new InProcessMongo();
    private MongoClient client;
    private RestoreJournal.Store journals;
    private Map<String, CollectionState> snapshot;
    private byte[] payload;

    @BeforeAll
    void prepare() throws IOException {
        client = MongoClients.create(AbstractMongoSourceTest.settings(server.uri()));
        journals = new RestoreJournal.Store(client.getDatabase(MongoDatabaseSource.DEFAULT_JOURNAL_DATABASE)
                .getCollection(MongoDatabaseSource.DEFAULT_JOURNAL_COLLECTION, BsonDocument.class));
        MongoDatabase snap = client.getDatabase("pl_snapshot");
        fill(snap, "snapshot", COLLECTIONS, 400);
        snapshot = MongoData.stateOf(snap);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MongoDatabaseSource.builder(client).build().dump("pl_snapshot", out, ProgressListener.NONE);
        payload = out.toByteArray();
    }

    @AfterAll
    void stop() {
        client.close();
        server.close();
    }

    private static void fill(MongoDatabase db, String tag, List<String> names, int documents) {
        for (String name : names) {
            List<Document> docs = new ArrayList<>();
            for (int i = 0; i < documents; i++) {
                docs.add(new Document("_id", i).append("tag", tag).append("seq", i * 3).append("text", tag + "-" + name + "-" + i));
            }
            db.getCollection(name).insertMany(docs);
            db.getCollection(name).createIndex(Indexes.ascending("seq"), new IndexOptions().unique(true).name("seq_unique"));
            db.getCollection(name).createIndex(Indexes.descending("tag", "seq"), new IndexOptions().name("tag_seq"));
        }
    }

    /** Eight batches of seven documents in flight at once, across collections. */
    private MongoRestorer parallel() {
        return new MongoRestorer(client, new SourceSettings(4, 64 * 1024, 7, 1 << 20, MongoDatabaseSource.DEFAULT_STAGING_PREFIX,
                "test"), ArchiveLimits.defaults(), journals, SwapObserver.NONE);
    }

    @Test
    void aParallelLoadRestoresEveryCollectionEveryDocumentAndEveryIndexExactly() throws IOException {
        MongoDatabase db = client.getDatabase("pl_live_ok");
        fill(db, "live", List.of("accounts", "only_live"), 50);

        RestoreSummary summary = parallel().restore(new ByteArrayInputStream(payload), RestoreTarget.mapping("pl_snapshot",
                db.getName()), ProgressListener.NONE);

        assertThat(summary.documents()).isEqualTo(400L * COLLECTIONS.size());
        assertThat(summary.collections()).hasSize(COLLECTIONS.size()).allSatisfy(c -> assertThat(c.documents()).isEqualTo(400));
        Map<String, CollectionState> after = MongoData.stateOf(db);
        assertThat(after.keySet()).containsExactlyElementsOf(snapshot.keySet());
        assertThat(SwapKillMatrixTest.digest(after)).as(SwapKillMatrixTest.outline(after)).isEqualTo(SwapKillMatrixTest.digest(snapshot));
        assertThat(after.get("ledger").indexes()).extracting(i -> i.getString("name").getValue())
                .containsExactly("_id_", "seq_unique", "tag_seq");
        db.drop();
    }

    @Test
    void aFailingInsertInOneLoaderStopsTheOthersAndLeavesTheLiveDatabaseUntouched() throws IOException {
        MongoDatabase db = client.getDatabase("pl_live_fail");
        fill(db, "live", List.of("accounts", "ledger", "only_live"), 60);
        Map<String, CollectionState> before = MongoData.stateOf(db);
        // The second collection repeats an _id early on: the server refuses that insert (duplicate key), a real failure.
        byte[] bad = payloadWithDuplicateId("pl_bad", 2_000, "b_second", 30);
        CountingStream in = new CountingStream(new ByteArrayInputStream(bad));

        assertThatThrownBy(() -> parallel().restore(in, RestoreTarget.mapping("pl_bad", db.getName()), ProgressListener.NONE))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining("The live database was not changed")
                .hasMessageContaining("the staging collections were removed");

        // The reader stopped soon after the failure instead of loading the four collections after it.
        assertThat(in.count.get()).as("payload bytes read of %d", bad.length).isLessThan(bad.length / 2);
        assertThat(MongoData.stateOf(db)).as("the live database").isEqualTo(before);
        assertThat(db.listCollectionNames().into(new ArrayList<>())).noneMatch(n -> n.startsWith(MongoDatabaseSource.DEFAULT_STAGING_PREFIX));
        assertThat(journals.find(db.getName())).as("no journal left").isEmpty();

        // And the next restore with the same settings works.
        parallel().restore(new ByteArrayInputStream(payload), RestoreTarget.mapping("pl_snapshot", db.getName()), ProgressListener.NONE);
        assertThat(SwapKillMatrixTest.digest(MongoData.stateOf(db))).isEqualTo(SwapKillMatrixTest.digest(snapshot));
        db.drop();
    }

    /** Six collections of {@code documents} each, in order; {@code dupeIn} repeats _id 0 at position {@code at}. */
    private static byte[] payloadWithDuplicateId(String db, int documents, String dupeIn, int at) throws IOException {
        List<String> names = List.of("a_first", "b_second", "c_third", "d_fourth", "e_fifth", "f_sixth");
        List<CollectionMetadata> prelude = new ArrayList<>();
        for (String n : names) {
            prelude.add(new CollectionMetadata(db, n, "{\"options\":{},\"indexes\":[{\"v\":2,\"key\":{\"_id\":1},\"name\":\"_id_\"}]}",
                    "collection"));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ArchiveWriter w = new ArchiveWriter(out, ArchiveHeader.of("7.0.0", "mongodump 100.11.0"), prelude)) {
            for (String n : names) {
                for (int i = 0; i < documents; i++) {
                    int id = n.equals(dupeIn) && i == at ? 0 : i;
                    w.writeDocument(db, n, new RawBsonDocument(new BsonDocument("_id", new BsonInt32(id))
                            .append("text", new BsonString("x".repeat(200) + i)), new BsonDocumentCodec()));
                }
                w.endNamespace(db, n);
            }
            w.finish();
        }
        return out.toByteArray();
    }

    private static final class CountingStream extends FilterInputStream {
        final AtomicLong count = new AtomicLong();

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count.incrementAndGet();
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count.addAndGet(n);
            }
            return n;
        }
    }
}
