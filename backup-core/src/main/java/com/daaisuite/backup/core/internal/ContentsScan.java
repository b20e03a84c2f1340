package com.daaisuite.backup.core.internal;

import com.daaisuite.backup.core.spi.DocumentVisitor;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One payload read document by document: each collection's type, index names, counts and bytes, and
 * for each document an entry {@code (collection, id, SHA-256 of its bytes)} fed to a
 * {@link RecordSorter}, so that {@link #entries()} yields them grouped by collection and ordered by
 * identity, in bounded memory. The one visitor behind inspect, compare, the digests recorded at
 * backup time, and (later) selective restore and the restore drill.
 *
 * <p>An entry's bytes are {@code name 0x00 u32(len id) id digest}: their unsigned lexicographic order
 * is by collection, then identity (length first), then digest, which is the order
 * {@link ContentsDigest} hashes in and {@link ContentsComparer} merges in.
 */
final class ContentsScan implements DocumentVisitor, Closeable {
    static final int DIGEST = 32;

    /** What the scan learned of one collection. */
    static final class Collection {
        final String name;
        String type = "collection";
        List<String> indexNames = List.of();
        long documents;
        long bytes;

        Collection(String name) {
            this.name = name;
        }
    }

    private final Map<String, Collection> collections = new LinkedHashMap<>();
    private final Set<String> uncollected;
    private final Set<String> only;
    private final RecordSorter sorter;
    private final MessageDigest sha;

    /**
     * @param memoryBytes the most entry bytes held in memory before spilling
     * @param spillParent where spills go
     * @param uncollected collections whose documents are counted but not entered (their digests are known)
     */
    ContentsScan(long memoryBytes, Path spillParent, Set<String> uncollected) {
        this(memoryBytes, spillParent, uncollected, null);
    }

    /**
     * @param memoryBytes the most entry bytes held in memory before spilling
     * @param spillParent where spills go
     * @param uncollected collections whose documents are counted but not entered
     * @param only when not null, the only collections whose documents are entered (a collections restore's preview)
     */
    ContentsScan(long memoryBytes, Path spillParent, Set<String> uncollected, Set<String> only) {
        this.sorter = new RecordSorter(memoryBytes, spillParent);
        this.uncollected = Set.copyOf(uncollected);
        this.only = only == null ? null : Set.copyOf(only);
        this.sha = sha256();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable in this JVM", e);
        }
    }

    @Override
    public void collection(String name, String type, List<String> indexNames) {
        Collection c = collections.computeIfAbsent(name, Collection::new);
        c.type = type;
        c.indexNames = List.copyOf(indexNames);
    }

    @Override
    public void document(String collection, byte[] id, byte[] document) {
        Collection c = collections.computeIfAbsent(collection, Collection::new);
        c.documents++;
        c.bytes += document.length;
        if (uncollected.contains(collection) || (only != null && !only.contains(collection))) {
            return;
        }
        byte[] name = collection.getBytes(StandardCharsets.UTF_8);
        byte[] entry = new byte[name.length + 1 + 4 + id.length + DIGEST];
        ByteBuffer b = ByteBuffer.wrap(entry).put(name).put((byte) 0).putInt(id.length).put(id);
        sha.update(document);
        try {
            sha.digest(entry, b.position(), DIGEST);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException(e);
        }
        sorter.add(entry);
    }

    /** @return every collection seen, in payload order */
    Map<String, Collection> collections() {
        return collections;
    }

    /** @return how many sorted runs were spilled */
    int spilledRuns() {
        return sorter.spilledRuns();
    }

    /** @return the spill folder, or null when nothing spilled */
    Path spillFolder() {
        return sorter.spillFolder();
    }

    /** Ends the scan: the entries, grouped by collection, ordered by identity then digest; call once. */
    Entries entries() {
        return new Entries(sorter.sorted());
    }

    @Override
    public void close() {
        sorter.close();
    }

    /** One parsed entry. */
    record Entry(String collection, byte[] id, byte[] digest, byte[] raw) {
        /** @return the entry's bytes without the collection: {@code u32(len id) id digest}, what digests hash */
        int tailOffset() {
            return raw.length - DIGEST - 4 - id.length;
        }

        /** Orders two entries of one collection by identity (length first, as the sort does). */
        static int compareIds(Entry x, Entry y) {
            if (x.id.length != y.id.length) {
                return Integer.compare(x.id.length, y.id.length);
            }
            return Arrays.compareUnsigned(x.id, y.id);
        }
    }

    /** A peekable cursor of parsed entries. */
    static final class Entries {
        private final RecordSorter.Cursor cursor;
        private Entry head;
        private boolean loaded;

        Entries(RecordSorter.Cursor cursor) {
            this.cursor = cursor;
        }

        /** @return the next entry without taking it, or null at the end */
        Entry peek() throws IOException {
            if (!loaded) {
                byte[] r = cursor.next();
                head = r == null ? null : parse(r);
                loaded = true;
            }
            return head;
        }

        /** @return the next entry, or null at the end */
        Entry next() throws IOException {
            Entry e = peek();
            loaded = false;
            return e;
        }

        private static Entry parse(byte[] r) {
            int zero = 0;
            while (r[zero] != 0) {
                zero++;
            }
            int idLen = ByteBuffer.wrap(r, zero + 1, 4).getInt();
            byte[] id = Arrays.copyOfRange(r, zero + 5, zero + 5 + idLen);
            byte[] digest = Arrays.copyOfRange(r, zero + 5 + idLen, r.length);
            return new Entry(new String(r, 0, zero, StandardCharsets.UTF_8), id, digest, r);
        }
    }
}
