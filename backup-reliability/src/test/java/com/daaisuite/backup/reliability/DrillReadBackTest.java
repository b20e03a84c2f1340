package com.daaisuite.backup.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.daaisuite.backup.core.BackupEvent;
import com.daaisuite.backup.core.BackupTrigger;
import com.daaisuite.backup.core.Backups;
import com.daaisuite.backup.core.DrillResult;
import com.daaisuite.backup.core.Tenant;
import com.daaisuite.backup.core.spi.ProgressListener;
import com.daaisuite.backup.core.spi.RestoreSummary;
import com.daaisuite.backup.core.spi.RestoreTarget;
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
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The drill's read-back ({@code MongoDatabaseSource.readContents}: raw BSON, several collections at
 * once) checks what the server actually stored: a server that keeps other contents, loses a document
 * or an index after acknowledging the load fails the drill, one clause per collection.
 */
class DrillReadBackTest {
    static final Tenant T = Tenant.builder("rb").workspaceName("Read Back Ltd").databaseName("db_rb").build();
    static final String SCRATCH = "db_rb__daai_drill";

    InProcessMongo mongo;
    MongoClient client;
    MongoDatabase db;
    RecordingListener events;
    Backups backups;
    /** What the "server" does to the scratch database after it acknowledged the drill's load. */
    final AtomicReference<Consumer<MongoDatabase>> afterLoad = new AtomicReference<>(d -> {});

    @BeforeEach
    void setUp() {
        mongo = new InProcessMongo();
        client = MongoClients.create(Fixtures.mongoSettings(mongo.uri()));
        db = client.getDatabase(T.databaseName());
        events = new RecordingListener();
        backups = Backups.builder().source(new AlteringSource(MongoDatabaseSource.builder(client).build()))
                .storage(new InMemoryStorageBackend()).keys(KeyProviders.of(Fixtures.KEY_A))
                .tenants(TenantDirectory.of(List.of(T))).access(Fixtures.ACCESS).listener(events)
                .clock(new MutableClock(Instant.parse("2026-03-31T10:00:00Z"))).nodeName("read-back")
                .drillEvery(Duration.ZERO).build();
        for (int i = 1; i <= 300; i++) {
            db.getCollection("invoices").insertOne(new Document("_id", String.format("inv-%03d", i)).append("amount", i * 100)
                    .append("customer", "c" + (i % 7)));
            db.getCollection("leads").insertOne(new Document("_id", i).append("name", "lead " + i));
            db.getCollection("notes").insertOne(new Document("_id", i).append("text", "note " + i));
        }
        db.getCollection("invoices").createIndex(Indexes.ascending("customer"));
        backups.backup(Fixtures.ADMIN, T.id(), BackupTrigger.MANUAL);
    }

    @AfterEach
    void tearDown() {
        backups.close();
        client.close();
        mongo.close();
    }

    @Test
    void whatTheServerStoredUnchangedPassesWithEveryCount() {
        DrillResult r = backups.drills().drill(Fixtures.ADMIN, T.id());

        assertThat(r.passed()).as("reason: %s", r.reason()).isTrue();
        assertThat(r.counts()).containsEntry("invoices", 300L).containsEntry("leads", 300L).containsEntry("notes", 300L);
        assertThat(client.listDatabaseNames().into(new ArrayList<>())).doesNotContain(SCRATCH);
    }

    @Test
    void anAlteredDocumentALostDocumentAndALostIndexEachFailTheDrillNamingTheCollection() {
        afterLoad.set(scratch -> {
            scratch.getCollection("invoices").updateOne(Filters.eq("_id", "inv-150"), Updates.set("amount", 1));
            scratch.getCollection("leads").deleteOne(Filters.eq("_id", 7));
            scratch.getCollection("invoices").dropIndex("customer_1");
        });

        DrillResult r = backups.drills().drill(Fixtures.ADMIN, T.id());

        assertThat(r.passed()).isFalse();
        assertThat(r.reason()).hasValueSatisfying(m -> assertThat(m)
                .startsWith("the restored database differs from what the snapshot recorded")
                .contains("collection invoices has other contents than the snapshot recorded")
                .contains("collection leads has 299 documents, the snapshot recorded 300")
                .contains("collection invoices has indexes [_id_], the snapshot recorded [_id_, customer_1]")
                .doesNotContain("collection notes"));
        assertThat(events.types()).contains(BackupEvent.Type.DRILL_FAILED);
        assertThat(client.listDatabaseNames().into(new ArrayList<>())).doesNotContain(SCRATCH);
    }

    @Test
    void aCollectionTheServerAddedOrLostFailsTheDrill() {
        afterLoad.set(scratch -> {
            scratch.getCollection("notes").drop();
            scratch.getCollection("intruder").insertOne(new Document("_id", 1));
        });

        DrillResult r = backups.drills().drill(Fixtures.ADMIN, T.id());

        assertThat(r.passed()).isFalse();
        assertThat(r.reason()).hasValueSatisfying(m -> assertThat(m).contains("collection notes is missing")
                .contains("collection intruder is not in the snapshot"));
    }

    /** The real source, whose restore then changes the target database, like a server losing acknowledged writes. */
    private final class AlteringSource extends ForwardingDatabaseSource {
        AlteringSource(MongoDatabaseSource real) {
            super(real);
        }

        @Override
        public RestoreSummary restore(InputStream payload, RestoreTarget target, ProgressListener progress) throws IOException {
            return altered(delegate().restore(payload, target, progress), target);
        }

        @Override
        public RestoreSummary restore(InputStream payload, RestoreTarget target, ProgressListener progress, Runnable beforeSwap)
                throws IOException {
            return altered(delegate().restore(payload, target, progress, beforeSwap), target);
        }

        private RestoreSummary altered(RestoreSummary s, RestoreTarget target) {
            if (target.database().equals(SCRATCH)) {
                afterLoad.get().accept(client.getDatabase(SCRATCH));
            }
            return s;
        }

        @Override
        public String describe() {
            return "altering " + delegate().describe();
        }
    }
}
