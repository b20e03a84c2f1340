package com.daaisuite.backup.testing.source;

import com.daaisuite.backup.core.SourceException;
import com.daaisuite.backup.core.spi.CollectionSummary;
import com.daaisuite.backup.core.spi.DatabaseSource;
import com.daaisuite.backup.core.spi.DumpSummary;
import com.daaisuite.backup.core.spi.ProgressListener;
import com.daaisuite.backup.core.spi.RestoreSummary;
import com.daaisuite.backup.core.spi.RestoreTarget;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.zip.CRC32;

/**
 * A thread-safe {@link DatabaseSource} that keeps databases in memory: a <b>test double</b> for
 * core's tests, examples and demos. Databases are named collections of opaque {@code byte[]}
 * documents.
 *
 * <p>It is honest: it passes {@link DatabaseSourceContract}. Its payload format ({@value #FORMAT}) is
 * self-checking, so truncation and corruption are detected like a real archive's:
 * <pre>
 * "DAAIMEM1"  UTF(database)  int(collections)
 *   per collection: UTF(name) long(count) { int(length) bytes }* long(CRC-32 of every length and document)
 * "DAAIEND1"  long(total documents)   then end of stream
 * </pre>
 * Restore is validate-before-swap: the whole payload is parsed into a staging copy, read to its end,
 * and only then swapped in atomically; the live database is never partly replaced.
 *
 * <p>Failure injection for tests: {@link #failNextDump}, {@link #failNextDumpAfterBytes},
 * {@link #failNextRestoreBeforeSwap}, {@link #failDrop}; hooks: {@link #onDump}; counters: {@link #dumpCount()},
 * {@link #restoreCount()}.
 */
public final class InMemoryDatabaseSource implements DatabaseSource {
    /** The payload format name. */
    public static final String FORMAT = "daai-memory-v1";
    static final byte[] MAGIC = "DAAIMEM1".getBytes(StandardCharsets.US_ASCII);
    static final byte[] END = "DAAIEND1".getBytes(StandardCharsets.US_ASCII);
    /** Starts a dump of chosen collections: the names follow, then the ordinary payload. */
    static final byte[] MAGIC_PARTIAL = "DAAIMEMP".getBytes(StandardCharsets.US_ASCII);

    private final ConcurrentHashMap<String, Map<String, List<byte[]>>> databases = new ConcurrentHashMap<>();
    private final AtomicReference<RuntimeException> nextDumpFailure = new AtomicReference<>();
    private final AtomicLong nextDumpFailAfter = new AtomicLong(-1);
    private final AtomicReference<RuntimeException> nextRestoreFailure = new AtomicReference<>();
    private final AtomicReference<RuntimeException> nextJournalReadFailure = new AtomicReference<>();
    private final AtomicReference<RuntimeException> dropFailure = new AtomicReference<>();
    private final AtomicInteger dropsUntilFailure = new AtomicInteger();
    private final AtomicInteger dumps = new AtomicInteger();
    private final AtomicInteger partialDumps = new AtomicInteger();
    private volatile boolean dumpsCollections = true;
    private final AtomicInteger restores = new AtomicInteger();
    private volatile boolean pointInTime = true;
    private volatile Consumer<String> dumpHook = db -> {};

    // ------------------------------------------------------------------ test helpers

    /**
     * Replaces a database's content.
     *
     * @param database the database
     * @param collections collection name to documents; copied
     */
    public void putDatabase(String database, Map<String, List<byte[]>> collections) {
        databases.put(database, InMemoryPayloads.freeze(collections));
    }

    /**
     * Adds documents to a collection (creating it, and the database, if needed).
     *
     * @param database the database
     * @param collection the collection
     * @param documents the documents; copied
     */
    public void insert(String database, String collection, byte[]... documents) {
        databases.compute(database, (k, old) -> {
            Map<String, List<byte[]>> m = old == null ? new TreeMap<>() : new TreeMap<>(old);
            List<byte[]> docs = new ArrayList<>(m.getOrDefault(collection, List.of()));
            for (byte[] d : documents) {
                docs.add(d.clone());
            }
            m.put(collection, docs);
            return InMemoryPayloads.freeze(m);
        });
    }

    /**
     * @param database the database
     * @return a copy of its collections (sorted by name), empty if it does not exist
     */
    public Map<String, List<byte[]>> database(String database) {
        Map<String, List<byte[]>> m = databases.getOrDefault(database, Map.of());
        Map<String, List<byte[]>> copy = new TreeMap<>();
        m.forEach((k, v) -> copy.put(k, v.stream().map(byte[]::clone).toList()));
        return copy;
    }

