package com.daaisuite.backup.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.daaisuite.backup.core.SourceException;
import com.daaisuite.backup.core.spi.DocumentVisitor;
import com.daaisuite.backup.core.spi.ProgressListener;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Indexes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code readContents}: what the restore drill reads its scratch database back with. It must see exactly
 * what a dump of the same database holds (collections, index names, every document's bytes and
 * identity), without writing an archive.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadContentsTest {
    private InProcessMongo mongo;
    private MongoClient client;
    private MongoDatabaseSource source;

    @BeforeAll
    void start() {
        mongo = new InProcessMongo();
        client = MongoClients.create(mongo.uri());
        // Batches far smaller than a collection, so the parallel cursors hand over many chunks each.
        source = MongoDatabaseSource.builder(client).readBatchBytes(4096).build();
    }

    @AfterAll
    void stop() {
        client.close();
        mongo.close();
    }

    /** Everything a visitor is told, in an order-free form: documents interleave across collections. */
    private static final class Seen implements DocumentVisitor {
        final Map<String, String> collections = new TreeMap<>();
        final Map<String, List<String>> documents = new TreeMap<>();
        final List<String> order = new ArrayList<>();
        final List<Thread> threads = new ArrayList<>();

        @Override
        public void collection(String name, String type, List<String> indexNames) {
            collections.put(name, type + " " + new java.util.TreeSet<>(indexNames));
            order.add("collection " + name);
            threads.add(Thread.currentThread());
        }

        @Override
        public void document(String collection, byte[] id, byte[] document) {
            documents.computeIfAbsent(collection, c -> new ArrayList<>()).add(Base64.getEncoder().encodeToString(id) + " "
                    + Base64.getEncoder().encodeToString(document));
            order.add("document " + collection);
            threads.add(Thread.currentThread());
        }

        Map<String, List<String>> sortedDocuments() {
            Map<String, List<String>> out = new TreeMap<>();
            documents.forEach((c, d) -> out.put(c, d.stream().sorted().toList()));
            return out;
        }
    }

    @Test
    void itSeesExactlyWhatADumpOfTheDatabaseHoldsCollectionsFirstOnTheCallersThread() throws Exception {
        MongoDatabase db = client.getDatabase("read_back");
        db.drop();
        for (String c : List.of("invoices", "employees", "leads")) {
            List<Document> docs = new ArrayList<>();
            for (int i = 0; i < 700; i++) {
                docs.add(new Document("_id", c.equals("leads") ? (Object) ("L-" + i) : i).append("n", i).append("pad", "x".repeat(i % 97)));
            }
            db.getCollection(c).insertMany(docs);
        }
        db.getCollection("invoices").createIndex(Indexes.ascending("n"));
        db.getCollection("empty");
        db.createCollection("empty");

        Seen direct = new Seen();
        boolean read = source.readContents("read_back", direct);
        ByteArrayOutputStream dump = new ByteArrayOutputStream();
        source.dump("read_back", dump, ProgressListener.NONE);
        Seen dumped = new Seen();
        source.contentsReader().orElseThrow().read(new ByteArrayInputStream(dump.toByteArray()), dumped);

        assertThat(read).isTrue();
        assertThat(direct.collections).isEqualTo(dumped.collections).containsKeys("invoices", "employees", "leads", "empty");
        assertThat(direct.collections.get("invoices")).contains("n_1");
        assertThat(direct.sortedDocuments()).isEqualTo(dumped.sortedDocuments());
        assertThat(direct.documents.get("leads")).hasSize(700);
        int firstDocument = direct.order.indexOf(direct.order.stream().filter(o -> o.startsWith("document")).findFirst().orElseThrow());
        assertThat(direct.order.subList(0, firstDocument)).allMatch(o -> o.startsWith("collection "));
        assertThat(direct.threads).containsOnly(Thread.currentThread());
    }

    @Test
    void aVisitorThatStopsTheReadStopsItAndNoCursorThreadIsLeftBehind() throws Exception {
        MongoDatabase db = client.getDatabase("read_stop");
        db.drop();
        for (String c : List.of("a", "b")) {
            List<Document> docs = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                docs.add(new Document("_id", i).append("pad", "y".repeat(200)));
            }
            db.getCollection(c).insertMany(docs);
        }
        DocumentVisitor stopping = new DocumentVisitor() {
            int n;

            @Override
            public void collection(String name, String type, List<String> indexNames) {}

            @Override
            public void document(String collection, byte[] id, byte[] document) {
                if (++n == 10) {
                    throw new IllegalStateException("the visitor had enough");
                }
            }
        };

        assertThatThrownBy(() -> source.readContents("read_stop", stopping)).hasMessage("the visitor had enough");
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("daai-read-back-read_stop"));
    }

    @Test
    void anInvalidDatabaseNameIsASourceExceptionThatSaysWhatToDo() {
        assertThatThrownBy(() -> source.readContents("bad/name", new Seen())).isInstanceOf(SourceException.class)
                .hasMessageContaining("bad/name");
    }
}
