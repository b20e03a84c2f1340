package com.daaisuite.backup.benchmarks.e2e;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.InsertManyOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.bson.RawBsonDocument;

/**
 * The bare loader: unordered {@code insertMany} of raw BSON documents, batched by count and bytes
 * like the library's restore (1000 documents or 8 MiB) with the same number of batches in flight
 * (2), and nothing else: no staging, no checksums, no swap.
 */
final class BulkLoader implements AutoCloseable {
    private static final InsertManyOptions UNORDERED = new InsertManyOptions().ordered(false);

    private final MongoDatabase db;
    private final int maxDocs;
    private final long maxBytes;
    private final ExecutorService pool;
    private final Semaphore inFlight;
    private final Map<String, Batch> open = new HashMap<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private long documents;
    private long bytes;

    private static final class Batch {
        final List<RawBsonDocument> docs = new ArrayList<>();
        long bytes;
    }

    BulkLoader(MongoDatabase db, int threads, int maxDocs, long maxBytes) {
        this.db = db;
        this.maxDocs = maxDocs;
        this.maxBytes = maxBytes;
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "bare-loader");
            t.setDaemon(true);
            return t;
        });
        // As many batches queued as running (like the restore) keep the inserting threads busy while the producer fills more.
        this.inFlight = new Semaphore(threads * 2);
    }

    void add(String collection, byte[] bson) {
        Batch b = open.computeIfAbsent(collection, c -> new Batch());
        b.docs.add(new RawBsonDocument(bson));
        b.bytes += bson.length;
        documents++;
        bytes += bson.length;
        if (b.docs.size() >= maxDocs || b.bytes >= maxBytes) {
            open.remove(collection);
            submit(collection, b);
        }
    }

    private void submit(String collection, Batch b) {
        rethrow();
        inFlight.acquireUninterruptibly();
        pool.execute(() -> {
            try {
                db.getCollection(collection, RawBsonDocument.class).insertMany(b.docs, UNORDERED);
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            } finally {
                inFlight.release();
            }
        });
    }

    /** Sends the partial batches and waits for every insert. */
    void finish() {
        for (Map.Entry<String, Batch> e : new ArrayList<>(open.entrySet())) {
            submit(e.getKey(), e.getValue());
        }
        open.clear();
        pool.shutdown();
        try {
            if (!pool.awaitTermination(1, TimeUnit.HOURS)) {
                throw new IllegalStateException("the bare loader did not finish within an hour");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading", e);
        }
        rethrow();
    }

    long documents() {
        return documents;
    }

    long bytes() {
        return bytes;
    }

    private void rethrow() {
        Throwable t = failure.get();
        if (t != null) {
            throw new IllegalStateException("an insertMany of the bare loader failed: " + t, t);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
