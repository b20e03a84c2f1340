package com.daaisuite.backup.mongo.internal;

import com.daaisuite.backup.BackupException;
import com.daaisuite.backup.core.PayloadCorruptException;
import com.daaisuite.backup.core.SourceException;
import com.daaisuite.backup.core.spi.CollectionSummary;
import com.daaisuite.backup.core.spi.ProgressListener;
import com.daaisuite.backup.core.spi.RestoreSummary;
import com.daaisuite.backup.core.spi.RestoreTarget;
import com.daaisuite.backup.mongo.internal.archive.ArchiveEntry;
import com.daaisuite.backup.mongo.internal.archive.ArchiveLimits;
import com.daaisuite.backup.mongo.internal.archive.ArchiveSource;
import com.mongodb.MongoException;
import com.mongodb.MongoNamespace;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.RenameCollectionOptions;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
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
 */
public final class MongoRestorer {

    private static final Logger LOG = LoggerFactory.getLogger(MongoRestorer.class);
    private static final int PROGRESS_EVERY = 512;
    /** How long an aborted restore waits for in-flight inserts to end before it drops the staging collections. */
    private static final long DRAIN_MINUTES = 10;

    private final MongoClient client;
    private final SourceSettings settings;
    private final ArchiveLimits limits;

    public MongoRestorer(MongoClient client, SourceSettings settings, ArchiveLimits limits) {
        this.client = client;
        this.settings = settings;
        this.limits = limits;
    }

    public RestoreSummary restore(InputStream payload, RestoreTarget target, ProgressListener progress) throws IOException {
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
            Run run = new Run(db, targetDb, sourceDb, plan, counted, progress);
            try {
                run.phase = "removing staging collections left by an earlier restore";
                run.dropStaging();
                run.phase = "creating the staging collections";
                run.createStaging();
                run.phase = "loading documents into the staging collections";
                run.load(reader);
                run.phase = "building indexes on the staging collections";
                run.buildIndexes();
                run.phase = "checking the staging collections' document counts";
                run.verify();
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
            return settings.stagingPrefix() + name;
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

        void dropStaging() {
            for (String name : db.listCollectionNames()) {
                if (name.startsWith(settings.stagingPrefix())) {
                    db.getCollection(name).drop();
                }
            }
        }

        void createStaging() {
            for (RestorePlan.Item item : collections()) {
                BsonDocument create = new BsonDocument("create", new BsonString(staging(item.name)));
                create.putAll(RestorePlan.createOptions(item));
                db.runCommand(create);
            }
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
                throw new SourceException("An insert into a staging collection failed: " + t, t);
            }
        }

        void buildIndexes() {
            for (RestorePlan.Item item : collections()) {
                List<BsonDocument> specs = plan.indexSpecs(item);
                if (!specs.isEmpty()) {
                    db.runCommand(new BsonDocument("createIndexes", new BsonString(staging(item.name)))
                            .append("indexes", new BsonArray(specs)));
                }
            }
        }

        void verify() {
            for (RestorePlan.Item item : collections()) {
                long expected = item.documentsRead;
                long acknowledged = inserted.get(item.name).get();
                long stored = db.getCollection(staging(item.name)).countDocuments();
                if (acknowledged != expected || stored != expected) {
                    throw new SourceException("Staging collection '" + staging(item.name) + "' holds " + stored
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
                        + ") and will be removed by the next restore of this database.";
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
            return new SourceException("The restore of database '" + targetDb + "' failed while " + phase + ": " + what
                    + ". The live database was not changed; " + cleanup + " Retry when the server is reachable.",
                    failureCause);
        }

        RestoreSummary swap() {
            List<String> dropped = new ArrayList<>();
            try {
                phase = "swapping the staging collections into place";
                Map<String, String> live = new LinkedHashMap<>();
                for (BsonDocument info : db.listCollections(BsonDocument.class)) {
                    String name = info.getString("name").getValue();
                    if (!settings.isReserved(name)) {
                        live.put(name, info.isString("type") ? info.getString("type").getValue() : "collection");
                    }
                }
                // Views hold no data and are recreated from the snapshot; dropping them first lets a
                // snapshot collection take the name of a live view.
                for (Map.Entry<String, String> e : live.entrySet()) {
                    if ("view".equals(e.getValue())) {
                        db.getCollection(e.getKey()).drop();
                    }
                }
                for (RestorePlan.Item item : collections()) {
                    db.getCollection(staging(item.name)).renameCollection(new MongoNamespace(targetDb, item.name),
                            new RenameCollectionOptions().dropTarget(true));
                }
                for (Map.Entry<String, String> e : live.entrySet()) {
                    RestorePlan.Item item = plan.items.get(e.getKey());
                    boolean liveView = "view".equals(e.getValue());
                    if (item == null) {
                        if (!liveView) {
                            db.getCollection(e.getKey()).drop();
                        }
                        dropped.add(e.getKey());
                    } else if (item.isView() && !liveView) {
                        // A live collection whose name the snapshot gives to a view: the view replaces it.
                        db.getCollection(e.getKey()).drop();
                    }
                }
                for (RestorePlan.Item item : plan.items.values()) {
                    if (item.load && item.isView()) {
                        BsonDocument create = new BsonDocument("create", new BsonString(item.name));
                        create.putAll(item.options);
                        db.runCommand(create);
                    }
                }
            } catch (MongoException e) {
                String cleanup;
                try {
                    dropStaging();
                    cleanup = "";
                } catch (RuntimeException c) {
                    e.addSuppressed(c);
                    cleanup = " Leftover staging collections will be removed by the next restore.";
                }
                throw new SourceException("The restore of database '" + targetDb + "' failed while " + phase + ": "
                        + e.getMessage() + ". The snapshot was complete and checked, but the database may now be partly "
                        + "replaced: retry the restore, or restore the pre-restore safety backup." + cleanup, e);
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