    /** @param database the database @return true if it exists */
    public boolean exists(String database) {
        return databases.containsKey(database);
    }

    /** Whether the database exists, as a server would answer (a restore drill refuses an existing scratch name). */
    @Override
    public boolean databaseExists(String database) {
        return databases.containsKey(database);
    }

    /** Drops the database, as a restore drill drops its scratch database; see {@link #failDrop}. */
    @Override
    public void dropDatabase(String database) {
        RuntimeException f = dropFailure.get();
        if (f != null && dropsUntilFailure.decrementAndGet() == 0 && dropFailure.compareAndSet(f, null)) {
            throw f;
        }
        databases.remove(database);
    }

    /**
     * Makes the {@code nth} {@link #dropDatabase} from now on (1 = the next) throw {@code failure} and drop
     * nothing, like a server refusing the command. Fires once. (A restore drill drops its scratch
     * database twice: once before it starts, to prove it can, and once at the end.)
     *
     * @param nth which drop, 1 or more
     * @param failure what to throw
     * @return this source
     */
    public InMemoryDatabaseSource failDrop(int nth, RuntimeException failure) {
        if (nth < 1) {
            throw new IllegalArgumentException("nth must be at least 1, was " + nth);
        }
        dropsUntilFailure.set(nth);
        dropFailure.set(failure);
        return this;
    }

    /**
     * Makes the next dump fail at once with {@code failure}.
     *
     * @param failure what to throw
     * @return this source
     */
    public InMemoryDatabaseSource failNextDump(RuntimeException failure) {
        nextDumpFailure.set(failure);
        return this;
    }

    /**
     * Makes the next dump throw an {@link IOException} after writing {@code bytes} payload bytes,
     * like a connection lost mid-dump.
     *
     * @param bytes bytes written before the failure
     * @return this source
     */
    public InMemoryDatabaseSource failNextDumpAfterBytes(long bytes) {
        nextDumpFailAfter.set(bytes);
        return this;
    }

    /**
     * Makes the next restore fail after the payload was fully read and validated, just before the
     * swap (like a database refusing the write): the live database must stay as it was.
     *
     * @param failure what to throw
     * @return this source
     */
    public InMemoryDatabaseSource failNextRestoreBeforeSwap(RuntimeException failure) {
        nextRestoreFailure.set(failure);
        return this;
    }

    /**
     * Makes the next {@link #interruptedRestore} throw {@code failure}: what a source whose server is
     * down does at the first read of an operation.
     *
     * @param failure what to throw
     * @return this source
     */
    public InMemoryDatabaseSource failNextJournalRead(RuntimeException failure) {
        nextJournalReadFailure.set(failure);
        return this;
    }

    /** Keeps no journal (its restore switches at once), so nothing is ever interrupted; see {@link #failNextJournalRead}. */
    @Override
    public java.util.Optional<String> interruptedRestore(String database) {
        RuntimeException x = nextJournalReadFailure.getAndSet(null);
        if (x != null) {
            throw x;
        }
        return java.util.Optional.empty();
    }

    /**
     * @param consistent whether dumps report themselves as point-in-time (default true)
     * @return this source
     */
    public InMemoryDatabaseSource pointInTime(boolean consistent) {
        this.pointInTime = consistent;
        return this;
    }

    /**
     * @param hook called with the database name at the start of every dump, on the dumping thread
     *     (tests block it to hold a backup open)
     * @return this source
     */
    public InMemoryDatabaseSource onDump(Consumer<String> hook) {
        this.dumpHook = Objects.requireNonNull(hook, "hook");
        return this;
    }

    /** @return dumps started so far */
    public int dumpCount() {
        return dumps.get();
    }

    /** @return restores that swapped data in so far */
    public int restoreCount() {
        return restores.get();
    }

    // ------------------------------------------------------------------ the SPI

    @Override
    public String payloadFormat() {
        return FORMAT;
    }

    @Override
    public boolean recognizes(byte[] prefix, int length) {
        return length >= MAGIC.length && (Arrays.equals(prefix, 0, MAGIC.length, MAGIC, 0, MAGIC.length)
                || Arrays.equals(prefix, 0, MAGIC.length, MAGIC_PARTIAL, 0, MAGIC.length));
    }

    @Override
    public DumpSummary dump(String database, OutputStream out, ProgressListener progress) throws IOException {
        return dump(database, null, out, progress);
    }

