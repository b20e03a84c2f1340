package com.daaisuite.backup.mongo.internal;

import com.daaisuite.backup.BackupException;
import com.daaisuite.backup.core.PayloadCorruptException;
import com.daaisuite.backup.core.SourceException;
import com.daaisuite.backup.core.spi.CollectionSummary;
import com.daaisuite.backup.core.spi.ProgressListener;
import com.daaisuite.backup.core.spi.RestoreRecovery;
import com.daaisuite.backup.core.spi.RestoreSummary;
import com.daaisuite.backup.core.spi.RestoreTarget;
import com.daaisuite.backup.mongo.internal.archive.ArchiveEntry;
import com.daaisuite.backup.mongo.internal.archive.ArchiveLimits;
import com.daaisuite.backup.mongo.internal.archive.ArchiveSource;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.InsertManyOptions;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.RawBsonDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores a payload into staging collections of the target database, checks it completely, and only
 * then swaps it into place. Until the swap, the live collections are never written; on any failure the
 * staging collections are dropped and the live database stays exactly as it was.
 *
 * <p>This file is long (about 600 lines) on purpose: {@code restore()} reads top to bottom as the whole
 * sequence, and its inner {@code Run} keeps the state each phase shares (the plan, the journal, the
 * batches in flight, the collection a server refusal names). The parts with a job of their own live
 * beside it: names in {@code RestoreNames}, the plan in {@code RestorePlan}, the journal in
 * {@code RestoreJournal}, the crash-safe swap in {@code Swap}.
 */
public final class MongoRestorer {

    private static final Logger LOG = LoggerFactory.getLogger(MongoRestorer.class);
    private static final int PROGRESS_EVERY = 512;
    /** How long an aborted restore waits for in-flight inserts to end before it drops the staging collections. */
    private static final long DRAIN_MINUTES = 10;

    private final MongoClient client;
    private final SourceSettings settings;
    private final ArchiveLimits limits;
    private final RestoreJournal.Store journals;
    private final SwapObserver observer;

    public MongoRestorer(MongoClient client, SourceSettings settings, ArchiveLimits limits, RestoreJournal.Store journals,
            SwapObserver observer) {
        this.client = client;
        this.settings = settings;
        this.limits = limits;
        this.journals = journals;
        this.observer = observer;
    }

    /**
     * Finishes or undoes an interrupted restore of {@code database}, if its journal is there.
     *
     * @return what was found and done
     */
    public RestoreRecovery recover(String database) {
        try {
            Optional<RestoreJournal> journal = journals.find(database);
            if (journal.isEmpty()) {
                return RestoreRecovery.none(database);
            }
            RestoreRecovery r = new Swap(client.getDatabase(database), journals, observer).recover(journal.get());
            LOG.warn("Recovery: {}", r.detail());
            return r;
        } catch (MongoException e) {
            throw new SourceException("Recovering the interrupted restore of database '" + database + "' (journal in "
                    + journals.describe() + ") failed: " + e.getMessage() + ". Nothing was lost: every step is repeatable; "
                    + "run the recovery again when the server is reachable.", e);
        }
    }

    public RestoreSummary restore(InputStream payload, RestoreTarget target, ProgressListener progress) throws IOException {
        return restore(payload, target, progress, () -> { });
    }

