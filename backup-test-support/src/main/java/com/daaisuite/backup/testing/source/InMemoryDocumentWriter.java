package com.daaisuite.backup.testing.source;

import com.daaisuite.backup.core.spi.DocumentWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@link InMemoryDatabaseSource}'s document writer, for the document restore. A document's identity is
 * its bytes up to its first NUL (the whole document when it has none), so {@code "id\0text"} documents
 * behave like MongoDB documents with an {@code _id}. A filter is a Java regular expression found in the
 * document's UTF-8 text.
 */
final class InMemoryDocumentWriter implements DocumentWriter {
    private final ConcurrentHashMap<String, Map<String, List<byte[]>>> databases;
    private final UnaryOperator<Map<String, List<byte[]>>> freeze;

    InMemoryDocumentWriter(ConcurrentHashMap<String, Map<String, List<byte[]>>> databases,
            UnaryOperator<Map<String, List<byte[]>>> freeze) {
        this.databases = databases;
        this.freeze = freeze;
    }

    @Override
    public Predicate<byte[]> filter(String filter) {
        Pattern p;
        try {
            p = Pattern.compile(filter);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("it is not a regular expression: " + e.getDescription(), e);
        }
        return d -> p.matcher(new String(d, StandardCharsets.UTF_8)).find();
    }

    @Override
    public byte[] idOf(byte[] document) {
        for (int i = 0; i < document.length; i++) {
            if (document[i] == 0) {
                return Arrays.copyOf(document, i);
            }
        }
        return document.clone();
    }

    @Override
    public List<byte[]> find(String database, String collection, List<byte[]> ids) {
        List<byte[]> live = databases.getOrDefault(database, Map.of()).getOrDefault(collection, List.of());
        List<byte[]> out = new ArrayList<>();
        for (byte[] id : ids) {
            out.add(live.stream().filter(d -> Arrays.equals(idOf(d), id)).findFirst().map(byte[]::clone).orElse(null));
        }
        return out;
    }

    @Override
    public Outcome write(String database, String collection, List<byte[]> documents, boolean missingOnly) {
        long[] n = new long[3];
        // One atomic step per call: a concurrent dump sees all of this call's writes or none.
        databases.compute(database, (k, old) -> {
            Map<String, List<byte[]>> m = old == null ? new TreeMap<>() : new TreeMap<>(old);
            List<byte[]> docs = new ArrayList<>(m.getOrDefault(collection, List.of()));
            for (byte[] d : documents) {
                int at = -1;
                for (int i = 0; i < docs.size() && at < 0; i++) {
                    at = Arrays.equals(idOf(docs.get(i)), idOf(d)) ? i : -1;
                }
                if (at < 0) {
                    docs.add(d.clone());
                    n[0]++;
                } else if (missingOnly || Arrays.equals(docs.get(at), d)) {
                    n[2]++;
                } else {
                    docs.set(at, d.clone());
                    n[1]++;
                }
            }
            m.put(collection, docs);
            return freeze.apply(m);
        });
        return new Outcome(n[0], n[1], n[2]);
    }
}