    /** Dumps chosen collections, marked as such at the start of the payload. */
    @Override
    public boolean dumpsCollections() {
        return dumpsCollections;
    }

    @Override
    public DumpSummary dumpCollections(String database, java.util.Set<String> collections, OutputStream out,
            ProgressListener progress, com.daaisuite.backup.core.spi.ReadBudget budget) throws IOException {
        if (!dumpsCollections) {
            return DatabaseSource.super.dumpCollections(database, collections, out, progress, budget);
        }
        if (collections.isEmpty()) {
            throw new IllegalArgumentException("Name at least one collection to dump");
        }
        partialDumps.incrementAndGet();
        return dump(database, new java.util.TreeSet<>(collections), out, progress);
    }

    /** @return how many dumps of chosen collections ran */
    public int partialDumpCount() {
        return partialDumps.get();
    }

    /**
     * Turns dumps of chosen collections off (the SPI's default), as for a source written before they existed.
     *
     * @param on whether {@link #dumpCollections} is offered
     * @return this source
     */
    public InMemoryDatabaseSource dumpsCollections(boolean on) {
        this.dumpsCollections = on;
        return this;
    }

    private DumpSummary dump(String database, java.util.SortedSet<String> only, OutputStream out, ProgressListener progress)
            throws IOException {
        dumps.incrementAndGet();
        dumpHook.accept(database);
        RuntimeException injected = nextDumpFailure.getAndSet(null);
        if (injected != null) {
            throw injected;
        }
        long failAfter = nextDumpFailAfter.getAndSet(-1);
        Map<String, List<byte[]>> snapshot = new TreeMap<>(databases.getOrDefault(database, Map.of()));
        if (only != null) {
            snapshot.keySet().retainAll(only);
        }
        // Buffered below the counter, so that the many small writes of DataOutputStream reach the pipeline in blocks.
        java.io.BufferedOutputStream buffered = new java.io.BufferedOutputStream(new InMemoryPayloads.NonClosing(out), 64 * 1024);
        InMemoryPayloads.Counting counting = new InMemoryPayloads.Counting(buffered, failAfter);
        DataOutputStream d = new DataOutputStream(counting);
        if (only != null) {
            d.write(MAGIC_PARTIAL);
            d.writeInt(only.size());
            for (String c : only) {
                d.writeUTF(c);
            }
        }
        d.write(MAGIC);
        d.writeUTF(database);
        d.writeInt(snapshot.size());
        List<CollectionSummary> cols = new ArrayList<>();
        long total = 0;
        for (Map.Entry<String, List<byte[]>> c : new TreeMap<>(snapshot).entrySet()) {
            d.writeUTF(c.getKey());
            d.writeLong(c.getValue().size());
            CRC32 crc = new CRC32();
            long bytes = 0;
            for (byte[] doc : c.getValue()) {
                d.writeInt(doc.length);
                d.write(doc);
                crc.update(InMemoryPayloads.intBytes(doc.length));
                crc.update(doc);
                bytes += doc.length;
                total++;
                progress.progress(counting.count + 0L, total);
            }
            d.writeLong(crc.getValue());
            cols.add(new CollectionSummary(c.getKey(), "collection", c.getValue().size(), bytes, 1));
        }
        d.write(END);
        d.writeLong(total);
        d.flush();
        progress.progress(counting.count, total);
        return new DumpSummary(database, cols, total, counting.count, pointInTime, "in-memory-1",
                pointInTime ? List.of() : List.of("the in-memory source was told to report dumps as not point-in-time"),
                only == null ? java.util.Optional.empty() : java.util.Optional.of(List.copyOf(only)));
    }

    @Override
    public RestoreSummary restore(InputStream payload, RestoreTarget target, ProgressListener progress) throws IOException {
        return restore(payload, target, progress, () -> { });
    }

