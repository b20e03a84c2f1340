package com.daaisuite.backup.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.daaisuite.backup.core.BackupEvent;
import com.daaisuite.backup.core.BackupHealth;
import com.daaisuite.backup.core.BackupHealthCheck;
import com.daaisuite.backup.core.BackupTrigger;
import com.daaisuite.backup.core.Backups;
import com.daaisuite.backup.core.DrillResult;
import com.daaisuite.backup.core.PermissionDeniedException;
import com.daaisuite.backup.core.ScratchDatabaseExistsException;
import com.daaisuite.backup.core.Snapshot;
import com.daaisuite.backup.core.Tenant;
import com.daaisuite.backup.core.spi.StorageKey;
import com.daaisuite.backup.core.spi.TenantDirectory;
import com.daaisuite.backup.crypto.KeyProviders;
import com.daaisuite.backup.mongo.MongoDatabaseSource;
import com.daaisuite.backup.testing.MutableClock;
import com.daaisuite.backup.testing.RecordingListener;
import com.daaisuite.backup.testing.storage.InMemoryStorageBackend;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Indexes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 26's restore drill on the in-process MongoDB: a good snapshot proves restorable, a snapshot
 * whose last segment is flipped does not, the live database is byte for byte what it was, and no
 * scratch database is ever left behind.
 */
class DrillTest {
    static final Tenant T = Tenant.builder("dr").workspaceName("Drill Ltd").databaseName("db_dr").build();
    static final String SCRATCH = "db_dr__daai_drill";

    InProcessMongo mongo;
    MongoClient client;
    MongoDatabase db;
    InMemoryStorageBackend storage;
    MutableClock clock;
    RecordingListener events;
    Backups backups;

    @BeforeEach
    void setUp() {
        mongo = new InProcessMongo();
        client = MongoClients.create(Fixtures.mongoSettings(mongo.uri()));
        db = client.getDatabase(T.databaseName());
        storage = new InMemoryStorageBackend();
        clock = new MutableClock(Instant.parse("2026-03-31T10:00:00Z"));
        events = new RecordingListener();
        backups = build(Duration.ofDays(7));
        for (int i = 1; i <= 40; i++) {
            db.getCollection("invoices").insertOne(new Document("_id", String.format("inv-%02d", i)).append("amount", i * 100)
                    .append("customer", "c" + (i % 7)));
            db.getCollection("leads").insertOne(new Document("_id", i).append("name", "lead " + i));
        }
        db.getCollection("invoices").createIndex(Indexes.ascending("customer"));
    }

    Backups build(Duration drillEvery) {
        return Backups.builder().source(MongoDatabaseSource.builder(client).build()).storage(storage)
                .keys(KeyProviders.of(Fixtures.KEY_A)).tenants(TenantDirectory.of(List.of(T))).access(Fixtures.ACCESS)
                .listener(events).clock(clock).nodeName("drill").drillEvery(drillEvery).build();
    }

    @AfterEach
    void tearDown() {
        backups.close();
        client.close();
        mongo.close();
    }

    @Test
    void aGoodSnapshotProvesRestorableAndTheLiveDatabaseIsByteIdentical() {
        Snapshot s = backups.backup(Fixtures.ADMIN, T.id(), BackupTrigger.MANUAL).snapshot();
        String before = liveDigest();

        DrillResult r = backups.drills().drill(Fixtures.ADMIN, T.id());

        assertThat(r.passed()).as("reason: %s", r.reason()).isTrue();
        assertThat(r.fileName()).isEqualTo(s.fileName());
        assertThat(r.scratchDatabase()).isEqualTo(SCRATCH);
        assertThat(r.counts()).containsEntry("invoices", 40L).containsEntry("leads", 40L);
        assertThat(r.documents()).isEqualTo(80);
        assertThat(r.digestsRecorded()).as("checked against the sealed manifest's digests").isTrue();
        assertThat(liveDigest()).as("live database byte-identical").isEqualTo(before);
        assertThat(databases()).as("no scratch database left").doesNotContain(SCRATCH);
        assertThat(events.types()).contains(BackupEvent.Type.DRILL_PASSED).doesNotContain(BackupEvent.Type.DRILL_FAILED,
                BackupEvent.Type.RESTORE_STARTED);
        assertThat(names()).doesNotContain("drill-in-progress.json");
    }

    @Test
    void theResultSurvivesARestartAndFeedsStatusHealthAndTheListRows() {
        backups.runDue(clock.instant()); // the scheduled backup, then the drill of it
        DrillResult r = backups.drills().lastDrill(Fixtures.VIEWER, T.id()).orElseThrow();
        assertThat(r.passed()).isTrue();
        backups.close();
        backups = build(Duration.ofDays(7));

        assertThat(backups.status(Fixtures.VIEWER, T.id()).lastDrill()).contains(r);
        assertThat(backups.drills().lastDrill(Fixtures.VIEWER, T.id())).contains(r);
        assertThat(backups.catalog().listWithDetails(Fixtures.VIEWER, T.id(), 0, 10).get(0).provenRestorableAt())
                .contains(r.startedAt());
        BackupHealth h = BackupHealthCheck.builder(backups).actor(Fixtures.VIEWER).clock(clock)
                .lastDrill(id -> backups.drills().lastDrill(Fixtures.VIEWER, id).map(DrillResult::verdict)).build().tenant(T.id());
        assertThat(h.state()).isEqualTo(BackupHealth.State.OK);
    }

