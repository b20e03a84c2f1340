package com.daaisuite.backup.mongo.internal.archive;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.bson.BsonDocument;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;

/** Test helpers: fixtures, whole-archive reads, and a raw builder for hand-made archives. */
final class Archives {
    static final String FIXTURES = "/fixtures/mongodump/";

    private Archives() {
    }

    static byte[] resource(String name) {
        try (InputStream in = Archives.class.getResourceAsStream(FIXTURES + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + FIXTURES + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] gunzip(byte[] gz) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static BsonDocument descriptor(String archiveName) {
        return BsonDocument.parse(new String(resource(archiveName + ".json"), StandardCharsets.UTF_8));
    }

    /** Everything a reader yields, with the namespace-header layout. */
    record Read(ArchiveHeader header, List<CollectionMetadata> prelude, List<ArchiveEntry> entries, List<String> blocks,
            long bytesRead) {
        List<ArchiveEntry.Document> documents(String db, String collection) {
            List<ArchiveEntry.Document> out = new ArrayList<>();
            for (ArchiveEntry e : entries) {
                if (e instanceof ArchiveEntry.Document d && d.db().equals(db) && d.collection().equals(collection)) {
                    out.add(d);
                }
            }
            return out;
        }

        ArchiveEntry.NamespaceEnd end(String db, String collection) {
            for (ArchiveEntry e : entries) {
                if (e instanceof ArchiveEntry.NamespaceEnd n && n.db().equals(db) && n.collection().equals(collection)) {
                    return n;
                }
            }
            throw new AssertionError("no NamespaceEnd for " + db + "." + collection);
        }
    }

    static Read readAll(byte[] archive) throws IOException {
        return readAll(archive, ArchiveLimits.defaults());
    }

    static Read readAll(byte[] archive, ArchiveLimits limits) throws IOException {
        ArchiveReader r = new ArchiveReader(new ByteArrayInputStream(archive), limits, "test archive");
        List<String> blocks = new ArrayList<>();
        r.blockListener((offset, db, coll, eof) -> blocks.add(db + "." + coll + (eof ? " EOF" : "")));
        List<ArchiveEntry> entries = new ArrayList<>();
        for (ArchiveEntry e = r.next(); e != null; e = r.next()) {
            entries.add(e);
        }
        return new Read(r.header(), r.prelude(), entries, blocks, r.bytesRead());
    }

    /** Entries in a comparable form (document bytes as hex-free equality via List<Object>). */
    static List<Object> comparable(List<ArchiveEntry> entries) {
        List<Object> out = new ArrayList<>(entries.size());
        for (ArchiveEntry e : entries) {
            if (e instanceof ArchiveEntry.Document d) {
                out.add(List.of(d.db(), d.collection(), ByteBuffer.wrap(d.bson())));
            } else {
                out.add(e);
            }
        }
        return out;
    }

    static byte[] bson(BsonDocument doc) {
        RawBsonDocument raw = new RawBsonDocument(doc, new BsonDocumentCodec());
        ByteBuffer b = raw.getByteBuffer().asNIO();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    /** Re-writes what a reader yields with {@link ArchiveWriter}: the same header, prelude and entry order. */
    static byte[] rewrite(Read read) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ArchiveWriter w = new ArchiveWriter(out, read.header(), read.prelude())) {
            for (ArchiveEntry e : read.entries()) {
                if (e instanceof ArchiveEntry.Document d) {
                    w.writeDocument(d.db(), d.collection(), d.bson(), 0, d.bson().length);
                } else {
                    w.endNamespace(e.db(), e.collection());
                }
            }
        }
        return out.toByteArray();
    }

    /** Offsets of every int32 framing field (document lengths and terminators) of a valid archive. */
    static List<Integer> framingOffsets(byte[] archive) {
        List<Integer> out = new ArrayList<>();
        int p = 4;
        while (p < archive.length) {
            out.add(p);
            int n = BsonLite.readInt32(archive, p);
            p += n == -1 ? 4 : n;
        }
        return out;
    }

    /** Hand-made archives, including invalid ones. */
    static final class Raw {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        static Raw archive() {
            return new Raw().int32(ArchiveReader.MAGIC);
        }

        Raw int32(int v) {
            byte[] b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
            out.writeBytes(b);
            return this;
        }

        Raw doc(BsonDocument d) {
            out.writeBytes(bson(d));
            return this;
        }

        Raw doc(String json) {
            return doc(BsonDocument.parse(json));
        }

        Raw bytes(byte[] b) {
            out.writeBytes(b);
            return this;
        }

        Raw terminator() {
            return int32(-1);
        }

        /** A standard header (int32 4, "0.1", "7.0.12", "test"). */
        Raw header() {
            return doc("{concurrent_collections: 4, version: '0.1', server_version: '7.0.12', tool_version: 'test'}");
        }

        Raw preludeEntry(String db, String coll) {
            return doc(new BsonDocument("db", new org.bson.BsonString(db)).append("collection", new org.bson.BsonString(coll))
                    .append("metadata", new org.bson.BsonString("")).append("size", new org.bson.BsonInt32(0))
                    .append("type", new org.bson.BsonString("collection")));
        }

        Raw nsHeader(String db, String coll, boolean eof, long crc) {
            return doc(new BsonDocument("db", new org.bson.BsonString(db)).append("collection", new org.bson.BsonString(coll))
                    .append("EOF", org.bson.BsonBoolean.valueOf(eof)).append("CRC", new org.bson.BsonInt64(crc)));
        }

        /** A data segment with the documents, then its terminator. */
        Raw segment(String db, String coll, byte[]... docs) {
            nsHeader(db, coll, false, 0);
            for (byte[] d : docs) {
                bytes(d);
            }
            return terminator();
        }

        /** The EOF block with the CRC of the documents given. */
        Raw eof(String db, String coll, byte[]... allDocs) {
            Crc64 c = new Crc64();
            for (byte[] d : allDocs) {
                c.update(d, 0, d.length);
            }
            return nsHeader(db, coll, true, c.getValue()).terminator();
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
