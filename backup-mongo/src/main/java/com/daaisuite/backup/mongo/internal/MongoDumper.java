package com.daaisuite.backup.mongo.internal;

import com.daaisuite.backup.core.SourceException;
import com.daaisuite.backup.core.spi.CollectionSummary;
import com.daaisuite.backup.core.spi.DumpSummary;
import com.daaisuite.backup.core.spi.ProgressListener;
import com.daaisuite.backup.core.spi.ReadBudget;
import com.daaisuite.backup.mongo.internal.archive.ArchiveHeader;
import com.daaisuite.backup.mongo.internal.archive.ArchiveWriter;
import com.daaisuite.backup.mongo.internal.archive.CollectionMetadata;
import com.mongodb.ClientSessionOptions;
import com.mongodb.MongoException;
import com.mongodb.client.ClientSession;
import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.bson.BsonArray;
import org.bson.BsonBinary;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

/** Writes one database as a mongodump archive, streaming raw BSON from cursors sized by bytes. */
public final class MongoDumper {

    /** mongodump's default; mongorestore uses the larger of this and its own setting. */
    private static final int CONCURRENT_COLLECTIONS = 4;
    private static final int FALLBACK_BATCH_SIZE = 100;
    private static final int PROGRESS_EVERY = 512;
    static final JsonWriterSettings CANONICAL = JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).build();

    private final MongoClient client;
    private final SourceSettings settings;
    private final RestoreJournal.Store journals;

    public MongoDumper(MongoClient client, SourceSettings settings, RestoreJournal.Store journals) {
        this.client = client;
        this.settings = settings;
        this.journals = journals;
    }

    /** A caller's choice of collections, validated and copied. */
    public static java.util.Set<String> chosen(java.util.Set<String> collections) {
        if (java.util.Objects.requireNonNull(collections, "collections").isEmpty()) {
            throw new IllegalArgumentException("Name at least one collection to dump");
        }
        return java.util.Set.copyOf(collections);
    }

    record Planned(String name, String type, BsonDocument metadata, int indexes) {}

    public DumpSummary dump(String database, OutputStream out, ProgressListener progress, ReadBudget budget) throws IOException {
        return dump(database, null, out, progress, budget);
    }

    /**
     * @param only the collections to dump (those that exist), marking the payload as limited to them; null for the
     *     whole database
     */
    public DumpSummary dump(String database, java.util.Set<String> only, OutputStream out, ProgressListener progress,
            ReadBudget budget) throws IOException {
        java.util.Objects.requireNonNull(database, "database");
        java.util.Objects.requireNonNull(out, "out");
        java.util.Objects.requireNonNull(budget, "budget");
        progress = progress == null ? ProgressListener.NONE : progress;
        ServerProbe.Capabilities caps;
        MongoDatabase db;
        List<Planned> planned;
        java.util.Optional<List<String>> mark = only == null ? java.util.Optional.empty()
                : java.util.Optional.of(only.stream().sorted().toList());
        try {
            caps = ServerProbe.probe(client);
            db = client.getDatabase(database);
            planned = plan(db, database, only);
        } catch (MongoException e) {
            throw new SourceException("Could not read the collections of database '" + database + "' for a dump: "
                    + e.getMessage() + ". Check that the server is reachable and the user may read the database, then retry.", e);
        } catch (IllegalArgumentException e) {
            throw new SourceException("Cannot dump database '" + database + "': " + e.getMessage()
                    + ". Pass a valid MongoDB database name.", e);
        }

        List<String> warnings = new ArrayList<>();
        if (!caps.snapshotReads()) {
            warnings.add("The dump of database '" + database + "' is not point-in-time consistent: "
                    + caps.noSnapshotReason() + "; writes made while it ran may be partly included.");
        }
        List<CollectionMetadata> prelude = new ArrayList<>();
        for (Planned p : planned) {
            prelude.add(new CollectionMetadata(database, p.name(), p.metadata().toJson(CANONICAL), p.type()));
        }

        ArchiveHeader header = new ArchiveHeader(CONCURRENT_COLLECTIONS, "0.1", caps.version(), settings.toolVersion(), mark);
        List<CollectionSummary> summaries = new ArrayList<>();
        long documents = 0;
        ClientSession session = null;
        String current = null;
        try {
            if (caps.snapshotReads()) {
                // One snapshot session: its first read fixes atClusterTime, every later read uses it.
                session = client.startSession(ClientSessionOptions.builder().snapshot(true).build());
            }
            ArchiveWriter writer = new ArchiveWriter(new NonClosingOutputStream(out), header, prelude);
            for (Planned p : planned) {
                current = p.name();
                long count = 0;
                long bytes = 0;
                if (!"view".equals(p.type())) {
                    MongoCollection<RawBsonDocument> coll = db.getCollection(p.name(), RawBsonDocument.class);
                    FindIterable<RawBsonDocument> find = session == null ? coll.find() : coll.find(session);
                    try (Prefetcher cursor = new Prefetcher(find.batchSize(batchSize(db, p.name(), budget)), budget)) {
                        for (List<RawBsonDocument> chunk = cursor.take(); chunk != null; chunk = cursor.take()) {
                            for (RawBsonDocument doc : chunk) {
                                writer.writeDocument(database, p.name(), doc);
                                count++;
                                bytes += doc.getByteBuffer().remaining();
                                if (((documents + count) % PROGRESS_EVERY) == 0) {
                                    progress.progress(writer.bytesWritten(), documents + count);
                                }
                            }
                        }
                    }
                }
                writer.endNamespace(database, p.name());
                documents += count;
                summaries.add(new CollectionSummary(p.name(), p.type(), count, bytes, p.indexes()));
            }
            current = null;
            writer.finish();
            progress.progress(writer.bytesWritten(), documents);
            return new DumpSummary(database, summaries, documents, writer.bytesWritten(), caps.snapshotReads(),
                    caps.version(), warnings, mark);
        } catch (MongoException e) {
            throw new SourceException("The dump of database '" + database + "' failed"
                    + (current == null ? "" : " while reading collection '" + current + "'") + ": " + e.getMessage()
                    + ". Nothing usable was written; retry the backup.", e);
        } finally {
            if (session != null) {
                session.close();
            }
        }
    }

    List<Planned> plan(MongoDatabase db, String database) {
        return plan(db, database, null);
    }

    List<Planned> plan(MongoDatabase db, String database, java.util.Set<String> only) {
        List<BsonDocument> infos = new ArrayList<>();
        // The staging and set-aside collections a restore journal lists are not the tenant's data: an interrupted
        // restore's, or those of the restore whose safety backup this dump is, staging beside it. The journal is
        // read after the listing: a restore writes its journal before it creates a staging collection, so any
        // staging collection the listing saw is in the journal read next.
        List<BsonDocument> listed = db.listCollections(BsonDocument.class).into(new ArrayList<>());
        java.util.Set<String> restoreReserved = new java.util.HashSet<>(journals.reservedNames(database));
        for (BsonDocument info : listed) {
            String name = info.getString("name").getValue();
            if (!settings.isReserved(name) && !restoreReserved.contains(name) && (only == null || only.contains(name))) {
                infos.add(info);
            }
        }
        infos.sort(Comparator.comparing(i -> i.getString("name").getValue()));
        List<Planned> planned = new ArrayList<>();
        for (BsonDocument info : infos) {
            String name = info.getString("name").getValue();
            String type = info.isString("type") ? info.getString("type").getValue() : "collection";
            if ("timeseries".equals(type)) {
                throw new SourceException("Database '" + database + "' has the time-series collection '" + name
                        + "', which this library cannot back up yet; use mongodump for it, or move it out of the tenant database.");
            }
            BsonDocument options = info.isDocument("options") ? info.getDocument("options") : new BsonDocument();
            BsonArray indexes = new BsonArray();
            if (!"view".equals(type)) {
                for (BsonDocument index : db.getCollection(name).listIndexes(BsonDocument.class)) {
                    indexes.add(index);
                }
            }
            // Same keys, order and omissions as mongodump (archive format notes, section 4).
            BsonDocument metadata = new BsonDocument();
            if (!options.isEmpty()) {
                metadata.put("options", options);
            }
            metadata.put("indexes", indexes);
            BsonValue uuid = info.isDocument("info") ? info.getDocument("info").get("uuid") : null;
            if (uuid instanceof BsonBinary binary) {
                metadata.put("uuid", new BsonString(HexFormat.of().formatHex(binary.getData())));
            }
            metadata.put("collectionName", new BsonString(name));
            if (!type.isEmpty()) {
                metadata.put("type", new BsonString(type));
            }
            planned.add(new Planned(name, type, metadata, indexes.size()));
        }
        return planned;
    }

    /** The server may not cap batches at 16 MiB (mongo-java-server does not), so size them from the average document. */
    int batchSize(MongoDatabase db, String collection) {
        return batchSize(db, collection, ReadBudget.UNLIMITED);
    }

    int batchSize(MongoDatabase db, String collection, ReadBudget budget) {
        int batchBytes = Math.min(settings.readBatchBytes(), budget.batchBytes());
        try {
            BsonDocument stats = db.runCommand(new BsonDocument("collStats", new BsonString(collection)), BsonDocument.class);
            BsonValue avg = stats.get("avgObjSize");
            if (avg != null && avg.isNumber() && avg.asNumber().doubleValue() >= 1) {
                double size = batchBytes / avg.asNumber().doubleValue();
                return (int) Math.max(1, Math.min(Integer.MAX_VALUE, size));
            }
        } catch (MongoException e) {
            // collStats is optional (deprecated on new servers, refused without privileges): fall through.
        }
        return FALLBACK_BATCH_SIZE;
    }

    /**
     * Iterates a cursor on its own thread, a few chunks ahead of the writer, so that checksumming and
     * writing one batch overlaps the server producing the next (a plain loop leaves each side idle
     * while the other works). At most {@link #AHEAD} chunks of about {@link #CHUNK_BYTES} wait.
     *
     * <p>Under a read budget, the bytes of each cursor batch are paid for when the batch is used up,
     * before the cursor asks the server for the next one: the server's work is paced batch by batch,
     * not a read-ahead later.
     */
    private static final class Prefetcher implements AutoCloseable {
        private static final int AHEAD = 4;
        private static final int CHUNK_BYTES = 1 << 20;
        private static final Object END = new Object();

        private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(AHEAD);
        private final Thread thread;
        private volatile boolean closed;
        private boolean ended;

        private final ReadBudget budget;

        Prefetcher(FindIterable<RawBsonDocument> find, ReadBudget budget) {
            this.budget = budget;
            thread = new Thread(() -> run(find), "daai-dump-cursor");
            thread.setDaemon(true);
            thread.start();
        }

        private void run(FindIterable<RawBsonDocument> find) {
            try (MongoCursor<RawBsonDocument> cursor = find.iterator()) {
                List<RawBsonDocument> chunk = new ArrayList<>();
                long bytes = 0;
                long unpaid = 0;
                boolean paced = budget.limited();
                while (!closed && cursor.hasNext()) {
                    RawBsonDocument doc = cursor.next();
                    chunk.add(doc);
                    int size = doc.getByteBuffer().remaining();
                    bytes += size;
                    unpaid += size;
                    // available() == 0: the batch is used up and the next hasNext() would ask for another.
                    if (paced && cursor.available() == 0) {
                        budget.acquire(unpaid);
                        unpaid = 0;
                    }
                    if (bytes >= CHUNK_BYTES) {
                        put(chunk);
                        chunk = new ArrayList<>();
                        bytes = 0;
                    }
                }
                put(chunk);
                put(END);
            } catch (Throwable t) {
                put(t);
            }
        }

        private void put(Object item) {
            try {
                while (!closed && !queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
                    // The writer is slower; wait unless it gave up.
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** @return the next chunk, or null after the last one */
        @SuppressWarnings("unchecked")
        List<RawBsonDocument> take() throws IOException {
            if (ended) {
                return null;
            }
            Object item;
            try {
                item = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while reading documents for the dump");
            }
            if (item == END) {
                ended = true;
                return null;
            }
            if (item instanceof RuntimeException e) {
                throw e;
            }
            if (item instanceof Error e) {
                throw e;
            }
            if (item instanceof Throwable t) {
                throw new IOException(t);
            }
            return (List<RawBsonDocument>) item;
        }

        @Override
        public void close() {
            closed = true;
            queue.clear();
            try {
                // The cursor (and the session it may use) must be released before the next collection starts.
                thread.join(100);
                if (thread.isAlive()) {
                    // Abandoned mid-collection, perhaps waiting for the read budget: stop the wait.
                    thread.interrupt();
                }
                thread.join(TimeUnit.MINUTES.toMillis(1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The caller owns the stream; the writer must never close it. */
    private static final class NonClosingOutputStream extends FilterOutputStream {
        NonClosingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
