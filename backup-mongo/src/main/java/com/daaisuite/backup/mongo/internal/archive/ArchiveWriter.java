package com.daaisuite.backup.mongo.internal.archive;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Objects;
import org.bson.RawBsonDocument;

/**
 * Streaming writer of a plain mongodump archive, laid out as mongodump 100.x does: magic, header
 * (int32 {@code concurrent_collections}, strings {@code version}, {@code server_version},
 * {@code tool_version}), one prelude entry per namespace (strings db, collection, metadata, int32
 * size 0, string type), a terminator, then blocks. A new namespace header is written only when the
 * namespace changes (the open segment is terminated first), so a segment may exceed 16 MiB. Every
 * namespace gets at least one, possibly empty, data segment before its EOF block (int64 CRC-64/XZ).
 * Nothing follows the last block's terminator.
 *
 * <p>Output is buffered internally; {@link #finish()} flushes it. The underlying stream is never
 * closed. Not thread-safe. Misuse (a namespace not in the prelude, a document after its namespace
 * ended, an invalid document) is an {@link IllegalArgumentException} or
 * {@link IllegalStateException}, and leaves the archive unfinished.
 */
public final class ArchiveWriter implements Closeable {
    private static final int BUFFER = 64 * 1024;

    private final OutputStream out;
    private final NamespaceTable table;
    private final byte[] buf = new byte[BUFFER];
    private int fill;
    private long written;
    private NamespaceTable.State open;
    private boolean finished;

    /**
     * Writes the magic, the header and the whole prelude.
     *
     * @throws IllegalArgumentException if a namespace appears twice in the prelude or a metadata
     *                                  string is not valid Extended JSON
     */
    public ArchiveWriter(OutputStream out, ArchiveHeader header, List<CollectionMetadata> prelude) throws IOException {
        this.out = Objects.requireNonNull(out, "out");
        Objects.requireNonNull(header, "header");
        for (CollectionMetadata m : prelude) {
            if (m.collection().isEmpty()) {
                throw new IllegalArgumentException("prelude entry in db '" + m.db() + "' has an empty collection name");
            }
            try {
                MetadataJson.parse(m.metadataJson());
            } catch (BsonLite.Malformed e) {
                throw new IllegalArgumentException("prelude entry " + m.namespace() + ": " + e.getMessage());
            }
        }
        this.table = new NamespaceTable(prelude);
        int4(ArchiveReader.MAGIC);
        BsonLite.Builder h = new BsonLite.Builder()
                .int32("concurrent_collections", header.concurrentCollections())
                .string("version", header.version())
                .string("server_version", header.serverVersion())
                .string("tool_version", header.toolVersion());
        if (header.onlyCollections().isPresent()) {
            h.string(ArchiveHeader.ONLY_COLLECTIONS, OnlyCollections.toJson(header.onlyCollections().get()));
        }
        control(h.build(), "header");
        for (CollectionMetadata m : table.prelude()) {
            control(new BsonLite.Builder()
                    .string("db", m.db())
                    .string("collection", m.collection())
                    .string("metadata", m.metadataJson())
                    .int32("size", 0)
                    .string("type", m.type())
                    .build(), "prelude entry " + m.namespace());
        }
        int4(ArchiveReader.TERMINATOR);
    }

