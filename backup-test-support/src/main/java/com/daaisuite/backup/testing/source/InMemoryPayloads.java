package com.daaisuite.backup.testing.source;

import com.daaisuite.backup.core.PayloadCorruptException;
import com.daaisuite.backup.core.spi.CollectionSummary;
import com.daaisuite.backup.core.spi.ProgressListener;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;

/** The in-memory source's payload: its parser (every length, count and CRC checked) and the streams its dump counts with. */
final class InMemoryPayloads {
    private static final int MAX_DOCUMENT = 16 << 20;
    private static final int MAX_COLLECTIONS = 100_000;

    private InMemoryPayloads() {}

    /** @param only the collections a partial dump was limited to, as its payload says */
    record Parsed(String database, Map<String, List<byte[]>> collections, List<CollectionSummary> summaries,
            long documents, long bytes, java.util.Optional<List<String>> only) {}

    static Parsed parse(InputStream payload, ProgressListener progress) throws IOException {
        CountingIn counting = new CountingIn(payload);
        DataInputStream in = new DataInputStream(counting);
        try {
            byte[] magic = new byte[InMemoryDatabaseSource.MAGIC.length];
            in.readFully(magic);
            java.util.Optional<List<String>> only = java.util.Optional.empty();
            if (Arrays.equals(magic, InMemoryDatabaseSource.MAGIC_PARTIAL)) {
                int k = in.readInt();
                if (k < 1 || k > MAX_COLLECTIONS) {
                    throw corrupt("bad count of chosen collections " + k);
                }
                List<String> names = new ArrayList<>();
                for (int i = 0; i < k; i++) {
                    names.add(in.readUTF());
                }
                only = java.util.Optional.of(names);
                in.readFully(magic);
            }
            if (!Arrays.equals(magic, InMemoryDatabaseSource.MAGIC)) {
                throw corrupt("it does not start with " + new String(InMemoryDatabaseSource.MAGIC, StandardCharsets.US_ASCII));
            }
            String database = in.readUTF();
            int n = in.readInt();
            if (n < 0 || n > MAX_COLLECTIONS) {
                throw corrupt("bad collection count " + n);
            }
            Map<String, List<byte[]>> staging = new LinkedHashMap<>();
            List<CollectionSummary> summaries = new ArrayList<>();
            long total = 0;
            for (int i = 0; i < n; i++) {
                String name = in.readUTF();
                long count = in.readLong();
                if (count < 0 || staging.containsKey(name)) {
                    throw corrupt("bad header of collection '" + name + "'");
                }
                List<byte[]> docs = new ArrayList<>();
                CRC32 crc = new CRC32();
                long bytes = 0;
                for (long j = 0; j < count; j++) {
                    int len = in.readInt();
                    if (len < 0 || len > MAX_DOCUMENT) {
                        throw corrupt("bad document length " + len + " in collection '" + name + "'");
                    }
                    byte[] doc = new byte[len];
                    in.readFully(doc);
                    crc.update(intBytes(len));
                    crc.update(doc);
                    docs.add(doc);
                    bytes += len;
                    total++;
                    progress.progress(counting.count, total);
                }
                if (in.readLong() != crc.getValue()) {
                    throw corrupt("CRC mismatch in collection '" + name + "'");
                }
                staging.put(name, docs);
                summaries.add(new CollectionSummary(name, "collection", count, bytes, 1));
            }
            byte[] end = new byte[InMemoryDatabaseSource.END.length];
            in.readFully(end);
            if (!Arrays.equals(end, InMemoryDatabaseSource.END) || in.readLong() != total) {
                throw corrupt("bad trailer");
            }
            // Reading to the end lets the layers below (DBK1, gzip) authenticate their ends before any swap.
            if (in.read() != -1) {
                throw corrupt("bytes follow the trailer");
            }
            return new Parsed(database, staging, summaries, total, counting.count, only);
        } catch (EOFException e) {
            throw new PayloadCorruptException("The in-memory payload is truncated (ended after " + counting.count
                    + " bytes); nothing was restored.", e);
        }
    }

    static PayloadCorruptException corrupt(String what) {
        return new PayloadCorruptException("The in-memory payload is corrupt: " + what + "; nothing was restored.");
    }

    static byte[] intBytes(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    static Map<String, List<byte[]>> freeze(Map<String, List<byte[]>> m) {
        Map<String, List<byte[]>> copy = new TreeMap<>();
        m.forEach((k, v) -> copy.put(k, v.stream().map(byte[]::clone).toList()));
        return Collections.unmodifiableMap(copy);
    }

    static final class Counting extends FilterOutputStream {
        long count;
        final long failAfter;

        Counting(OutputStream out, long failAfter) {
            super(out);
            this.failAfter = failAfter;
        }

        @Override
        public void write(int b) throws IOException {
            check(1);
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            check(len);
            out.write(b, off, len);
            count += len;
        }

        private void check(int len) throws IOException {
            if (failAfter >= 0 && count + len > failAfter) {
                throw new IOException("Injected failure: the in-memory dump lost its connection after " + count + " bytes");
            }
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    static final class NonClosing extends FilterOutputStream {
        NonClosing(OutputStream out) {
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

    static final class CountingIn extends FilterInputStream {
        long count;

        CountingIn(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