    /** As above; {@code beforeSwap} runs once the staging collections are loaded and checked, before the swap. */
    public RestoreSummary restore(InputStream payload, RestoreTarget target, ProgressListener progress, Runnable beforeSwap)
            throws IOException {
        String targetDb = target.database();
        String sourceDb = target.fromDatabase().orElse(targetDb);
        MongoDatabase db;
        try {
            db = client.getDatabase(targetDb);
        } catch (IllegalArgumentException e) {
            throw new SourceException("Cannot restore into database '" + targetDb + "': " + e.getMessage()
                    + ". Pass a valid MongoDB database name.", e);
        }
        CountingInputStream counted = new CountingInputStream(payload);
        try (ArchiveSource reader = PayloadReader.open(counted, limits)) {
            RestorePlan plan = RestorePlan.of(reader.prelude(), sourceDb, targetDb, settings);
            // An interrupted restore of this database is finished or undone first: its journal is the only
            // record of which reserved collections exist.
            RestoreRecovery earlier = recover(targetDb);
            if (earlier.found()) {
                LOG.warn("Restore of database '{}': {} before starting", targetDb, earlier.detail());
            }
            Run run = new Run(db, targetDb, sourceDb, plan, counted, progress);
            run.prepare();
            try {
                run.phase = "writing the restore journal";
                journals.write(run.journal);
                observer.reached("journal-loading");
                run.phase = "creating the staging collections";
                run.createStaging();
                observer.reached("staging-created");
                run.phase = "loading documents into the staging collections";
                run.load(reader);
                run.phase = "building indexes on the staging collections";
                run.buildIndexes();
                run.phase = "checking the staging collections' document counts";
                run.verify();
                observer.reached("staging-verified");
                // The caller's safety backup ran beside the load; it must have finished (and the gate be entered)
                // before anything live moves. Its failure aborts here like any other: staging dropped, live untouched.
                run.phase = "waiting for the pre-restore safety backup";
                beforeSwap.run();
            } catch (Throwable t) {
                throw run.abort(t);
            }
            return run.swap();
        }
    }

    /** The state of one restore. */
    private final class Run {
        final MongoDatabase db;
        final String targetDb;
        final String sourceDb;
        final RestorePlan plan;
        final CountingInputStream counted;
        final ProgressListener progress;
        final Map<String, AtomicLong> inserted = new LinkedHashMap<>();
        final AtomicLong loaded = new AtomicLong();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        /** Set when loading ends abnormally: queued batches are then skipped, not inserted. */
        final AtomicBoolean stopped = new AtomicBoolean();
        volatile String phase = "starting";
        /** The collection the current phase works on, for messages; null when none. */
        volatile String current;
        final RestoreNames names = RestoreNames.fresh(settings.stagingPrefix());
        final Map<String, String> stagingOf = new LinkedHashMap<>();
        RestoreJournal journal;

        Run(MongoDatabase db, String targetDb, String sourceDb, RestorePlan plan, CountingInputStream counted,
                ProgressListener progress) {
            this.db = db;
            this.targetDb = targetDb;
            this.sourceDb = sourceDb;
            this.plan = plan;
            this.counted = counted;
            this.progress = progress;
            for (String name : plan.items.keySet()) {
                inserted.put(name, new AtomicLong());
            }
        }

        String staging(String name) {
            return stagingOf.get(name);
        }

        /** Names the staging collections, checks every name fits the server, and drafts the journal. Writes nothing. */
        void prepare() {
            List<RestoreJournal.Move> moves = new ArrayList<>();
            List<String> finals = new ArrayList<>();
            int n = 0;
            for (RestorePlan.Item item : plan.items.values()) {
                if (item.load) {
                    finals.add(item.name);
                }
                if (item.load && !item.isView()) {
                    String staging = names.staging(++n);
                    stagingOf.put(item.name, staging);
                    moves.add(new RestoreJournal.Move(item.name, staging, -1));
                }
            }
            int live;
            NamespaceLimit limit;
            try {
                live = db.listCollectionNames().into(new ArrayList<>()).size();
                limit = NamespaceLimit.of(ServerProbe.versionParts(client));
            } catch (MongoException e) {
                throw new SourceException("Could not read the collections of database '" + targetDb + "' before restoring: "
                        + e.getMessage() + ". Nothing was changed; check that the server is reachable and retry.", e);
            }
            limit.check(targetDb, finals, names, Math.max(moves.size(), live));
            journal = new RestoreJournal(targetDb, names.restoreId(), RestoreJournal.LOADING, moves, List.of(), List.of(),
                    List.of());
        }

        List<RestorePlan.Item> collections() {
            List<RestorePlan.Item> list = new ArrayList<>();
            for (RestorePlan.Item item : plan.items.values()) {
                if (item.load && !item.isView()) {
                    list.add(item);
                }
            }
            return list;
        }

        /** Drops this restore's staging collections (only those its journal lists) and removes the journal. */
        void dropStaging() {
            Set<String> existing = new HashSet<>(db.listCollectionNames().into(new ArrayList<>()));
            for (String name : stagingOf.values()) {
                if (existing.contains(name)) {
                    db.getCollection(name).drop();
                }
            }
            journals.remove(journal);
        }

