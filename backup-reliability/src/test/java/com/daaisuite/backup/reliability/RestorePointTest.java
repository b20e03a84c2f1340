package com.daaisuite.backup.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.daaisuite.backup.core.BackupTrigger;
import com.daaisuite.backup.core.Backups;
import com.daaisuite.backup.core.CollectionComparison;
import com.daaisuite.backup.core.CollectionComparison.Status;
import com.daaisuite.backup.core.DocumentPresence;
import com.daaisuite.backup.core.SnapshotComparison;
import com.daaisuite.backup.core.SnapshotContents;
import com.daaisuite.backup.core.Tenant;
import com.daaisuite.backup.core.spi.StorageKey;
import com.daaisuite.backup.core.spi.TenantDirectory;
import com.daaisuite.backup.crypto.KeyProviders;
import com.daaisuite.backup.mongo.MongoDatabaseSource;
import com.daaisuite.backup.testing.MutableClock;
import com.daaisuite.backup.testing.storage.InMemoryStorageBackend;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 23's scenarios on the in-process MongoDB: between backups A and B of a workspace, three
 * invoices are deleted, two changed and two inserted, one collection dropped and one created; inspect,
 * compare (two snapshots, and a snapshot with the live data) and find give exactly the expected
 * counts, statuses and samples.
 */
class RestorePointTest {
    static final Tenant T = Tenant.builder("rp").workspaceName("Restore Point Ltd").databaseName("db_rp").build();

    InProcessMongo mongo;
    MongoClient client;
    MongoDatabase db;
    InMemoryStorageBackend storage;
    MutableClock clock;
    Backups backups;
    String a;
    String b;

    @BeforeEach
    void setUp() {
        mongo = new InProcessMongo();
        client = MongoClients.create(Fixtures.mongoSettings(mongo.uri()));
        db = client.getDatabase(T.databaseName());
        storage = new InMemoryStorageBackend();
        clock = new MutableClock(Instant.parse("2026-03-31T10:00:00Z"));
        backups = Backups.builder().source(MongoDatabaseSource.builder(client).build()).storage(storage)
                .keys(KeyProviders.of(Fixtures.KEY_A)).tenants(TenantDirectory.of(List.of(T))).access(Fixtures.ACCESS)
                .clock(clock).nodeName("rp").build();
        for (int i = 1; i <= 10; i++) {
            db.getCollection("invoices").insertOne(new Document("_id", String.format("inv-%02d", i)).append("amount", i * 100));
            db.getCollection("leads").insertOne(new Document("_id", i).append("name", "lead " + i));
        }
        db.getCollection("imports").insertMany(List.of(new Document("_id", 1), new Document("_id", 2), new Document("_id", 3)));
        a = backups.backup(Fixtures.ADMIN, T.id(), BackupTrigger.MANUAL).snapshot().fileName();

        db.getCollection("invoices").deleteMany(Filters.in("_id", "inv-01", "inv-02", "inv-03"));
        db.getCollection("invoices").updateOne(Filters.eq("_id", "inv-04"), Updates.set("amount", 1));
        db.getCollection("invoices").updateOne(Filters.eq("_id", "inv-05"), Updates.set("note", "corrected"));
        db.getCollection("invoices").insertMany(List.of(new Document("_id", "inv-11"), new Document("_id", "inv-12")));
        db.getCollection("imports").drop();
        db.getCollection("attendance").insertMany(List.of(new Document("_id", 1), new Document("_id", 2)));
        clock.advance(Duration.ofDays(1));
        b = backups.backup(Fixtures.ADMIN, T.id(), BackupTrigger.MANUAL).snapshot().fileName();
    }

    @AfterEach
    void tearDown() {
        backups.close();
        client.close();
        mongo.close();
    }

    @Test
    void comparingTwoBackupsGivesExactlyTheKnownChanges() {
        SnapshotComparison c = backups.catalog().compare(Fixtures.VIEWER, T.id(), a, b, 10);

        assertThat(c.collections()).extracting(CollectionComparison::name, CollectionComparison::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("attendance", Status.ADDED),
                org.assertj.core.groups.Tuple.tuple("imports", Status.REMOVED),
                org.assertj.core.groups.Tuple.tuple("invoices", Status.CHANGED),
                org.assertj.core.groups.Tuple.tuple("leads", Status.SAME));
        CollectionComparison inv = c.collection("invoices").orElseThrow();
        assertThat(List.of(inv.onlyInA(), inv.onlyInB(), inv.changed(), inv.same())).containsExactly(3L, 2L, 2L, 5L);
        assertThat(inv.samplesOnlyInA()).containsExactly("\"inv-01\"", "\"inv-02\"", "\"inv-03\"");
        assertThat(inv.samplesOnlyInB()).containsExactly("\"inv-11\"", "\"inv-12\"");
        assertThat(inv.samplesChanged()).containsExactly("\"inv-04\"", "\"inv-05\"");
        CollectionComparison imports = c.collection("imports").orElseThrow();
        assertThat(List.of(imports.onlyInA(), imports.onlyInB(), imports.same())).containsExactly(3L, 0L, 0L);
        assertThat(imports.samplesOnlyInA()).containsExactly("{\"$numberInt\": \"1\"}", "{\"$numberInt\": \"2\"}",
                "{\"$numberInt\": \"3\"}");
        CollectionComparison attendance = c.collection("attendance").orElseThrow();
        assertThat(List.of(attendance.onlyInA(), attendance.onlyInB())).containsExactly(0L, 2L);
        assertThat(c.collection("leads").orElseThrow().same()).isEqualTo(10);
        assertThat(c.same()).isFalse();
    }

