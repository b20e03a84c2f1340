package com.daaisuite.backup.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.daaisuite.backup.core.InvalidSelectionException;
import com.daaisuite.backup.core.SourceException;
import com.daaisuite.backup.core.spi.JournalSeal;
import com.daaisuite.backup.core.spi.ProgressListener;
import com.daaisuite.backup.core.spi.RestoreRecovery;
import com.daaisuite.backup.core.spi.RestoreTarget;
import com.daaisuite.backup.crypto.KeyProviders;
import com.daaisuite.backup.crypto.MasterKey;
import com.daaisuite.backup.mongo.MongoData.CollectionState;
import com.daaisuite.backup.mongo.internal.MongoRestorer;
import com.daaisuite.backup.mongo.internal.RestoreJournal;
import com.daaisuite.backup.mongo.internal.SourceSettings;
import com.daaisuite.backup.mongo.internal.SwapObserver;
import com.daaisuite.backup.mongo.internal.archive.ArchiveLimits;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The collections restore on the journaled swap (issue 24): only the chosen collections are staged, set aside
 * and replaced; at every step of the swap an injected failing command or a SIGKILL of the restoring JVM ends,
 * after recovery, with each chosen collection exactly the old or exactly the new one, every other collection
 * untouched (a write made to one while the restore was interrupted survives the recovery), no reserved
 * collection or journal left, and the database usable. Chosen: {@code ledger} (live and in the snapshot,
 * its index dropped live) and {@code notes_only_in_snapshot} (dropped live since). A quick subset runs in
 * {@code verify}; every step with {@code -Pthorough}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CollectionSwapMatrixTest {
    static final List<String> CHOSEN = List.of("ledger", "notes_only_in_snapshot");
    static final List<String> QUICK_KILLS = List.of("staging-created", "set-aside:1", "renamed:1", "committed");
    static final List<String> QUICK_FAILURES = List.of("set-aside:1", "renamed:2", "committed", "aside-dropped:1");
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static final MasterKey KEY = MasterKey.generate(new java.security.SecureRandom());

    private final InProcessMongo server = new InProcessMongo();
    private MongoClient client;
    private MongoDatabaseSource source;
    private RestoreJournal.Store journals;
    private Map<String, CollectionState> snapshot;
    private byte[] payload;
    private Path payloadFile;
    private final JournalSeal seal = JournalSeal.of(KeyProviders.of(KEY), "tenant-c");

    @BeforeAll
    void prepare() throws IOException {
        client = MongoClients.create(AbstractMongoSourceTest.settings(server.uri()));
        source = MongoDatabaseSource.builder(client).build();
        journals = new RestoreJournal.Store(client.getDatabase(MongoDatabaseSource.DEFAULT_JOURNAL_DATABASE)
                .getCollection(MongoDatabaseSource.DEFAULT_JOURNAL_COLLECTION, BsonDocument.class));
        MongoDatabase snap = client.getDatabase("cs_snapshot");
        fill(snap, "snapshot", List.of("accounts", "ledger", "notes_only_in_snapshot"), 90);
        snapshot = MongoData.stateOf(snap);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        source.dump("cs_snapshot", out, ProgressListener.NONE);
        payload = out.toByteArray();
        payloadFile = Files.createTempFile("cs-payload", ".archive");
        Files.write(payloadFile, payload);
    }

    @AfterAll
    void stop() throws IOException {
        client.close();
        server.close();
        Files.deleteIfExists(payloadFile);
    }

    private static void fill(MongoDatabase db, String tag, List<String> names, int documents) {
        fill(db, tag, names, documents, Set.of());
    }

    private static void fill(MongoDatabase db, String tag, List<String> names, int documents, Set<String> unindexed) {
        for (String name : names) {
            List<Document> docs = new ArrayList<>();
            for (int i = 0; i < documents; i++) {
                docs.add(new Document("_id", i).append("tag", tag).append("seq", i * 7).append("text", tag + "-" + name + "-" + i));
            }
            db.getCollection(name).insertMany(docs);
            if (!unindexed.contains(name)) {
                db.getCollection(name).createIndex(Indexes.ascending("seq"), new IndexOptions().unique(true).name("seq_unique"));
            }
        }
    }

    /**
     * The live database: accounts and ledger changed since the snapshot, ledger without its index (as if dropped:
     * the in-process server's dropIndex leaves entries behind that break a later drop), two new ones.
     */
    private MongoDatabase liveDatabase() {
        MongoDatabase db = client.getDatabase("cs_live_" + DATABASES.incrementAndGet());
        fill(db, "live", List.of("accounts", "ledger", "only_live", "zz_also_live"), 40, Set.of("ledger"));
        return db;
    }

    private RestoreTarget target(MongoDatabase db) {
        return RestoreTarget.mapping("cs_snapshot", db.getName()).withJournalSeal(seal).withCollections(CHOSEN);
    }

    private MongoRestorer restorer(SwapObserver observer) {
        return new MongoRestorer(client, new SourceSettings(2, 64 * 1024, 50, 1 << 20, MongoDatabaseSource.DEFAULT_STAGING_PREFIX,
                "test"), ArchiveLimits.defaults(), journals, observer);
    }

    /** {@code live} with the chosen collections as the snapshot has them (and only those). */
    private Map<String, CollectionState> restored(Map<String, CollectionState> live) {
        Map<String, CollectionState> m = new TreeMap<>(live);
        CHOSEN.forEach(c -> m.put(c, snapshot.get(c)));
        return m;
    }

    private void assertUsableAndEqualTo(MongoDatabase db, Map<String, CollectionState> expected, String why) throws IOException {
        Map<String, CollectionState> after = MongoData.stateOf(db);
        assertThat(SwapKillMatrixTest.digest(after)).as("%s: %s, expected %s", why, SwapKillMatrixTest.outline(after),
                SwapKillMatrixTest.outline(expected)).isEqualTo(SwapKillMatrixTest.digest(expected));
        assertThat(db.listCollectionNames().into(new ArrayList<>())).as("reserved collections (%s)", why)
                .noneMatch(n -> n.startsWith(MongoDatabaseSource.DEFAULT_STAGING_PREFIX));
        assertThat(source.interruptedRestore(db.getName())).as("journal (%s)", why).isEmpty();
        // Usable: the next backup dumps it, and the next collections restore replaces the chosen ones.
        source.dump(db.getName(), OutputStream.nullOutputStream(), ProgressListener.NONE);
        source.restore(new ByteArrayInputStream(payload), target(db), ProgressListener.NONE);
        assertThat(SwapKillMatrixTest.digest(MongoData.stateOf(db))).as("restored again (%s)", why)
                .isEqualTo(SwapKillMatrixTest.digest(restored(after)));
    }

    @Test
    void onlyTheChosenCollectionsBecomeTheSnapshotsWithTheirIndexesAndNothingElseMoves() throws IOException {
        MongoDatabase db = liveDatabase();
        Map<String, CollectionState> old = MongoData.stateOf(db);
        List<String> steps = Collections.synchronizedList(new ArrayList<>());

        var summary = restorer(steps::add).restore(new ByteArrayInputStream(payload), target(db), ProgressListener.NONE);

        assertThat(MongoData.stateOf(db)).isEqualTo(restored(old));
        assertThat(MongoData.stateOf(db).get("ledger").indexes()).extracting(i -> i.getString("name").getValue())
                .containsExactly("_id_", "seq_unique");
        assertThat(summary.collections()).extracting(c -> c.name()).containsExactlyElementsOf(CHOSEN);
        assertThat(summary.droppedCollections()).isEmpty();
        // One live collection (ledger) was set aside; accounts, only_live and zz_also_live never moved.
        assertThat(steps).contains("set-aside:1", "renamed:2").doesNotContain("set-aside:2", "renamed:3");
        db.drop();
    }

    @Test
    void aChosenCollectionThePayloadDoesNotHoldIsRefusedBeforeAnythingIsWritten() {
        MongoDatabase db = liveDatabase();
        Map<String, CollectionState> old = MongoData.stateOf(db);
        assertThatThrownBy(() -> source.restore(new ByteArrayInputStream(payload), RestoreTarget.mapping("cs_snapshot",
                db.getName()).withCollections(List.of("ledger", "only_live")), ProgressListener.NONE))
                .isInstanceOf(InvalidSelectionException.class).hasMessageContaining("only_live");
        assertThat(MongoData.stateOf(db)).isEqualTo(old);
        assertThat(source.interruptedRestore(db.getName())).isEmpty();
        db.drop();
    }

    @Test
    void aCommandFailingAtEachQuickSwapStepEndsWithEachChosenCollectionOldOrNewAndTheRestUntouched() throws IOException {
        failAt(QUICK_FAILURES);
    }

    @Test
    @Tag("thorough")
    void aCommandFailingAtEverySwapStepEndsWithEachChosenCollectionOldOrNewAndTheRestUntouched() throws IOException {
        MongoDatabase dry = liveDatabase();
        List<String> steps = Collections.synchronizedList(new ArrayList<>());
        restorer(SwapSteps.recordingInto(steps)).restore(new ByteArrayInputStream(payload), target(dry), ProgressListener.NONE);
        dry.drop();
        assertThat(steps).contains("set-aside:1", "live-views-dropped", "renamed:2", "views-created", "committed",
                "aside-dropped:1", "marker-dropped", "journal-removed");
        failAt(steps);
    }

    private void failAt(List<String> steps) throws IOException {
        for (String step : steps) {
            MongoDatabase db = liveDatabase();
            Map<String, CollectionState> old = MongoData.stateOf(db);
            boolean afterCommit = step.startsWith("aside-dropped") || step.equals("marker-dropped") || step.equals("journal-removed");
            AtomicBoolean failed = new AtomicBoolean();
            SwapObserver failing = new SwapObserver() {
                @Override
                public void reached(String s) {
                }

                @Override
                public void before(String s) {
                    if (s.equals(step) && failed.compareAndSet(false, true)) {
                        throw SwapFailureTest.refusal("the step " + s);
                    }
                }
            };

            assertThatThrownBy(() -> restorer(failing).restore(new ByteArrayInputStream(payload), target(db), ProgressListener.NONE))
                    .as("restore failing at %s", step).isInstanceOf(SourceException.class);
            RestoreRecovery r = source.recoverRestore(db.getName(), seal);

            assertThat(r.outcome()).as("recovery after a failure at %s", step)
                    .isEqualTo(afterCommit ? RestoreRecovery.Outcome.FORWARD : RestoreRecovery.Outcome.NONE);
            if (afterCommit) {
                assertThat(r.collections()).as("the recovery names the collections in play").containsExactlyInAnyOrderElementsOf(CHOSEN);
            }
            assertUsableAndEqualTo(db, afterCommit ? restored(old) : old, "a command failing at " + step);
            System.out.println("[collections failure matrix] command failed at " + step + ": " + (afterCommit ? "new" : "old")
                    + " collections, recovery " + r.outcome());
            db.drop();
        }
    }

    @Test
    void aRestoreKilledAfterEachQuickStepRecoversEachChosenCollectionToOldOrNewAndTouchesNoOther() throws Exception {
        killAt(QUICK_KILLS);
    }

    @Test
    @Tag("thorough")
    void aRestoreKilledAfterEveryStepRecoversEachChosenCollectionToOldOrNewAndTouchesNoOther() throws Exception {
        MongoDatabase db = liveDatabase();
        Map<String, CollectionState> old = MongoData.stateOf(db);
        String dry = runChild(db.getName(), "none");
        assertThat(dry).contains("DONE");
        assertThat(MongoData.stateOf(db)).isEqualTo(restored(old));
        db.drop();
        List<String> steps = new ArrayList<>();
        for (String line : dry.split("\n")) {
            if (line.startsWith("STEP ")) {
                steps.add(line.substring(5).trim());
            }
        }
        assertThat(steps).contains("journal-loading", "staging-created", "staging-verified", "journal-swapping", "set-aside:1",
                "renamed:2", "committed", "aside-dropped:1", "journal-removed");
        killAt(steps);
    }

    private void killAt(List<String> steps) throws Exception {
        for (String step : steps) {
            MongoDatabase db = liveDatabase();
            Map<String, CollectionState> old = MongoData.stateOf(db);
            String output = runChild(db.getName(), step);
            assertThat(output).as("child output").contains("KILLPOINT " + step).doesNotContain("DONE");
            // The workspace was not gated for this restore: a user writes to an unchosen collection meanwhile.
            db.getCollection("zz_also_live").insertOne(new Document("_id", "written while the restore was down"));
            db.getCollection("accounts").deleteOne(new Document("_id", 3));
            Map<String, CollectionState> unchosenNow = new TreeMap<>(MongoData.stateOf(db));
            unchosenNow.keySet().removeIf(n -> CHOSEN.contains(n) || n.startsWith(MongoDatabaseSource.DEFAULT_STAGING_PREFIX));

            // The child's restore had no seal (as SwapKillMatrixTest's): recovery acts on unsealed entries without one.
            RestoreRecovery r = source.recoverRestore(db.getName());

            boolean beforeSwapPlan = Set.of("journal-loading", "staging-created", "staging-verified").contains(step);
            Map<String, CollectionState> base = new TreeMap<>(unchosenNow);
            for (String c : CHOSEN) {
                CollectionState s = (beforeSwapPlan ? old : snapshot).get(c);
                if (s != null) {
                    base.put(c, s);
                }
            }
            assertThat(unchosenNow.get("zz_also_live").documents()).hasSize(41);
            assertThat(r.outcome()).as("recovery after a kill at %s", step).isEqualTo(step.equals("journal-removed")
                    ? RestoreRecovery.Outcome.NONE : beforeSwapPlan ? RestoreRecovery.Outcome.BACK : RestoreRecovery.Outcome.FORWARD);
            assertUsableAndEqualTo(db, base, "a kill at " + step);
            System.out.println("[collections kill matrix] killed after " + step + ": recovery " + r.outcome());
            db.drop();
        }
    }

    /** Runs {@link SwapKillChild} restoring the chosen collections; at its kill point, kills it with SIGKILL. */
    private String runChild(String target, String killAt) throws Exception {
        return SwapKillChild.runUntilKilled(List.of(server.uri(), payloadFile.toString(), "cs_snapshot", target, killAt,
                String.join(",", CHOSEN)));
    }
}
