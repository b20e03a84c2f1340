package com.daaisuite.backup.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.daaisuite.backup.core.BackupEvent;
import com.daaisuite.backup.core.BackupStatus;
import com.daaisuite.backup.core.BackupTrigger;
import com.daaisuite.backup.core.Backups;
import com.daaisuite.backup.core.ConfirmationMismatchException;
import com.daaisuite.backup.core.PermissionDeniedException;
import com.daaisuite.backup.core.RecoveryReport;
import com.daaisuite.backup.core.RestoreRequest;
import com.daaisuite.backup.core.RestoreResult;
import com.daaisuite.backup.core.Snapshot;
import com.daaisuite.backup.core.SnapshotLabel;
import com.daaisuite.backup.core.Tenant;
import com.daaisuite.backup.core.spi.JournalSeal;
import com.daaisuite.backup.core.spi.MaintenanceGate;
import com.daaisuite.backup.core.spi.ProgressListener;
import com.daaisuite.backup.core.spi.RestoreTarget;
import com.daaisuite.backup.core.spi.TenantDirectory;
import com.daaisuite.backup.crypto.KeyProviders;
import com.daaisuite.backup.mongo.MongoDatabaseSource;
import com.daaisuite.backup.mongo.internal.MongoRestorer;
import com.daaisuite.backup.mongo.internal.RestoreJournal;
import com.daaisuite.backup.mongo.internal.SourceSettings;
import com.daaisuite.backup.mongo.internal.archive.ArchiveLimits;
import com.daaisuite.backup.storage.fs.FileSystemStorageBackend;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Promise 8: a restore interrupted mid-swap is found and finished by the next operation on the tenant
 * (status, backup, restore) or an explicit recovery, with the workspace in maintenance until it ends,
 * an event and the status saying what was done; and a snapshot restores into another database only
 * on purpose, with the typed confirmation naming that database.
 */
class RestoreRecoveryTest {
    static final String TENANT = "recovery";
    static final Tenant T = Fixtures.tenant(TENANT);

    @TempDir
    static Path root;

    static InProcessMongo mongo;
    static MongoClient client;
    static MongoDatabase db;
    static MongoDatabaseSource source;
    static Backups backups;
    static final List<String> gate = Collections.synchronizedList(new ArrayList<>());
    static final List<BackupEvent> events = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void start() {
        mongo = new InProcessMongo();
        client = MongoClients.create(Fixtures.mongoSettings(mongo.uri()));
        db = client.getDatabase(T.databaseName());
        source = MongoDatabaseSource.builder(client).build();
        MaintenanceGate recording = new MaintenanceGate() {
            @Override
            public void enter(Tenant tenant, String reason) {
                gate.add("enter " + tenant.id() + ": " + reason);
            }

            @Override
            public void exit(Tenant tenant) {
                gate.add("exit " + tenant.id());
            }
        };
        backups = Backups.builder().source(source).storage(FileSystemStorageBackend.at(root)).keys(KeyProviders.of(Fixtures.KEY_A))
                .tenants(TenantDirectory.of(List.of(T))).access(Fixtures.ACCESS).gate(recording).listener(events::add)
                .nodeName("recovery").build();
    }

    @AfterAll
    static void stop() {
        backups.close();
        client.close();
        mongo.close();
    }