    /**
     * Parses the whole payload (its "staging"), then runs {@code beforeSwap}, then replaces the
     * database in one step; when {@code beforeSwap} throws, the database is left as it was.
     */
    @Override
    public RestoreSummary restore(InputStream payload, RestoreTarget target, ProgressListener progress, Runnable beforeSwap)
            throws IOException {
        InMemoryPayloads.Parsed p = InMemoryPayloads.parse(payload, progress);
        String expected = target.fromDatabase().orElse(target.database());
        if (!p.database().equals(expected)) {
            throw new SourceException("The payload is a dump of database '" + p.database() + "', not of '" + expected
                    + "'; nothing was restored. To restore it into '" + target.database()
                    + "' deliberately, use RestoreTarget.mapping(\"" + p.database() + "\", \"" + target.database() + "\").");
        }
        if (!target.wholeDatabase()) {
            return restoreCollections(p, target, beforeSwap);
        }
        beforeSwap.run();
        // An injected failure models the swap itself failing: after the caller's beforeSwap (gate entered).
        RuntimeException injected = nextRestoreFailure.getAndSet(null);
        if (injected != null) {
            throw injected;
        }
        Map<String, List<byte[]>> old = databases.put(target.database(), InMemoryPayloads.freeze(p.collections()));
        List<String> dropped = new ArrayList<>();
        if (old != null) {
            for (String name : old.keySet()) {
                if (!p.collections().containsKey(name)) {
                    dropped.add(name);
                }
            }
        }
        Collections.sort(dropped);
        restores.incrementAndGet();
        return new RestoreSummary(target.database(), p.summaries(), p.documents(), p.bytes(), dropped);
    }

    /** Restores chosen collections: each becomes exactly the payload's, in one step; every other one is kept. */
    @Override
    public boolean restoresCollections() {
        return true;
    }

    private RestoreSummary restoreCollections(InMemoryPayloads.Parsed p, RestoreTarget target, Runnable beforeSwap) {
        java.util.Set<String> chosen = target.collections().orElseThrow();
        List<String> missing = chosen.stream().filter(c -> !p.collections().containsKey(c)).toList();
        if (!missing.isEmpty()) {
            throw new SourceException("The payload holds no collection " + missing + ", so nothing was restored; "
                    + "choose collections the payload holds.");
        }
        beforeSwap.run();
        RuntimeException injected = nextRestoreFailure.getAndSet(null);
        if (injected != null) {
            throw injected;
        }
        databases.compute(target.database(), (k, old) -> {
            Map<String, List<byte[]>> m = old == null ? new TreeMap<>() : new TreeMap<>(old);
            chosen.forEach(c -> m.put(c, p.collections().get(c)));
            return InMemoryPayloads.freeze(m);
        });
        List<CollectionSummary> summaries = p.summaries().stream().filter(c -> chosen.contains(c.name())).toList();
        restores.incrementAndGet();
        return new RestoreSummary(target.database(), summaries, summaries.stream().mapToLong(CollectionSummary::documents).sum(),
                p.bytes(), List.of());
    }

    @Override
    public DumpSummary inspectPayload(InputStream payload) throws IOException {
        InMemoryPayloads.Parsed p = InMemoryPayloads.parse(payload, ProgressListener.NONE);
        return new DumpSummary(p.database(), p.summaries(), p.documents(), p.bytes(), pointInTime, "in-memory-1", List.of(),
                p.only());
    }

    /**
     * Documents are opaque here, so each one is its own identity: a comparison sees a changed
     * document as one removed and one added, never as changed. Identities read as JSON strings of
     * the documents' UTF-8 text.
     */
    @Override
    public java.util.Optional<com.daaisuite.backup.core.spi.ContentsReader> contentsReader() {
        return java.util.Optional.of(new com.daaisuite.backup.core.spi.ContentsReader() {
            @Override
            public void read(InputStream payload, com.daaisuite.backup.core.spi.DocumentVisitor visitor) throws IOException {
                InMemoryPayloads.Parsed p = InMemoryPayloads.parse(payload, ProgressListener.NONE);
                p.collections().keySet().forEach(c -> visitor.collection(c, "collection", List.of()));
                p.collections().forEach((c, docs) -> docs.forEach(d -> visitor.document(c, d.clone(), d.clone())));
            }

            @Override
            public String idToText(byte[] id) {
                return "\"" + new String(id, StandardCharsets.UTF_8).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
            }

            @Override
            public byte[] idFromText(String text) {
                String t = text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")
                        ? text.substring(1, text.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\") : text;
                return t.getBytes(StandardCharsets.UTF_8);
            }
        });
    }

    /** @return an {@link InMemoryDocumentWriter}: identities are the bytes before the first NUL, filters regular expressions */
    @Override
    public java.util.Optional<com.daaisuite.backup.core.spi.DocumentWriter> documentWriter() {
        return java.util.Optional.of(new InMemoryDocumentWriter(databases, InMemoryPayloads::freeze));
    }

    @Override
    public String describe() {
        return "memory:source";
    }

    @Override
    public String toString() {
        return "InMemoryDatabaseSource" + databases.keySet();
    }
}