        void createStaging() {
            for (RestorePlan.Item item : collections()) {
                current = item.name;
                BsonDocument create = new BsonDocument("create", new BsonString(staging(item.name)));
                create.putAll(RestorePlan.createOptions(item));
                db.runCommand(create);
            }
            current = null;
        }

        void load(ArchiveSource reader) throws IOException, InterruptedException {
            int parallel = settings.maxParallelCollections();
            // Batches queued or inserting at once: bounds memory to about (2 x parallel + 1) batches.
            Semaphore slots = new Semaphore(parallel * 2);
            ExecutorService pool = Executors.newFixedThreadPool(parallel, threads(targetDb));
            boolean complete = false;
            try {
                Batch batch = null;
                long documents = 0;
                ArchiveEntry entry;
                while ((entry = reader.next()) != null) {
                    rethrowWorkerFailure();
                    if (entry instanceof ArchiveEntry.Document doc) {
                        RestorePlan.Item item = item(doc.db(), doc.collection());
                        if (item.isView()) {
                            throw new PayloadCorruptException("The payload holds documents for '" + doc.db() + "."
                                    + doc.collection() + "', which its metadata declares a view.");
                        }
                        item.documentsRead++;
                        item.bytesRead += doc.bson().length;
                        documents++;
                        if (item.load) {
                            if (batch != null && batch.item != item) {
                                submit(pool, slots, batch);
                                batch = null;
                            }
                            if (batch == null) {
                                batch = new Batch(item);
                            }
                            batch.add(new RawBsonDocument(doc.bson()));
                            if (batch.docs.size() >= settings.insertBatchCount() || batch.bytes >= settings.insertBatchBytes()) {
                                submit(pool, slots, batch);
                                batch = null;
                            }
                        }
                        if (documents % PROGRESS_EVERY == 0) {
                            progress.progress(counted.count(), loaded.get());
                        }
                    } else if (entry instanceof ArchiveEntry.NamespaceEnd end) {
                        RestorePlan.Item item = item(end.db(), end.collection());
                        if (end.documents() != item.documentsRead) {
                            throw new PayloadCorruptException("Namespace '" + end.db() + "." + end.collection() + "' ended after "
                                    + item.documentsRead + " documents, but its end block counts " + end.documents() + ".");
                        }
                        item.ended = true;
                        if (batch != null && batch.item == item) {
                            submit(pool, slots, batch);
                            batch = null;
                        }
                    }
                }
                if (batch != null) {
                    submit(pool, slots, batch);
                }
                for (RestorePlan.Item item : plan.items.values()) {
                    if (!item.ended) {
                        throw new PayloadCorruptException("The payload ended before namespace '" + sourceDb + "." + item.name
                                + "' was complete (no end block).");
                    }
                }
                slots.acquire(parallel * 2);
                slots.release(parallel * 2);
                rethrowWorkerFailure();
                complete = true;
                progress.progress(counted.count(), loaded.get());
            } finally {
                stopped.set(!complete);
                // Running inserts are left to finish (not interrupted, which could leave one in flight on the
                // server): none may land after the staging collections are dropped, or it would recreate one.
                pool.shutdown();
                if (!pool.awaitTermination(DRAIN_MINUTES, TimeUnit.MINUTES)) {
                    LOG.warn("Restore of database '{}': inserts still running after {} minutes; continuing without them",
                            targetDb, DRAIN_MINUTES);
                }
            }
        }

        RestorePlan.Item item(String dbName, String collection) {
            RestorePlan.Item item = sourceDb.equals(dbName) ? plan.items.get(collection) : null;
            if (item == null) {
                throw new PayloadCorruptException("The payload holds data for namespace '" + dbName + "." + collection
                        + "', which its prelude does not list.");
            }
            return item;
        }

