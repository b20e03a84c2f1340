package com.daaisuite.backup.mongo.internal;

import com.daaisuite.backup.core.SourceException;
import com.daaisuite.backup.core.spi.DocumentVisitor;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.BsonArray;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;

/**
 * Reads a database as it is stored straight into a {@link DocumentVisitor}
 * ({@code DatabaseSource.readContents}): the collections a dump would plan (the same filter of reserved and
 * staging names, the same index listing), then each document's raw bytes, several collections at once.
 * The restore drill used to read its scratch database back as a dump: an archive written, piped and
 * parsed again, one collection after another, which left the server's second core idle.
 * Cursor threads hand chunks to the caller's thread, so the visitor is called from one thread only.
 */
public final class MongoReadBack {
    private static final int AHEAD_PER_THREAD = 4;
    private static final int CHUNK_BYTES = 1 << 20;

    private final MongoClient client;
    private final SourceSettings settings;
    private final RestoreJournal.Store journals;

    public MongoReadBack(MongoClient client, SourceSettings settings, RestoreJournal.Store journals) {
        this.client = client;
        this.settings = settings;
        this.journals = journals;
    }

    private record Chunk(String collection, List<RawBsonDocument> docs) {}

    private record End(String collection) {}

    private record Failed(String collection, Throwable cause) {}

    public void read(String database, DocumentVisitor visitor) throws IOException {
        MongoDatabase db;
        List<MongoDumper.Planned> planned;
        try {
            db = client.getDatabase(database);
            planned = new MongoDumper(client, settings, journals).plan(db, database);
        } catch (MongoException e) {
            throw new SourceException("Could not read the collections of database '" + database + "': " + e.getMessage()
                    + ". Check that the server is reachable and the user may read the database, then retry.", e);
        } catch (IllegalArgumentException e) {
            throw new SourceException("Cannot read database '" + database + "': " + e.getMessage()
                    + ". Pass a valid MongoDB database name.", e);
        }
        List<String> collections = new ArrayList<>();
        for (MongoDumper.Planned p : planned) {
            visitor.collection(p.name(), p.type(), indexNames(p));
            if (!"view".equals(p.type())) {
                collections.add(p.name());
            }
        }
        if (collections.isEmpty()) {
            return;
        }
        int threads = Math.max(1, Math.min(settings.maxParallelCollections(), collections.size()));
        BlockingQueue<Object> queue = new ArrayBlockingQueue<>(AHEAD_PER_THREAD * threads);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger n = new AtomicInteger();
        List<Thread> workers = new java.util.concurrent.CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "daai-read-back-" + database + "-" + n.incrementAndGet());
            t.setDaemon(true);
            workers.add(t);
            return t;
        });
        try {
            for (String c : collections) {
                pool.execute(() -> readOne(db, c, queue, stop));
            }
            int open = collections.size();
            while (open > 0) {
                Object item = take(queue, database);
                if (item instanceof End) {
                    open--;
                } else if (item instanceof Failed f) {
                    throw failure(database, f);
                } else {
                    Chunk chunk = (Chunk) item;
                    for (RawBsonDocument d : chunk.docs()) {
                        ByteBuffer b = d.getByteBuffer().asNIO();
                        byte[] bytes = new byte[b.remaining()];
                        b.get(bytes);
                        visitor.document(chunk.collection(), DocumentIds.of(bytes), bytes);
                    }
                }
            }
        } finally {
            stop.set(true);
            queue.clear();
            pool.shutdown();
            awaitQuietly(pool, workers);
        }
    }

    private void readOne(MongoDatabase db, String collection, BlockingQueue<Object> queue, AtomicBoolean stop) {
        try (MongoCursor<RawBsonDocument> cursor = db.getCollection(collection, RawBsonDocument.class).find()
                .batchSize(new MongoDumper(client, settings, journals).batchSize(db, collection)).iterator()) {
            List<RawBsonDocument> chunk = new ArrayList<>();
            long bytes = 0;
            while (!stop.get() && cursor.hasNext()) {
                RawBsonDocument doc = cursor.next();
                chunk.add(doc);
                bytes += doc.getByteBuffer().remaining();
                if (bytes >= CHUNK_BYTES) {
                    put(queue, stop, new Chunk(collection, chunk));
                    chunk = new ArrayList<>();
                    bytes = 0;
                }
            }
            put(queue, stop, new Chunk(collection, chunk));
            put(queue, stop, new End(collection));
        } catch (Throwable t) {
            put(queue, stop, new Failed(collection, t));
        }
    }

    private static void put(BlockingQueue<Object> queue, AtomicBoolean stop, Object item) {
        try {
            while (!stop.get() && !queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
                // The visitor is slower; wait unless the reader gave up.
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Object take(BlockingQueue<Object> queue, String database) throws InterruptedIOException {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading database '" + database + "'");
        }
    }

    private static RuntimeException failure(String database, Failed f) {
        if (f.cause() instanceof SourceException s) {
            return s;
        }
        return new SourceException("Reading collection '" + f.collection() + "' of database '" + database + "' failed: "
                + f.cause().getMessage() + ". Check that the server is reachable and try again.", f.cause());
    }

    private static List<String> indexNames(MongoDumper.Planned p) {
        List<String> out = new ArrayList<>();
        if (p.metadata().isArray("indexes")) {
            for (BsonValue ix : (BsonArray) p.metadata().get("indexes")) {
                if (ix.isDocument() && ix.asDocument().isString("name")) {
                    out.add(ix.asDocument().getString("name").getValue());
                }
            }
        }
        return out;
    }

    private static void awaitQuietly(ExecutorService pool, List<Thread> workers) {
        try {
            // The cursors must be released before the caller drops the database; and the pool counts as
            // terminated a moment before its threads have ended, so they are joined too.
            if (pool.awaitTermination(1, TimeUnit.MINUTES)) {
                for (Thread t : workers) {
                    t.join(TimeUnit.SECONDS.toMillis(5));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
