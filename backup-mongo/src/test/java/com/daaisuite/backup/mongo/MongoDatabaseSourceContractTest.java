package com.daaisuite.backup.mongo;

import com.daaisuite.backup.core.spi.DatabaseSource;
import com.daaisuite.backup.testing.source.DatabaseSourceContract;
import com.daaisuite.backup.testing.source.TestDocument;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The shared {@link DatabaseSourceContract} for {@link MongoDatabaseSource} on mongo-java-server over TCP. */
class MongoDatabaseSourceContractTest extends DatabaseSourceContract {

    private static InProcessMongo server;
    private static MongoClient client;
    private static MongoDatabaseSource source;

    @BeforeAll
    static void start() {
        server = new InProcessMongo();
        client = MongoClients.create(server.uri());
        source = MongoDatabaseSource.builder(client).build();
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    @Override
    protected DatabaseSource source() {
        return source;
    }

    @Override
    protected void seed(String database, Map<String, List<TestDocument>> collections) {
        MongoDatabase db = client.getDatabase(database);
        for (String name : db.listCollectionNames()) {
            db.getCollection(name).drop();
        }
        collections.forEach((name, docs) -> {
            db.createCollection(name);
            List<Document> batch = new ArrayList<>();
            for (TestDocument d : docs) {
                batch.add(new Document("_id", d.id()).append("text", d.text()));
            }
            if (!batch.isEmpty()) {
                db.getCollection(name).insertMany(batch);
            }
        });
    }

    @Override
    protected Map<String, List<TestDocument>> read(String database) {
        MongoDatabase db = client.getDatabase(database);
        Map<String, List<TestDocument>> content = new LinkedHashMap<>();
        for (String name : db.listCollectionNames()) {
            if (name.startsWith("system.")) {
                continue;
            }
            List<TestDocument> docs = new ArrayList<>();
            for (Document d : db.getCollection(name).find()) {
                docs.add(new TestDocument(d.getString("_id"), d.getString("text")));
            }
            content.put(name, docs);
        }
        return content;
    }
}