        void submit(ExecutorService pool, Semaphore slots, Batch batch) throws InterruptedException {
            while (!slots.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                rethrowWorkerFailure();
            }
            try {
                pool.execute(() -> {
                    try {
                        current = batch.item.name;
                        if (failure.get() == null && !stopped.get()) {
                            db.getCollection(staging(batch.item.name), RawBsonDocument.class).insertMany(batch.docs,
                                    new InsertManyOptions().ordered(false).bypassDocumentValidation(true));
                            inserted.get(batch.item.name).addAndGet(batch.docs.size());
                            loaded.addAndGet(batch.docs.size());
                        }
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    } finally {
                        slots.release();
                    }
                });
            } catch (RejectedExecutionException e) {
                slots.release();
                throw e;
            }
        }

        void rethrowWorkerFailure() {
            Throwable t = failure.get();
            if (t instanceof RuntimeException e) {
                throw e;
            }
            if (t instanceof Error e) {
                throw e;
            }
            if (t != null) {
                throw new SourceException("An insert into the staging collection of '" + current + "' failed: " + t, t);
            }
        }

        void buildIndexes() {
            for (RestorePlan.Item item : collections()) {
                current = item.name;
                List<BsonDocument> specs = plan.indexSpecs(item);
                if (!specs.isEmpty()) {
                    db.runCommand(new BsonDocument("createIndexes", new BsonString(staging(item.name)))
                            .append("indexes", new BsonArray(specs)));
                }
            }
            current = null;
        }

        void verify() {
            for (RestorePlan.Item item : collections()) {
                long expected = item.documentsRead;
                long acknowledged = inserted.get(item.name).get();
                long stored = db.getCollection(staging(item.name)).countDocuments();
                if (acknowledged != expected || stored != expected) {
                    throw new SourceException("The staging collection of '" + item.name + "' (" + staging(item.name) + ") holds " + stored
                            + " documents (" + acknowledged + " acknowledged), but the payload has " + expected
                            + " for '" + item.name + "'.");
                }
            }
        }