    @Test
    void samplesAreCappedAtTheNumberAsked() {
        CollectionComparison inv = backups.catalog().compare(Fixtures.VIEWER, T.id(), a, b, 1).collection("invoices").orElseThrow();
        assertThat(inv.samplesOnlyInA()).containsExactly("\"inv-01\"");
        assertThat(inv.onlyInA()).isEqualTo(3);
    }

    @Test
    void comparingTheOtherWayRoundMirrorsTheComparison() {
        SnapshotComparison ab = backups.catalog().compare(Fixtures.VIEWER, T.id(), a, b, 10);
        SnapshotComparison ba = backups.catalog().compare(Fixtures.VIEWER, T.id(), b, a, 10);
        assertThat(ba.collections()).isEqualTo(ab.collections().stream().map(CollectionComparison::mirrored).toList());
    }

    @Test
    void theLiveDataRightAfterABackupIsTheSameEverywhere() {
        SnapshotComparison c = backups.catalog().compareWithLive(Fixtures.VIEWER, T.id(), b, 5);
        assertThat(c.b()).isEqualTo(SnapshotComparison.LIVE);
        assertThat(c.collections()).extracting(CollectionComparison::name).containsExactly("attendance", "invoices", "leads");
        assertThat(c.collections()).allSatisfy(x -> assertThat(x.status()).isEqualTo(Status.SAME));
        assertThat(c.same()).isTrue();
    }

    @Test
    void whatChangedSinceABackupIsWhatWasDoneToTheLiveData() {
        db.getCollection("leads").deleteOne(Filters.eq("_id", 7));
        SnapshotComparison c = backups.catalog().compareWithLive(Fixtures.VIEWER, T.id(), b, 5);
        CollectionComparison leads = c.collection("leads").orElseThrow();
        assertThat(leads.status()).isEqualTo(Status.CHANGED);
        assertThat(leads.onlyInA()).isEqualTo(1);
        assertThat(leads.samplesOnlyInA()).containsExactly("{\"$numberInt\": \"7\"}");
    }

    @Test
    void findShowsADeletedDocumentInTheOlderSnapshotAndNotInTheNewer() {
        List<DocumentPresence> rows = backups.catalog().findDocument(Fixtures.VIEWER, T.id(), "invoices", "inv-01");
        assertThat(rows).extracting(DocumentPresence::fileName).containsExactly(b, a);
        assertThat(rows.get(0).present()).isFalse();
        assertThat(rows.get(0).changedFromOlder()).isTrue();
        assertThat(rows.get(1).present()).isTrue();
        assertThat(rows.get(1).digest()).get().asString().hasSize(64);
        assertThat(rows.get(1).changedFromOlder()).isFalse();

        List<DocumentPresence> unchanged = backups.catalog().findDocument(Fixtures.VIEWER, T.id(), "leads", "3");
        assertThat(unchanged).allSatisfy(r -> assertThat(r.present()).isTrue());
        assertThat(unchanged.get(0).changedFromOlder()).isFalse();
        assertThat(unchanged.get(0).read()).as("the manifests' equal digests answer the newer one without reading it")
                .isNotEqualTo(unchanged.get(1).read());
    }

    @Test
    void findTakesCanonicalExtendedJson() {
        List<DocumentPresence> rows = backups.catalog().findDocument(Fixtures.VIEWER, T.id(), "leads", "{\"$numberInt\": \"3\"}");
        assertThat(rows).allSatisfy(r -> assertThat(r.present()).isTrue());
        assertThat(backups.catalog().findDocument(Fixtures.VIEWER, T.id(), "leads", "{\"$numberLong\": \"3\"}"))
                .as("BSON-exact: a long 3 is another _id than an int 3").allSatisfy(r -> assertThat(r.present()).isFalse());
    }

    @Test
    void inspectReadsTheDigestsRecordedAtBackupTimeAndAnOlderSnapshotComputesTheSame() throws Exception {
        SnapshotContents recorded = backups.catalog().contents(Fixtures.VIEWER, T.id(), b);
        assertThat(recorded.recorded()).isTrue();
        assertThat(recorded.collections()).extracting(x -> x.name() + ":" + x.type() + ":" + x.documents())
                .containsExactlyInAnyOrder("attendance:collection:2", "invoices:collection:9", "leads:collection:10");
        assertThat(recorded.collection("invoices").orElseThrow().indexNames()).contains("_id_");
        assertThat(recorded.actor()).contains(Fixtures.ADMIN.id());

        // Without its manifest, as a snapshot from before the contents engine: computed on demand, the same.
        List<String> manifests = new ArrayList<>();
        storage.list(T.id()).forEach(o -> {
            if (o.key().fileName().startsWith(b) && !o.key().fileName().equals(b)) {
                manifests.add(o.key().fileName());
            }
        });
        assertThat(manifests).isNotEmpty();
        storage.delete(manifests.stream().map(n -> StorageKey.of(T.id(), n)).toList());
        SnapshotContents computed = backups.catalog().contents(Fixtures.VIEWER, T.id(), b);
        assertThat(computed.recorded()).isFalse();
        assertThat(computed.digest()).isEqualTo(recorded.digest());
        assertThat(computed.collections()).containsExactlyInAnyOrderElementsOf(recorded.collections());
    }

    @Test
    void twoSnapshotsOfTheSameDataHaveTheSameDigestsAndCompareTheSame() {
        clock.advance(Duration.ofHours(1));
        String c = backups.backup(Fixtures.ADMIN, T.id(), BackupTrigger.MANUAL).snapshot().fileName();
        assertThat(backups.catalog().contents(Fixtures.VIEWER, T.id(), c).digest())
                .isEqualTo(backups.catalog().contents(Fixtures.VIEWER, T.id(), b).digest());
        assertThat(backups.catalog().compare(Fixtures.VIEWER, T.id(), b, c, 3).same()).isTrue();
    }
}