    @Test
    void aSnapshotWhoseLastSegmentIsFlippedFailsTheDrillAndNothingIsLeft() throws IOException {
        Snapshot s = backups.backup(Fixtures.ADMIN, T.id(), BackupTrigger.MANUAL).snapshot();
        StorageKey key = StorageKey.of(T.id(), s.fileName());
        byte[] bytes;
        try (InputStream in = storage.openRead(key)) {
            bytes = in.readAllBytes();
        }
        bytes[bytes.length - 20] ^= 0x40; // inside the last segment's ciphertext or tag
        storage.overwrite(key, bytes);
        String before = liveDigest();

        DrillResult r = backups.drills().drill(Fixtures.ADMIN, T.id(), s.fileName());

        assertThat(r.passed()).isFalse();
        assertThat(r.reason()).hasValueSatisfying(m -> assertThat(m).startsWith("the snapshot does not prove out"));
        assertThat(liveDigest()).isEqualTo(before);
        assertThat(databases()).doesNotContain(SCRATCH);
        assertThat(events.types()).contains(BackupEvent.Type.DRILL_FAILED, BackupEvent.Type.INTEGRITY_FAILURE);
        assertThat(backups.status(Fixtures.VIEWER, T.id()).lastDrill()).contains(r);
        BackupHealth h = BackupHealth.of(backups.status(Fixtures.VIEWER, T.id()), clock.instant(), BackupHealth.DEFAULT_GRACE,
                backups.status(Fixtures.VIEWER, T.id()).lastDrill().map(DrillResult::verdict));
        assertThat(h.state()).isEqualTo(BackupHealth.State.DRILL_FAILED);
    }

    @Test
    void aScratchDatabaseNoDrillLeftIsRefusedAndKept() {
        backups.backup(Fixtures.ADMIN, T.id(), BackupTrigger.MANUAL);
        client.getDatabase(SCRATCH).getCollection("mine").insertOne(new Document("_id", 1));

        assertThatThrownBy(() -> backups.drills().drill(Fixtures.ADMIN, T.id()))
                .isInstanceOf(ScratchDatabaseExistsException.class).hasMessageContaining(SCRATCH);
        assertThat(client.getDatabase(SCRATCH).getCollection("mine").countDocuments()).isEqualTo(1);
    }

    @Test
    void aScratchDatabaseAKilledDrillLeftIsDroppedByTheNextTick() {
        backups.backup(Fixtures.ADMIN, T.id(), BackupTrigger.MANUAL);
        // What a drill killed mid-restore leaves: its marker, and a half-loaded scratch database.
        storage.put(StorageKey.of(T.id(), "drill-in-progress.json"),
                ("{\"scratchDatabase\":\"" + SCRATCH + "\"}").getBytes(StandardCharsets.UTF_8), clock.instant());
        client.getDatabase(SCRATCH).getCollection("invoices").insertOne(new Document("_id", "half"));
        backups.close();
        backups = build(Duration.ZERO); // scheduled drills off: the tick only cleans up

        backups.runDue(clock.instant());

        assertThat(databases()).doesNotContain(SCRATCH);
        assertThat(names()).doesNotContain("drill-in-progress.json");
    }

    @Test
    void aViewerMayNotDrill() {
        backups.backup(Fixtures.ADMIN, T.id(), BackupTrigger.MANUAL);
        assertThatThrownBy(() -> backups.drills().drill(Fixtures.VIEWER, T.id())).isInstanceOf(PermissionDeniedException.class);
        assertThat(databases()).doesNotContain(SCRATCH);
    }

    @Test
    void runDueDrillsOncePerPeriod() {
        int drills = 0;
        for (int hour = 0; hour < 24 * 15; hour += 6) {
            backups.runDue(clock.instant());
            clock.advance(Duration.ofHours(6));
        }
        drills = events.events(BackupEvent.Type.DRILL_PASSED).size();
        // 15 days of ticks with a weekly drill: day 0, day 7, day 14.
        assertThat(drills).isEqualTo(3);
        assertThat(events.types()).doesNotContain(BackupEvent.Type.DRILL_FAILED);
        assertThat(databases()).doesNotContain(SCRATCH);
    }

    private List<String> names() {
        try {
            return storage.list(T.id()).stream().map(o -> o.key().fileName()).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private List<String> databases() {
        return client.listDatabaseNames().into(new ArrayList<>());
    }

    /** SHA-256 over the live database's documents (canonical JSON, by _id) and index names. */
    private String liveDigest() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(MongoState.live(db).toString().getBytes(StandardCharsets.UTF_8));
            for (String c : db.listCollectionNames().into(new ArrayList<>())) {
                for (Document ix : db.getCollection(c).listIndexes()) {
                    sha.update((c + ":" + ix.toJson()).getBytes(StandardCharsets.UTF_8));
                }
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
