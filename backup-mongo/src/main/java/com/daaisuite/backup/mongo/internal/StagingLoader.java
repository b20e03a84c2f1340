package com.daaisuite.backup.mongo.internal;

import com.daaisuite.backup.core.PayloadCorruptException;
import com.daaisuite.backup.core.SourceException;
import com.daaisuite.backup.core.spi.ProgressListener;
import com.daaisuite.backup.mongo.internal.archive.ArchiveEntry;
import com.daaisuite.backup.mongo.internal.archive.ArchiveSource;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.InsertManyOptions;
import java.io.IOException;
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
import org.bson.RawBsonDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a payload's documents into the staging collections: unordered bulk inserts in batches bounded by
 * count and bytes, several in flight at once, checking every namespace's end block as it goes. It writes
 * only the staging collections it is given.
 */
final class StagingLoader {
    private static final Logger LOG = LoggerFactory.getLogger(StagingLoader.class);
    private static final int PROGRESS_EVERY = 512;
    /** How long an aborted restore waits for in-flight inserts to end before it drops the staging collections. */
    private static final long DRAIN_MINUTES = 10;

    private final MongoDatabase db;
    private final String sourceDb;
    private final RestorePlan plan;
    private final SourceSettings settings;
    private final Map<String, String> stagingOf;
    private final CountingInputStream counted;
    private final ProgressListener progress;
    private final AtomicReference<String> current;
    private final Map<String, AtomicLong> inserted = new LinkedHashMap<>();
    private final AtomicLong loaded = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    /** Set when loading ends abnormally: queued batches are then skipped, not inserted. */
    private final AtomicBoolean stopped = new AtomicBoolean();

    /**
     * @param stagingOf the staging name of each snapshot collection to load
     * @param current set to the collection being worked on, for messages
     */
    StagingLoader(MongoDatabase db, String sourceDb, RestorePlan plan, SourceSettings settings, Map<String, String> stagingOf,
            CountingInputStream counted, ProgressListener progress, AtomicReference<String> current) {
        this.db = db;
        this.sourceDb = sourceDb;
        this.plan = plan;
        this.settings = settings;
        this.stagingOf = stagingOf;
        this.counted = counted;
        this.progress = progress;
        this.current = current;
        for (String name : plan.items.keySet()) {
            inserted.put(name, new AtomicLong());
        }
    }

    /** @return documents the server acknowledged for {@code collection} */
    long inserted(String collection) {
        return inserted.get(collection).get();
    }

    /** @return documents acknowledged in all */
    long loaded() {
        return loaded.get();
    }

    void load(ArchiveSource reader) throws IOException, InterruptedException {
        int parallel = settings.maxParallelCollections();
        // Batches queued or inserting at once: bounds memory to about (2 x parallel + 1) batches.
        Semaphore slots = new Semaphore(parallel * 2);
        ExecutorService pool = Executors.newFixedThreadPool(parallel, threads(db.getName()));
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
                        db.getName(), DRAIN_MINUTES);
            }
        }
    }

    private RestorePlan.Item item(String dbName, String collection) {
        RestorePlan.Item item = sourceDb.equals(dbName) ? plan.items.get(collection) : null;
        if (item == null) {
            throw new PayloadCorruptException("The payload holds data for namespace '" + dbName + "." + collection
                    + "', which its prelude does not list.");
        }
        return item;
    }

    private void submit(ExecutorService pool, Semaphore slots, Batch batch) throws InterruptedException {
        while (!slots.tryAcquire(100, TimeUnit.MILLISECONDS)) {
            rethrowWorkerFailure();
        }
        try {
            pool.execute(() -> {
                try {
                    current.set(batch.item.name);
                    if (failure.get() == null && !stopped.get()) {
                        db.getCollection(stagingOf.get(batch.item.name), RawBsonDocument.class).insertMany(batch.docs,
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

    private void rethrowWorkerFailure() {
        Throwable t = failure.get();
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        if (t != null) {
            throw new SourceException("An insert into the staging collection of '" + current.get() + "' failed: " + t, t);
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
}
