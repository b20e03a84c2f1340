package com.daaisuite.backup.testing.source;

import com.daaisuite.backup.core.spi.DatabaseSource;
import com.daaisuite.backup.core.spi.ProgressListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The hooks a {@link DatabaseSourceContract} needs from a source's test (its source, how to seed and
 * read a database), and the helpers every contract test shares (fresh names, sample data, a dump).
 * Extend {@link DatabaseSourceContract}, not this.
 */
public abstract class DatabaseSourceHooks {
    private static final AtomicInteger NAMES = new AtomicInteger();

    /** @return the source under test (may be the same instance for every test) */
    protected abstract DatabaseSource source();

    /**
     * Replaces a database's content with exactly these collections (empty lists are empty collections).
     *
     * @param database the database
     * @param collections collection name to documents
     * @throws Exception if seeding fails
     */
    protected abstract void seed(String database, Map<String, List<TestDocument>> collections) throws Exception;

    /**
     * Reads a database back: every collection, empty ones included, in any order.
     *
     * @param database the database
     * @return collection name to documents; an empty map for a missing database
     * @throws Exception if reading fails
     */
    protected abstract Map<String, List<TestDocument>> read(String database) throws Exception;

    /**
     * @param hint a readable part
     * @return a database name unused by earlier tests
     */
    protected String databaseName(String hint) {
        return "contract_" + hint + "_" + NAMES.incrementAndGet();
    }

    /**
     * Damaged variants of a valid payload that the source must refuse. The default truncates at
     * several offsets, breaks the magic, and appends bytes after the end; a source whose format
     * carries checksums may add bit flips.
     *
     * @param payload a valid payload
     * @return damaged copies
     */
    protected List<byte[]> damagedVariants(byte[] payload) {
        List<byte[]> v = new ArrayList<>();
        for (int cut : new int[] {0, 1, 7, payload.length / 3, payload.length / 2, payload.length - 9, payload.length - 1}) {
            if (cut >= 0 && cut < payload.length) {
                v.add(java.util.Arrays.copyOf(payload, cut));
            }
        }
        byte[] badMagic = payload.clone();
        badMagic[0] ^= 0x55;
        v.add(badMagic);
        byte[] extra = java.util.Arrays.copyOf(payload, payload.length + 3);
        extra[payload.length] = 1;
        v.add(extra);
        return v;
    }

    // ------------------------------------------------------------------ helpers

    /**
     * @param tag makes the documents of different samples differ
     * @return a small database: three collections (25, 40 and 3 documents) with varied documents
     */
    protected static Map<String, List<TestDocument>> sample(String tag) {
        Map<String, List<TestDocument>> m = new LinkedHashMap<>();
        m.put("customers", docs(tag + "-c", 25));
        m.put("invoices", docs(tag + "-i", 40));
        m.put("audit_log", docs(tag + "-a", 3));
        return m;
    }

    /**
     * @param prefix id prefix
     * @param n how many
     * @return n documents with Unicode text of varied length
     */
    protected static List<TestDocument> docs(String prefix, int n) {
        List<TestDocument> l = new ArrayList<>();
        Random r = new Random(prefix.hashCode());
        for (int i = 0; i < n; i++) {
            l.add(new TestDocument(prefix + "-" + i, "text \u20ac\u00e9 " + i + " " + "x".repeat(r.nextInt(200))));
        }
        return l;
    }

    /**
     * Sorts documents by id and collections by name, so that contents compare regardless of order.
     *
     * @param m a database's content
     * @return the same content in a canonical order
     */
    protected static Map<String, List<TestDocument>> normalized(Map<String, List<TestDocument>> m) {
        Map<String, List<TestDocument>> n = new TreeMap<>();
        m.forEach((k, v) -> n.put(k, v.stream().sorted(Comparator.comparing(TestDocument::id)).toList()));
        return n;
    }

    /**
     * @param database the database to dump
     * @return the payload of a dump of {@code database}
     * @throws IOException if the dump fails
     */
    protected byte[] dump(String database) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        source().dump(database, out, ProgressListener.NONE);
        return out.toByteArray();
    }
}
