package com.daaisuite.backup.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.daaisuite.backup.core.spi.ProgressListener;
import com.daaisuite.backup.core.spi.RestoreRecovery;
import com.daaisuite.backup.core.spi.RestoreTarget;
import com.daaisuite.backup.mongo.MongoData.CollectionState;
import com.daaisuite.backup.mongo.internal.MongoRestorer;
import com.daaisuite.backup.mongo.internal.RestoreJournal;
import com.daaisuite.backup.mongo.internal.SourceSettings;
import com.daaisuite.backup.mongo.internal.archive.ArchiveLimits;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restore killed with SIGKILL after any step of its journal and swap is finished or undone by the
 * recovery: the database then equals exactly the old or exactly the new snapshot (every document's
 * bytes and every index), no reserved collection is left and the journal is gone. A child JVM runs
 * the restore and stops at the chosen step; this JVM kills it there, so every kill point is chosen by
 * step, not by timing. A quick subset runs in {@code verify}; every step with {@code -Pthorough}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SwapKillMatrixTest {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    /** The steps the quick run kills at: one in loading, one mid set-aside, one mid rename, one after commit. */
    static final List<String> QUICK = List.of("staging-created", "set-aside:2", "renamed:2", "committed");

    private final InProcessMongo server = new InProcessMongo();
    private MongoClient client;
    private MongoDatabaseSource source;
    private Map<String, CollectionState> newSnapshot;
    private Path payload;

    @TempDir
    Path temp;

    @BeforeAll
    void prepare() throws IOException {
        client = MongoClients.create(AbstractMongoSourceTest.settings(server.uri()));
        source = MongoDatabaseSource.builder(client).build();
        MongoDatabase snap = client.getDatabase("km_snapshot");
        fill(snap, "snapshot", List.of("accounts", "ledger", "notes_only_in_snapshot"), 120);
        newSnapshot = MongoData.stateOf(snap);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        source.dump("km_snapshot", out, ProgressListener.NONE);
        payload = Files.createTempFile("km-payload", ".archive");
        Files.write(payload, out.toByteArray());
    }

    @AfterAll
    void stop() throws IOException {
        client.close();
        server.close();
        Files.deleteIfExists(payload);
    }

    /** Collections with documents, a unique index and a compound one. */
    private static void fill(MongoDatabase db, String tag, List<String> names, int documents) {
        for (String name : names) {
            List<Document> docs = new ArrayList<>();
            for (int i = 0; i < documents; i++) {
                docs.add(new Document("_id", i).append("tag", tag).append("seq", i * 7).append("text", tag + "-" + name + "-" + i));
            }
            db.getCollection(name).insertMany(docs);
            db.getCollection(name).createIndex(Indexes.ascending("seq"), new IndexOptions().unique(true).name("seq_unique"));
            db.getCollection(name).createIndex(Indexes.ascending("text"), new IndexOptions().name("text_1").sparse(true));
        }
    }

    private MongoDatabase liveDatabase() {
        MongoDatabase db = client.getDatabase("km_live_" + DATABASES.incrementAndGet());
        fill(db, "live", List.of("accounts", "ledger", "only_live", "zz_also_live"), 80);
        return db;
    }

    @Test
    void aRestoreKilledAfterEachQuickStepRecoversToExactlyTheOldOrTheNewSnapshot() throws Exception {
        killAt(QUICK);
    }

    @Test
    @Tag("thorough")
    void aRestoreKilledAfterEveryStepRecoversToExactlyTheOldOrTheNewSnapshot() throws Exception {
        MongoDatabase db = liveDatabase();
        ChildRun dry = runChild(db.getName(), "none");
        assertThat(dry.output).contains("DONE");
        assertThat(digest(MongoData.stateOf(db))).isEqualTo(digest(newSnapshot));
        db.drop();
        List<String> steps = dry.steps();
        assertThat(steps).contains("journal-loading", "staging-created", "staging-verified", "journal-swapping", "set-aside:4", "live-views-dropped",
                "renamed:3", "views-created", "committed", "aside-dropped:4", "marker-dropped", "journal-removed");
        killAt(steps);
    }

    private void killAt(List<String> steps) throws Exception {
        for (String step : steps) {
            MongoDatabase db = liveDatabase();
            Map<String, CollectionState> old = MongoData.stateOf(db);
            ChildRun run = runChild(db.getName(), step);
            assertThat(run.output).as("child output").contains("KILLPOINT " + step).doesNotContain("DONE");

            RestoreRecovery r = source.recoverRestore(db.getName());

            boolean beforeSwapPlan = step.equals("journal-loading") || step.equals("staging-created")
                    || step.equals("staging-verified");
            boolean afterJournalRemoved = step.equals("journal-removed");
            Map<String, CollectionState> expected = beforeSwapPlan ? old : newSnapshot;
            Map<String, CollectionState> after = MongoData.stateOf(db);
            assertThat(digest(after)).as("database after a kill at %s and recovery %s: %s, expected %s", step, r.outcome(),
                    outline(after), outline(expected)).isEqualTo(digest(expected));
            assertThat(r.outcome()).as("recovery after a kill at %s", step).isEqualTo(
                    afterJournalRemoved ? RestoreRecovery.Outcome.NONE
                            : beforeSwapPlan ? RestoreRecovery.Outcome.BACK : RestoreRecovery.Outcome.FORWARD);
            assertThat(db.listCollectionNames().into(new ArrayList<>())).as("reserved collections after %s", step)
                    .noneMatch(n -> n.startsWith(MongoDatabaseSource.DEFAULT_STAGING_PREFIX));
            assertThat(source.interruptedRestore(db.getName())).as("journal after %s", step).isEmpty();
            // The tenant is usable: the next backup dumps the recovered database.
            assertThat(source.dump(db.getName(), java.io.OutputStream.nullOutputStream(), ProgressListener.NONE).collections())
                    .as("the next dump after %s", step).hasSize(expected.size());
            System.out.println("[kill matrix] killed after " + step + ": recovery " + r.outcome());
            db.drop();
        }
    }

    @Test
    void anInterruptedSwapWhoseStagedSnapshotIsIncompleteIsUndoneToTheOldDatabase() throws IOException {
        MongoDatabase db = liveDatabase();
        Map<String, CollectionState> old = MongoData.stateOf(db);
        RestoreJournal.Store journals = new RestoreJournal.Store(client.getDatabase(MongoDatabaseSource.DEFAULT_JOURNAL_DATABASE)
                .getCollection(MongoDatabaseSource.DEFAULT_JOURNAL_COLLECTION, BsonDocument.class));
        MongoRestorer crashing = new MongoRestorer(client, new SourceSettings(2, 64 * 1024, 50, 1 << 20,
                MongoDatabaseSource.DEFAULT_STAGING_PREFIX, "test"), ArchiveLimits.defaults(), journals, step -> {
                    if (step.equals("renamed:1")) {
                        throw new AbstractMongoSourceTest.SimulatedCrash();
                    }
                });
        try (InputStream in = Files.newInputStream(payload)) {
            assertThatThrownBy(() -> crashing.restore(in, RestoreTarget.mapping("km_snapshot", db.getName()), ProgressListener.NONE))
                    .isInstanceOf(AbstractMongoSourceTest.SimulatedCrash.class);
        }
        // Something outside the library removed a staging collection that had not been renamed yet.
        RestoreJournal journal = journals.find(db.getName()).orElseThrow();
        String staged = db.listCollectionNames().into(new ArrayList<>()).stream()
                .filter(n -> n.startsWith(MongoDatabaseSource.DEFAULT_STAGING_PREFIX + journal.restoreId() + "_s")).findFirst()
                .orElseThrow();
        db.getCollection(staged).drop();

        RestoreRecovery r = source.recoverRestore(db.getName());

        assertThat(r.outcome()).isEqualTo(RestoreRecovery.Outcome.BACK);
        assertThat(r.state()).isEqualTo("swapping");
        assertThat(digest(MongoData.stateOf(db))).isEqualTo(digest(old));
        assertThat(source.interruptedRestore(db.getName())).isEmpty();
        db.drop();
    }

    /** SHA-256 over every collection's type, every document's exact bytes and every index. */
    static String digest(Map<String, CollectionState> state) {
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            sha.update(state.toString().getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(sha.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Collection names with their document and index counts, for failure messages. */
    static String outline(Map<String, CollectionState> state) {
        StringBuilder b = new StringBuilder();
        state.forEach((name, c) -> b.append(name).append('(').append(c.documents().size()).append(" docs, ")
                .append(c.indexes().size()).append(" indexes) "));
        return b.toString();
    }

    private record ChildRun(String output) {
        List<String> steps() {
            List<String> steps = new ArrayList<>();
            for (String line : output.split("\n")) {
                if (line.startsWith("STEP ")) {
                    steps.add(line.substring(5).trim());
                }
            }
            return steps;
        }
    }

    /** Runs the child; when it reports its kill point, kills it with SIGKILL. */
    private ChildRun runChild(String target, String killAt) throws Exception {
        return new ChildRun(SwapKillChild.runUntilKilled(List.of(server.uri(), payload.toString(), "km_snapshot", target, killAt)));
    }
}