    @BeforeEach
    void seed() {
        db.drop();
        for (String c : List.of("accounts", "invoices")) {
            List<Document> docs = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                docs.add(new Document("_id", c + "-" + i).append("n", i));
            }
            db.getCollection(c).insertMany(docs);
        }
        gate.clear();
        events.clear();
    }

    /** Stands for a process that dies at a swap step: nothing after it runs, no clean-up. */
    static final class Crash extends Error {
        private static final long serialVersionUID = 1L;
    }

    /** Restores the current content over a changed live database and "dies" after the given swap step. */
    private static Map<String, List<String>> interruptedRestoreAt(String step) throws IOException {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        source.dump(T.databaseName(), payload, ProgressListener.NONE);
        Map<String, List<String>> snapshot = MongoState.live(db);
        db.getCollection("accounts").deleteOne(new Document("_id", "accounts-3"));
        db.getCollection("only_live").insertOne(new Document("_id", 1));
        RestoreJournal.Store journals = new RestoreJournal.Store(client.getDatabase(MongoDatabaseSource.DEFAULT_JOURNAL_DATABASE)
                .getCollection(MongoDatabaseSource.DEFAULT_JOURNAL_COLLECTION, BsonDocument.class));
        MongoRestorer dying = new MongoRestorer(client, new SourceSettings(2, 1 << 20, 1000, 1 << 20,
                MongoDatabaseSource.DEFAULT_STAGING_PREFIX, "test"), ArchiveLimits.defaults(), journals, s -> {
                    if (s.equals(step)) {
                        throw new Crash();
                    }
                });
        // Sealed as the library's own restores are, so that its recovery trusts the entry.
        RestoreTarget target = RestoreTarget.of(T.databaseName()).withJournalSeal(JournalSeal.of(KeyProviders.of(Fixtures.KEY_A), TENANT));
        assertThatThrownBy(() -> dying.restore(new ByteArrayInputStream(payload.toByteArray()), target,
                ProgressListener.NONE)).isInstanceOf(Crash.class);
        assertThat(source.interruptedRestore(T.databaseName())).isPresent();
        return snapshot;
    }

    @Test
    void theStatusCallFinishesARestoreInterruptedMidSwapInMaintenanceAndSaysSo() throws IOException {
        Map<String, List<String>> snapshot = interruptedRestoreAt("renamed:1");

        BackupStatus status = backups.status(Fixtures.ADMIN, TENANT);

        assertThat(MongoState.diff(snapshot, MongoState.live(db))).as("the database holds exactly the snapshot").isEmpty();
        assertThat(MongoState.staging(db)).as("no reserved collection left").isEmpty();
        assertThat(gate).containsExactly("enter recovery: Finishing an interrupted restore", "exit recovery");
        assertThat(status.recovery()).get().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(RecoveryReport.Outcome.FINISHED);
            assertThat(r.interruptedWhile()).isEqualTo("swapping");
            assertThat(r.collections()).containsExactly("accounts", "invoices");
        });
        assertThat(events).filteredOn(e -> e.type() == BackupEvent.Type.RESTORE_RECOVERED).singleElement()
                .satisfies(e -> assertThat(e.detail()).contains("was finished"));
        assertThat(backups.status(Fixtures.ADMIN, TENANT).recovery()).as("reported again, not recovered twice").get()
                .extracting(RecoveryReport::restoreId).isEqualTo(status.recovery().get().restoreId());
        assertThat(gate).hasSize(2);
    }

    @Test
    void aBackupAfterARestoreInterruptedWithAnIncompleteStagedSnapshotRollsItBackThenBacksUpTheOldDatabase() throws IOException {
        Map<String, List<String>> live = new java.util.TreeMap<>(MongoState.live(db));
        live.get("accounts").removeIf(d -> d.contains("\"accounts-3\""));
        live.put("only_live", List.of(new Document("_id", 1).toJson()));
        interruptedRestoreAt("renamed:1");
        // A staging collection not yet renamed disappears (dropped by hand): the snapshot can no longer be completed.
        String staged = MongoState.staging(db).stream().filter(n -> n.contains("_s")).findFirst().orElseThrow();
        db.getCollection(staged).drop();

        Snapshot s = backups.backup(Fixtures.ADMIN, TENANT, BackupTrigger.MANUAL).snapshot();

        assertThat(events).extracting(BackupEvent::type).containsSubsequence(BackupEvent.Type.RESTORE_RECOVERED,
                BackupEvent.Type.BACKUP_COMPLETED);
        assertThat(MongoState.live(db)).isEqualTo(live);
        assertThat(MongoState.staging(db)).isEmpty();
        assertThat(backups.catalog().verify(Fixtures.ADMIN, TENANT, s.fileName()).documentsPerCollection())
                .containsOnlyKeys("accounts", "invoices", "only_live");
        assertThat(gate).containsExactly("enter recovery: Finishing an interrupted restore", "exit recovery");
    }

    @Test
    void anExplicitRecoveryNeedsTheRestorePermissionAndReportsWhenThereIsNothingToRecover() throws IOException {
        assertThatThrownBy(() -> backups.restores().recover(Fixtures.VIEWER, TENANT)).isInstanceOf(PermissionDeniedException.class);
        RecoveryReport nothing = backups.restores().recover(Fixtures.ADMIN, TENANT);
        assertThat(nothing.outcome()).isEqualTo(RecoveryReport.Outcome.NOTHING_TO_RECOVER);
        assertThat(gate).isEmpty();

        Map<String, List<String>> snapshot = interruptedRestoreAt("committed");
        RecoveryReport done = backups.restores().recover(Fixtures.ADMIN, TENANT);
        assertThat(done.outcome()).isEqualTo(RecoveryReport.Outcome.FINISHED);
        assertThat(done.interruptedWhile()).isEqualTo("committed");
        assertThat(MongoState.diff(snapshot, MongoState.live(db))).isEmpty();
    }

    @Test
    void aSnapshotRestoresIntoAnotherDatabaseOnlyWhenTheTypedConfirmationNamesThatDatabase() {
        Snapshot snap = backups.backup(Fixtures.ADMIN, TENANT, BackupTrigger.MANUAL).snapshot();
        Map<String, List<String>> tenantBefore = MongoState.live(db);
        String side = "inspect_" + TENANT;
        client.getDatabase(side).drop();
        long safetyBefore = backups.catalog().list(Fixtures.ADMIN, TENANT).stream().filter(s -> s.label() == SnapshotLabel.PRE_RESTORE).count();
        RestoreRequest into = new RestoreRequest(TENANT, snap.fileName(), T.workspaceName()).intoDatabase(side);

        assertThatThrownBy(() -> backups.restores().restore(Fixtures.ADMIN, into)).isInstanceOf(ConfirmationMismatchException.class)
                .hasMessageContaining("target database");
        RestoreResult first = backups.restores().restore(Fixtures.ADMIN,
                new RestoreRequest(TENANT, snap.fileName(), side).intoDatabase(side));

        assertThat(first.safetySnapshot()).as("the new database did not exist: nothing to keep").isNull();
        assertThat(MongoState.live(client.getDatabase(side))).isEqualTo(tenantBefore);
        assertThat(MongoState.live(db)).as("the tenant's own database is untouched").isEqualTo(tenantBefore);
        assertThat(gate).as("the workspace never went into maintenance").isEmpty();

        client.getDatabase(side).getCollection("notes").insertOne(new Document("_id", "made while inspecting"));
        RestoreResult second = backups.restores().restore(Fixtures.ADMIN,
                new RestoreRequest(TENANT, snap.fileName(), side).intoDatabase(side));
        assertThat(second.safetySnapshot()).as("the existing target database got its safety backup").isNotNull();
        assertThat(backups.catalog().verify(Fixtures.ADMIN, TENANT, second.safetySnapshot().fileName()).documentsPerCollection())
                .containsKey("notes");
        assertThat(backups.catalog().list(Fixtures.ADMIN, TENANT).stream().filter(s -> s.label() == SnapshotLabel.PRE_RESTORE).count())
                .isEqualTo(safetyBefore + 1);
        client.getDatabase(side).drop();
    }
}
