package com.daaisuite.backup.mongo;


import com.daaisuite.backup.core.spi.ProgressListener;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
/**
 * What every {@link AbstractMongoSourceTest} part shares: the client and the source under test, the
 * server hooks a subclass implements, and small helpers. Subclasses extend {@link AbstractMongoSourceTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MongoSourceFixture {

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

    static int iterations(int normal, int thorough) {
        return Boolean.getBoolean("daai.thorough") ? thorough : normal;
    }

    byte[] dump(String database) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        source.dump(database, out, ProgressListener.NONE);
        return out.toByteArray();
    }

    /** Fills a database with random collections (some empty) and secondary indexes. */
    void fillRandom(MongoDatabase db, MongoData.Generator gen) {
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