        /** Drops the staging collections and turns the failure into the exception to throw. */
        RuntimeException abort(Throwable failureCause) throws IOException {
            if (failureCause instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            String cleanup;
            try {
                dropStaging();
                cleanup = "the staging collections were removed.";
            } catch (RuntimeException e) {
                failureCause.addSuppressed(e);
                cleanup = "the staging collections could not be removed (" + e.getMessage()
                        + "); the restore journal in " + journals.describe() + " lists them, and the next operation on "
                        + "this database removes them.";
            }
            LOG.warn("Restore of database '{}' failed while {}; the live database was not changed; {}", targetDb, phase,
                    cleanup);
            if (failureCause instanceof BackupException e) {
                throw e;
            }
            if (failureCause instanceof IOException e) {
                throw e;
            }
            if (failureCause instanceof Error e) {
                throw e;
            }
            String what = failureCause instanceof MongoException ? failureCause.getMessage() : failureCause.toString();
            String which = current == null ? "" : " (collection '" + current + "')";
            return new SourceException("The restore of database '" + targetDb + "' failed while " + phase + which + ": "
                    + what + ". The live database was not changed; " + cleanup + " " + advice(failureCause), failureCause);
        }

        /** What to do about a server refusal, by its cause. */
        String advice(Throwable cause) {
            MongoException m = null;
            for (Throwable c = cause; c != null && m == null; c = c.getCause()) {
                if (c instanceof MongoException e) {
                    m = e;
                }
            }
            if (m == null) {
                return "Retry when the server is reachable.";
            }
            String text = String.valueOf(m.getMessage());
            if (m.getCode() == 11000 || text.contains("E11000")) {
                return "The snapshot holds documents that break a unique index of '" + current
                        + "'; restore it with mongorestore --noIndexRestore to inspect it, or choose another snapshot.";
            }
            if (m.getCode() == 10080 || m.getCode() == 73 || text.contains("too long")) {
                return "The server refused a collection name; restore into a database with a shorter name.";
            }
            if (m.getCode() == 14031 || text.toLowerCase(java.util.Locale.ROOT).contains("space")) {
                return "The server is out of disk space: free space (the restore needs room for a second copy of the "
                        + "database until the swap), then retry.";
            }
            return "Fix the cause the server names, or retry when the server is reachable.";
        }

        RuntimeException abortQuietly(Throwable t) {
            try {
                return abort(t);
            } catch (IOException | RuntimeException e) {
                return e instanceof RuntimeException r ? r : new SourceException(e.getMessage(), e);
            }
        }

        RestoreSummary swap() {
            List<String> dropped = new ArrayList<>();
            phase = "writing the swap plan into the restore journal";
            try {
                Set<String> ours = new HashSet<>(stagingOf.values());
                List<RestoreJournal.Aside> asides = new ArrayList<>();
                List<RestoreJournal.View> liveViews = new ArrayList<>();
                int n = 0;
                for (BsonDocument info : db.listCollections(BsonDocument.class)) {
                    String name = info.getString("name").getValue();
                    if (name.startsWith("system.") || ours.contains(name)) {
                        continue;
                    }
                    if (!plan.items.containsKey(name) || !plan.items.get(name).load) {
                        dropped.add(name);
                    }
                    if ("view".equals(info.getString("type", new BsonString("collection")).getValue())) {
                        BsonDocument options = info.isDocument("options") ? info.getDocument("options").clone() : new BsonDocument();
                        options.remove("uuid");
                        liveViews.add(new RestoreJournal.View(name, options));
                    } else {
                        asides.add(new RestoreJournal.Aside(name, names.aside(++n)));
                    }
                }
                List<RestoreJournal.Move> moves = new ArrayList<>();
                for (RestoreJournal.Move m : journal.moves) {
                    moves.add(new RestoreJournal.Move(m.name(), m.staging(), plan.items.get(m.name()).documentsRead));
                }
                List<RestoreJournal.View> views = new ArrayList<>();
                for (RestorePlan.Item item : plan.items.values()) {
                    if (item.load && item.isView()) {
                        views.add(new RestoreJournal.View(item.name, item.options.clone()));
                    }
                }
                journal = new RestoreJournal(targetDb, names.restoreId(), RestoreJournal.SWAPPING, moves, asides, liveViews, views);
                journals.write(journal);
            } catch (MongoException e) {
                // The journal still says "loading": the next operation removes the staging collections.
                throw abortQuietly(e);
            }
            observer.reached("journal-swapping");
            phase = "swapping the staging collections into place";
            try {
                new Swap(db, journals, observer).forward(journal);
            } catch (MongoException | SourceException e) {
                throw new SourceException("The restore of database '" + targetDb + "' was interrupted while " + phase + ": "
                        + e.getMessage() + ". The snapshot was complete and checked, and the restore journal in "
                        + journals.describe() + " records every step: the next operation on this tenant (or an explicit "
                        + "recovery) finishes the swap. Keep the workspace in maintenance until then.", e);
            }
            List<CollectionSummary> summaries = new ArrayList<>();
            long documents = 0;
            for (RestorePlan.Item item : plan.items.values()) {
                if (item.load) {
                    summaries.add(new CollectionSummary(item.name, item.type, item.documentsRead, item.bytesRead,
                            item.indexCount()));
                    documents += item.documentsRead;
                }
            }
            if (!plan.skipped.isEmpty()) {
                LOG.warn("Restore of database '{}': the server collections {} in the payload were checked but not restored",
                        targetDb, plan.skipped);
            }
            progress.progress(counted.count(), loaded.get());
            return new RestoreSummary(targetDb, summaries, documents, counted.count(), dropped);
        }
    }

    /** Documents of one collection sent in one unordered insert. */
    private static final class Batch {
        final RestorePlan.Item item;
        final List<RawBsonDocument> docs = new ArrayList<>();
        long bytes;

        Batch(RestorePlan.Item item) {
            this.item = item;
        }

        void add(RawBsonDocument doc) {
            docs.add(doc);
            bytes += doc.getByteBuffer().remaining();
        }
    }

    private static ThreadFactory threads(String database) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "daai-restore-" + database + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Counts payload bytes for the summary and progress. */
    static final class CountingInputStream extends FilterInputStream {
        private final AtomicLong count = new AtomicLong();

        CountingInputStream(InputStream in) {
            super(in);
        }

        long count() {
            return count.get();
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count.incrementAndGet();
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count.addAndGet(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = in.skip(n);
            count.addAndGet(s);
            return s;
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        @Override
        public void close() {
            // The caller owns the payload stream.
        }
    }
}
