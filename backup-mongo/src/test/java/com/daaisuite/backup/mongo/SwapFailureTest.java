package com.daaisuite.backup.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.daaisuite.backup.core.PayloadCorruptException;
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
import com.daaisuite.backup.mongo.internal.Swap;
import com.daaisuite.backup.mongo.internal.SwapObserver;
import com.daaisuite.backup.mongo.internal.archive.ArchiveHeader;
import com.daaisuite.backup.mongo.internal.archive.ArchiveLimits;
import com.daaisuite.backup.mongo.internal.archive.ArchiveWriter;
import com.daaisuite.backup.mongo.internal.archive.CollectionMetadata;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoSocketReadException;
import com.mongodb.ServerAddress;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A restore can always go back (issue 22): a swap step the server refuses is rolled back at once, a swap
 * that keeps failing is undone after a bounded number of recoveries, a view the server refuses is refused
 * while only reserved names exist, options outside the {@code create} allow-list refuse the payload before
 * anything is written, and recovery acts only on journal entries sealed for the tenant and naming only
 * its own reserved names. After each, the database is exactly the old or the new snapshot, no reserved
 * collection or journal is left, and the next dump and restore succeed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SwapFailureTest {
    /** The swap steps the quick run makes fail: mid set-aside, mid rename, the views, the commit, after it. */
    static final List<String> QUICK = List.of("set-aside:2", "renamed:2", "views-created", "committed", "aside-dropped:1");
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static final MasterKey KEY = MasterKey.generate(new java.security.SecureRandom());
    private static final MasterKey OTHER_KEY = MasterKey.generate(new java.security.SecureRandom());

    private final InProcessMongo server = new InProcessMongo();
    private MongoClient client;
    private MongoDatabaseSource source;
    private RestoreJournal.Store journals;
    private Map<String, CollectionState> newSnapshot;
    private byte[] payload;
    private final JournalSeal seal = JournalSeal.of(KeyProviders.of(KEY), "tenant-a");

    @BeforeAll
    void prepare() throws IOException {
        client = MongoClients.create(AbstractMongoSourceTest.settings(server.uri()));
        source = MongoDatabaseSource.builder(client).build();
        journals = new RestoreJournal.Store(client.getDatabase(MongoDatabaseSource.DEFAULT_JOURNAL_DATABASE)
                .getCollection(MongoDatabaseSource.DEFAULT_JOURNAL_COLLECTION, BsonDocument.class));
        MongoDatabase snap = client.getDatabase("sf_snapshot");
        fill(snap, "snapshot", List.of("accounts", "ledger", "notes_only_in_snapshot"), 60);
        newSnapshot = MongoData.stateOf(snap);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        source.dump("sf_snapshot", out, ProgressListener.NONE);
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
                docs.add(new Document("_id", i).append("tag", tag).append("seq", i * 7).append("text", tag + "-" + name + "-" + i));
            }
            db.getCollection(name).insertMany(docs);
            db.getCollection(name).createIndex(Indexes.ascending("seq"), new IndexOptions().unique(true).name("seq_unique"));
        }
    }

    private MongoDatabase liveDatabase() {
        MongoDatabase db = client.getDatabase("sf_live_" + DATABASES.incrementAndGet());
        fill(db, "live", List.of("accounts", "ledger", "only_live", "zz_also_live"), 40);
        return db;
    }

    private RestoreTarget target(MongoDatabase db) {
        return RestoreTarget.mapping("sf_snapshot", db.getName()).withJournalSeal(seal);
    }

    private MongoRestorer restorer(SwapObserver observer) {
        return new MongoRestorer(client, new SourceSettings(2, 64 * 1024, 50, 1 << 20, MongoDatabaseSource.DEFAULT_STAGING_PREFIX,
                "test"), ArchiveLimits.defaults(), journals, observer);
    }

    /** A refusal as the server sends it: not a network failure, not one of the codes a retry cures. */
    static MongoCommandException refusal(String what) {
        return new MongoCommandException(new BsonDocument("ok", new BsonInt32(0)).append("code", new BsonInt32(40324))
                .append("codeName", new BsonString("Location40324")).append("errmsg", new BsonString("refused " + what)),
                new ServerAddress("127.0.0.1", 1));
    }

    /** Fails the command of {@code step} once, the first time it is about to run. */
    private static SwapObserver failingOnceAt(String step, List<String> reached) {
        AtomicBoolean failed = new AtomicBoolean();
        return new SwapObserver() {
            @Override
            public void reached(String s) {
                reached.add(s);
            }

            @Override
            public void before(String s) {
                if (s.equals(step) && failed.compareAndSet(false, true)) {
                    throw refusal("the step " + s);
                }
            }
        };
    }

    private void assertUsableAndEqualTo(MongoDatabase db, Map<String, CollectionState> expected, String why) throws IOException {
        Map<String, CollectionState> after = MongoData.stateOf(db);
        assertThat(SwapKillMatrixTest.digest(after)).as("%s: %s, expected %s", why, SwapKillMatrixTest.outline(after),
                SwapKillMatrixTest.outline(expected)).isEqualTo(SwapKillMatrixTest.digest(expected));
        assertThat(db.listCollectionNames().into(new ArrayList<>())).as("reserved collections (%s)", why)
                .noneMatch(n -> n.startsWith(MongoDatabaseSource.DEFAULT_STAGING_PREFIX));
        assertThat(source.interruptedRestore(db.getName())).as("journal (%s)", why).isEmpty();
        // Usable: the next backup dumps it, and the next restore replaces it.
        source.dump(db.getName(), OutputStream.nullOutputStream(), ProgressListener.NONE);
        source.restore(new ByteArrayInputStream(payload), target(db), ProgressListener.NONE);
        assertThat(SwapKillMatrixTest.digest(MongoData.stateOf(db))).as("restored again (%s)", why)
                .isEqualTo(SwapKillMatrixTest.digest(newSnapshot));
    }

    @Test
    void aSwapStepTheServerRefusesIsRolledBackAtOnceAndTheDatabaseIsUsable() throws IOException {
        MongoDatabase db = liveDatabase();
        Map<String, CollectionState> old = MongoData.stateOf(db);
        List<String> reached = Collections.synchronizedList(new ArrayList<>());

        assertThatThrownBy(() -> restorer(failingOnceAt("renamed:2", reached)).restore(new ByteArrayInputStream(payload), target(db),
                ProgressListener.NONE)).isInstanceOf(SourceException.class)
                .hasMessageContaining("was refused while swapping the staging collections into place")
                .hasMessageContaining("refused the step renamed:2")
                .hasMessageContaining("It was rolled back: the live database holds exactly what it held before");

        assertThat(reached).as("it had set every live collection aside and placed one").contains("set-aside:4", "renamed:1")
                .doesNotContain("committed");
        assertUsableAndEqualTo(db, old, "after the refused rename");
        db.drop();
    }

    @Test
    void aCollectionThatAppearsMidSwapIsARefusalThatRollsTheSwapBackNotALoop() throws IOException {
        MongoDatabase db = liveDatabase();
        Map<String, CollectionState> old = MongoData.stateOf(db);
        // A real refusal by the server: after the first rename, something creates "ledger" while the live one is set
        // aside, so renaming the staged "ledger" into place meets NamespaceExists (and so does the first way back).
        SwapObserver intruding = step -> {
            if (step.equals("renamed:1")) {
                db.getCollection("ledger").insertOne(new Document("_id", "appeared mid-swap"));
            }
        };

        assertThatThrownBy(() -> restorer(intruding).restore(new ByteArrayInputStream(payload), target(db), ProgressListener.NONE))
                .isInstanceOf(SourceException.class).hasMessageContaining("a collection 'ledger' appeared")
                .hasMessageContaining("rolling it back stopped too").hasMessageContaining("finishes the rollback");
        // The journal recorded the cause: recovery never tries forward again. It goes back; the name the swap had
        // claimed (its live collection is aside) is the swap's to free, so the old database returns exactly.
        RestoreRecovery r = source.recoverRestore(db.getName(), seal);

        assertThat(r.outcome()).isEqualTo(RestoreRecovery.Outcome.BACK);
        assertThat(r.detail()).contains("because the server refused it (code 48)").contains("Fix the cause");
        assertUsableAndEqualTo(db, old, "after the refused rename");
        db.drop();
    }

    @Test
    void aCommandFailingAtEachQuickSwapStepEndsAsExactlyTheOldOrTheNewSnapshot() throws IOException {
        failAt(QUICK);
    }

    @Test
    @Tag("thorough")
    void aCommandFailingAtEverySwapStepEndsAsExactlyTheOldOrTheNewSnapshot() throws IOException {
        MongoDatabase dry = liveDatabase();
        List<String> steps = Collections.synchronizedList(new ArrayList<>());
        restorer(SwapSteps.recordingInto(steps)).restore(new ByteArrayInputStream(payload), target(dry), ProgressListener.NONE);
        dry.drop();
        assertThat(steps).contains("set-aside:4", "live-views-dropped", "renamed:3", "views-created", "committed", "aside-dropped:4",
                "marker-dropped", "journal-removed");
        failAt(steps);
    }

    private void failAt(List<String> steps) throws IOException {
        for (String step : steps) {
            MongoDatabase db = liveDatabase();
            Map<String, CollectionState> old = MongoData.stateOf(db);
            List<String> reached = Collections.synchronizedList(new ArrayList<>());
            boolean afterCommit = step.startsWith("aside-dropped") || step.equals("marker-dropped") || step.equals("journal-removed");

            assertThatThrownBy(() -> restorer(failingOnceAt(step, reached)).restore(new ByteArrayInputStream(payload), target(db),
                    ProgressListener.NONE)).as("restore failing at %s", step).isInstanceOf(SourceException.class);
            RestoreRecovery r = source.recoverRestore(db.getName(), seal);

            assertThat(r.outcome()).as("recovery after a failure at %s", step)
                    .isEqualTo(afterCommit ? RestoreRecovery.Outcome.FORWARD : RestoreRecovery.Outcome.NONE);
            assertUsableAndEqualTo(db, afterCommit ? newSnapshot : old, "a command failing at " + step);
            System.out.println("[failure matrix] command failed at " + step + ": " + (afterCommit ? "new" : "old")
                    + " snapshot, recovery " + r.outcome());
            db.drop();
        }
    }

    @Test
    void aSwapThatKeepsFailingIsUndoneAfterBoundedRecoveriesInsteadOfRetriedForever() throws IOException {
        MongoDatabase db = liveDatabase();
        Map<String, CollectionState> old = MongoData.stateOf(db);
        AtomicInteger tries = new AtomicInteger();
        // A failure a retry might cure (the connection drops), at the same step every time.
        SwapObserver flaky = new SwapObserver() {
            @Override
            public void reached(String s) {
            }

            @Override
            public void before(String s) {
                if (s.equals("renamed:2")) {
                    tries.incrementAndGet();
                    throw new MongoSocketReadException("connection reset", new ServerAddress("127.0.0.1", 1));
                }
            }
        };
        MongoRestorer restorer = restorer(flaky);
        assertThatThrownBy(() -> restorer.restore(new ByteArrayInputStream(payload), target(db), ProgressListener.NONE))
                .isInstanceOf(SourceException.class).hasMessageContaining("finishes the swap");

        List<String> failures = new ArrayList<>();
        RestoreRecovery r = null;
        for (int i = 0; i < Swap.MAX_FORWARD_ATTEMPTS + 2 && r == null; i++) {
            try {
                r = restorer.recover(db.getName(), seal);
            } catch (SourceException e) {
                failures.add(e.getMessage());
            }
        }

        assertThat(failures).as("recoveries that tried forward and failed").hasSize(Swap.MAX_FORWARD_ATTEMPTS);
        assertThat(tries.get()).as("forward tries: the restore's and each recovery's").isEqualTo(1 + Swap.MAX_FORWARD_ATTEMPTS);
        assertThat(r).isNotNull();
        assertThat(r.outcome()).isEqualTo(RestoreRecovery.Outcome.BACK);
        assertThat(r.detail()).contains("could not be finished in " + Swap.MAX_FORWARD_ATTEMPTS + " recoveries")
                .contains("the database holds what it held before");
        assertUsableAndEqualTo(db, old, "after bounded recoveries");
        db.drop();
    }

    /** A payload of database {@code db}: collection c (two documents) and view v with the given options. */
    static byte[] collectionAndView(String db, BsonDocument viewOptions) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<CollectionMetadata> prelude = List.of(
                new CollectionMetadata(db, "c", "{\"options\":{},\"indexes\":[{\"v\":2,\"key\":{\"_id\":1},\"name\":\"_id_\"}]}",
                        "collection"),
                new CollectionMetadata(db, "v", new BsonDocument("options", viewOptions).append("indexes", new BsonArray()).toJson(),
                        "view"));
        try (ArchiveWriter w = new ArchiveWriter(out, ArchiveHeader.of("7.0.0", "mongodump 100.11.0"), prelude)) {
            for (int i = 0; i < 2; i++) {
                w.writeDocument(db, "c", new RawBsonDocument(new BsonDocument("_id", new BsonInt32(i)), new org.bson.codecs.BsonDocumentCodec()));
            }
            w.endNamespace(db, "c");
            w.endNamespace(db, "v");
            w.finish();
        }
        return out.toByteArray();
    }

    @Test
    void aViewTheServerRefusesIsRefusedBeforeAnyLiveCollectionMoves() throws IOException {
        MongoDatabase db = liveDatabase();
        Map<String, CollectionState> old = MongoData.stateOf(db);
        byte[] withView = collectionAndView("sf_views", new BsonDocument("viewOn", new BsonString("c")).append("pipeline",
                new BsonArray(List.of(new BsonDocument("$match", new BsonDocument("_id", new BsonInt32(1)))))));
        List<String> reached = Collections.synchronizedList(new ArrayList<>());
        // The server refuses the view's pipeline (mongo-java-server accepts any: the refusal is placed by step).
        SwapObserver refusing = failingOnceAt("view-tried:1", reached);

        assertThatThrownBy(() -> restorer(refusing).restore(new ByteArrayInputStream(withView),
                RestoreTarget.mapping("sf_views", db.getName()).withJournalSeal(seal), ProgressListener.NONE))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining("failed while trying the snapshot's views under reserved names (collection 'v')")
                .hasMessageContaining("The live database was not changed");

        assertThat(reached).as("nothing live moved").noneMatch(s -> s.startsWith("set-aside") || s.equals("journal-swapping"));
        assertUsableAndEqualTo(db, old, "after the refused view");
        db.drop();
    }

    @Test
    void viewOptionsOutsideTheCreateAllowListRefuseThePayloadBeforeAnythingIsWritten() throws IOException {
        MongoDatabase db = liveDatabase();
        Map<String, CollectionState> old = MongoData.stateOf(db);
        // The archive: the view's options carry a create of their own, naming the collection c.
        byte[] hostile = collectionAndView("sf_views", BsonDocument.parse("{\"viewOn\":\"c\",\"pipeline\":[],\"create\":\"c\"}"));
        List<String> reached = Collections.synchronizedList(new ArrayList<>());

        assertThatThrownBy(() -> source.inspectPayload(new ByteArrayInputStream(hostile))).as("the proof and verify")
                .isInstanceOf(PayloadCorruptException.class).hasMessageContaining("gives it the option 'create'");
        assertThatThrownBy(() -> restorer(failingOnceAt("never", reached)).restore(new ByteArrayInputStream(hostile),
                RestoreTarget.mapping("sf_views", db.getName()).withJournalSeal(seal), ProgressListener.NONE))
                .isInstanceOf(PayloadCorruptException.class)
                .hasMessageContaining("The metadata of view 'sf_views.v' gives it the option 'create'");

        assertThat(reached).as("not even the journal was written").isEmpty();
        assertUsableAndEqualTo(db, old, "after the refused options");
        db.drop();
    }

    @Test
    void forgedJournalEntriesAreNeverActedOnWhenASealIsGiven() throws IOException {
        MongoDatabase db = liveDatabase();
        Map<String, CollectionState> old = MongoData.stateOf(db);
        MongoCollection<BsonDocument> raw = client.getDatabase(MongoDatabaseSource.DEFAULT_JOURNAL_DATABASE)
                .getCollection(MongoDatabaseSource.DEFAULT_JOURNAL_COLLECTION, BsonDocument.class);
        String id = "forged";
        String staging = MongoDatabaseSource.DEFAULT_STAGING_PREFIX + "abc123_s1";
        // 1. Unsealed, well formed: "loading" with a staging collection that is really the user's data.
        db.getCollection(staging).insertOne(new Document("_id", "the user's own collection with a reserved-looking name"));
        Map<String, CollectionState> withUsers = MongoData.stateOf(db);
        raw.insertOne(BsonDocument.parse("{_id: '" + db.getName() + "', restoreId: 'abc123', state: 'loading', moves: [{name: 'accounts',"
                + " staging: '" + staging + "', expected: -1}], asides: [], liveViews: [], views: []}"));
        RestoreRecovery r = source.recoverRestore(db.getName(), seal);
        assertThat(r.outcome()).isEqualTo(RestoreRecovery.Outcome.IGNORED);
        assertThat(r.detail()).contains("carries no seal").contains("Nothing was changed");
        assertThat(SwapKillMatrixTest.digest(MongoData.stateOf(db))).isEqualTo(SwapKillMatrixTest.digest(withUsers));

        // 2. Sealed under another installation's key, "swapping": going back would drop the live collections it names.
        raw.deleteMany(new BsonDocument());
        RestoreJournal foreign = new RestoreJournal(db.getName(), "abc123", RestoreJournal.SWAPPING,
                List.of(new RestoreJournal.Move("accounts", staging, 7), new RestoreJournal.Move("ledger",
                        MongoDatabaseSource.DEFAULT_STAGING_PREFIX + "abc123_s2", 7)), List.of(), List.of(), List.of());
        new RestoreJournal.Store(raw).write(sealed(foreign, JournalSeal.of(KeyProviders.of(OTHER_KEY), "tenant-a")));
        assertThat(source.recoverRestore(db.getName(), seal).outcome()).isEqualTo(RestoreRecovery.Outcome.IGNORED);
        assertThat(source.recoverRestore(db.getName(), seal).detail()).contains("does not verify");
        // The same entry sealed for another tenant under the right key is just as foreign.
        new RestoreJournal.Store(raw).write(sealed(foreign, JournalSeal.of(KeyProviders.of(KEY), "tenant-b")));
        assertThat(source.recoverRestore(db.getName(), seal).outcome()).isEqualTo(RestoreRecovery.Outcome.IGNORED);

        // 3. Without any seal, an entry naming a live collection as its staging collection is still refused.
        raw.deleteMany(new BsonDocument());
        raw.insertOne(BsonDocument.parse("{_id: '" + db.getName() + "', restoreId: 'abc123', state: 'loading', moves: [{name: 'x',"
                + " staging: 'accounts', expected: -1}], asides: [], liveViews: [], views: []}"));
        RestoreRecovery unsealedCall = source.recoverRestore(db.getName());
        assertThat(unsealedCall.outcome()).isEqualTo(RestoreRecovery.Outcome.IGNORED);
        assertThat(unsealedCall.detail()).contains("not its own reserved staging name");
        // ...and a dump does not skip the collections such an entry names.
        assertThat(source.dump(db.getName(), OutputStream.nullOutputStream(), ProgressListener.NONE).collections())
                .extracting(c -> c.name()).contains("accounts");

        assertThat(SwapKillMatrixTest.digest(MongoData.stateOf(db))).as("nothing was dropped")
                .isEqualTo(SwapKillMatrixTest.digest(withUsers));
        raw.deleteMany(new BsonDocument());
        db.getCollection(staging).drop();
        assertThat(SwapKillMatrixTest.digest(MongoData.stateOf(db))).isEqualTo(SwapKillMatrixTest.digest(old));
        db.drop();
    }

    @Test
    void aDumpTakenWhileASealedRestoreStagesSkipsItsReservedNamesAndNothingElse() throws IOException {
        MongoDatabase db = liveDatabase();
        List<String> dumped = new ArrayList<>();
        SwapObserver dumping = step -> {
            if (step.equals("staging-verified")) {
                try {
                    source.dump(db.getName(), OutputStream.nullOutputStream(), ProgressListener.NONE).collections()
                            .forEach(c -> dumped.add(c.name()));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        };

        restorer(dumping).restore(new ByteArrayInputStream(payload), target(db), ProgressListener.NONE);

        assertThat(dumped).as("the safety backup's view of the database while the sealed restore staged")
                .containsExactlyInAnyOrder("accounts", "ledger", "only_live", "zz_also_live");
        db.drop();
    }

    @Test
    void anAuthenticJournalEntryWrittenBackAfterItsRestoreEndedTouchesNothing() throws IOException {
        MongoDatabase db = liveDatabase();
        MongoCollection<BsonDocument> raw = client.getDatabase(MongoDatabaseSource.DEFAULT_JOURNAL_DATABASE)
                .getCollection(MongoDatabaseSource.DEFAULT_JOURNAL_COLLECTION, BsonDocument.class);
        List<BsonDocument> captured = new ArrayList<>();
        // Someone who can read the journal collection keeps the sealed "swapping" entry while the restore runs...
        SwapObserver reading = step -> {
            if (step.equals("journal-swapping")) {
                captured.add(raw.find(new BsonDocument("_id", new BsonString(db.getName()))).first());
            }
        };
        restorer(reading).restore(new ByteArrayInputStream(payload), target(db), ProgressListener.NONE);
        Map<String, CollectionState> restored = MongoData.stateOf(db);
        // ...and writes it back once the restore has ended. Going back from it would drop "notes_only_in_snapshot",
        // which the restore placed where nothing of that name lived before.
        raw.insertOne(captured.get(0));

        RestoreRecovery r = source.recoverRestore(db.getName(), seal);

        assertThat(r.outcome()).isEqualTo(RestoreRecovery.Outcome.BACK);
        assertThat(r.detail()).contains("had nothing left in the database").contains("nothing else was touched");
        assertThat(SwapKillMatrixTest.digest(MongoData.stateOf(db))).isEqualTo(SwapKillMatrixTest.digest(restored));
        assertThat(restored).containsKey("notes_only_in_snapshot");
        assertUsableAndEqualTo(db, newSnapshot, "after the replayed entry");
        db.drop();
    }

    @Test
    void aUsersCollectionNamedLikeAnotherRestoresReservedNameDoesNotStopRecoveryTrustingItsJournal() throws IOException {
        MongoDatabase db = liveDatabase();
        db.getCollection(MongoDatabaseSource.DEFAULT_STAGING_PREFIX + "abc123_s1").insertOne(new Document("_id", "user data"));
        SwapObserver dying = step -> {
            if (step.equals("renamed:1")) {
                throw new AbstractMongoSourceTest.SimulatedCrash();
            }
        };
        assertThatThrownBy(() -> restorer(dying).restore(new ByteArrayInputStream(payload), target(db), ProgressListener.NONE))
                .isInstanceOf(AbstractMongoSourceTest.SimulatedCrash.class);

        RestoreRecovery r = source.recoverRestore(db.getName(), seal);

        assertThat(r.outcome()).as(r.detail()).isEqualTo(RestoreRecovery.Outcome.FORWARD);
        assertUsableAndEqualTo(db, newSnapshot, "after recovering a journal that sets aside a reserved-looking user collection");
        db.drop();
    }

    private static RestoreJournal sealed(RestoreJournal j, JournalSeal with) {
        return j.sealedWith(with);
    }
}