    /**
     * Appends one document to the namespace's data segment, opening a new segment if another
     * namespace was written last. For a timeseries prelude entry X, the body namespace may be X or
     * {@code system.buckets.X}.
     *
     * @throws IllegalArgumentException if the bytes are not one BSON document of 5..16 MiB ending
     *                                  in 0x00, or the namespace is not in the prelude
     * @throws IllegalStateException    if the namespace already ended or the writer finished
     */
    public void writeDocument(String db, String collection, byte[] bson, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, bson.length);
        if (length < ArchiveLimits.MIN_BSON_BYTES || length > ArchiveLimits.MAX_BSON_BYTES) {
            throw new IllegalArgumentException("document for " + db + "." + collection + " has " + length
                    + " bytes; a BSON document has 5 to " + ArchiveLimits.MAX_BSON_BYTES);
        }
        if (BsonLite.readInt32(bson, offset) != length || bson[offset + length - 1] != 0) {
            throw new IllegalArgumentException("bytes for " + db + "." + collection
                    + " are not one BSON document: length prefix " + BsonLite.readInt32(bson, offset)
                    + " for " + length + " bytes, last byte " + (bson[offset + length - 1] & 0xFF));
        }
        NamespaceTable.State s = stateFor(db, collection);
        if (open != s) {
            terminateOpenSegment();
            namespaceHeader(s, false, 0);
            s.hadDataSegment = true;
            open = s;
        }
        s.crc.update(bson, offset, length);
        s.documents++;
        s.bytes += length;
        write(bson, offset, length);
    }

    public void writeDocument(String db, String collection, RawBsonDocument doc) throws IOException {
        java.nio.ByteBuffer b = doc.getByteBuffer().asNIO();
        if (b.hasArray()) {
            writeDocument(db, collection, b.array(), b.arrayOffset() + b.position(), b.remaining());
        } else {
            byte[] copy = new byte[b.remaining()];
            b.get(copy);
            writeDocument(db, collection, copy, 0, copy.length);
        }
    }

    /**
     * Ends a namespace: an empty data segment first if it never had one (as mongodump does), then
     * the EOF block with the CRC-64/XZ of its documents.
     */
    public void endNamespace(String db, String collection) throws IOException {
        NamespaceTable.State s = stateFor(db, collection);
        terminateOpenSegment();
        if (!s.hadDataSegment) {
            namespaceHeader(s, false, 0);
            s.hadDataSegment = true;
            int4(ArchiveReader.TERMINATOR);
        }
        namespaceHeader(s, true, s.crc.getValue());
        int4(ArchiveReader.TERMINATOR);
        table.markEnded(s);
    }

    /**
     * Checks every prelude namespace was ended and flushes. Does not close the underlying stream.
     *
     * @throws IllegalStateException naming the namespaces not ended
     */
    public void finish() throws IOException {
        if (finished) {
            return;
        }
        List<String> unfinished = table.unfinished();
        if (!unfinished.isEmpty()) {
            throw new IllegalStateException("archive not finished: namespaces not ended: " + String.join(", ", unfinished));
        }
        flushBuffer();
        out.flush();
        finished = true;
    }

    /** Bytes of archive produced so far, buffered ones included. */
    public long bytesWritten() {
        return written;
    }

    /** {@link #finish()} if not yet finished; the underlying stream stays open. */
    @Override
    public void close() throws IOException {
        finish();
    }

    private NamespaceTable.State stateFor(String db, String collection) {
        if (finished) {
            throw new IllegalStateException("the archive is already finished");
        }
        NamespaceTable.State s = table.lookup(db, collection);
        if (s == null) {
            throw new IllegalArgumentException("namespace " + db + "." + collection + " cannot be written: "
                    + table.whyUnknown(db, collection));
        }
        if (s.ended) {
            throw new IllegalStateException("namespace " + s.key + " has already ended");
        }
        return s;
    }

    private void terminateOpenSegment() throws IOException {
        if (open != null) {
            int4(ArchiveReader.TERMINATOR);
            open = null;
        }
    }

    private void namespaceHeader(NamespaceTable.State s, boolean eof, long crc) throws IOException {
        control(new BsonLite.Builder()
                .string("db", s.key.db())
                .string("collection", s.key.collection())
                .bool("EOF", eof)
                .int64("CRC", crc)
                .build(), "namespace header of " + s.key);
    }

    private void control(byte[] doc, String what) throws IOException {
        if (doc.length > ArchiveLimits.MAX_BSON_BYTES) {
            throw new IllegalArgumentException(what + " would be " + doc.length + " bytes, over the 16 MiB BSON limit");
        }
        write(doc, 0, doc.length);
    }

    private void int4(int v) throws IOException {
        if (BUFFER - fill < 4) {
            flushBuffer();
        }
        BsonLite.writeInt32(buf, fill, v);
        fill += 4;
        written += 4;
    }

    private void write(byte[] b, int off, int len) throws IOException {
        if (len > BUFFER - fill) {
            flushBuffer();
            if (len >= BUFFER / 2) {
                out.write(b, off, len);
                written += len;
                return;
            }
        }
        System.arraycopy(b, off, buf, fill, len);
        fill += len;
        written += len;
    }

    private void flushBuffer() throws IOException {
        if (fill > 0) {
            out.write(buf, 0, fill);
            fill = 0;
        }
    }
}
