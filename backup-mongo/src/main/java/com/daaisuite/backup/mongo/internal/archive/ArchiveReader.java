package com.daaisuite.backup.mongo.internal.archive;

import com.daaisuite.backup.core.PayloadCorruptException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Pull reader of a plain (not gzipped) mongodump archive. The constructor reads the magic, the
 * header and the prelude; {@link #next()} then yields the documents and namespace ends in archive
 * order.
 *
 * <p>Everything is checked as it streams: BSON lengths (5 to the configured maximum, trailing
 * 0x00, or the terminator -1), the types of header, prelude and namespace-header fields, metadata
 * JSON, that every body namespace is declared, no data after a namespace's EOF block, the CRC of
 * each namespace before its {@link ArchiveEntry.NamespaceEnd} is returned, that every declared
 * namespace ended, and that nothing follows the final terminator. A violation is a
 * {@link PayloadCorruptException} with the byte offset and namespace, and it is sticky.
 *
 * <p>Documents of a namespace are returned before its CRC can be checked (the CRC comes after
 * them), so a consumer must treat them as provisional until the namespace's
 * {@code NamespaceEnd} arrives.
 *
 * <p>Namespace headers are checked as strictly as mongorestore 100.14+: only the keys db,
 * collection, EOF and CRC, with types string, string, boolean, int64; db and collection required.
 * The header and prelude are checked as leniently as mongorestore: unknown keys are ignored,
 * absent fields read as 0 or "", prelude {@code size} is not interpreted.
 *
 * <p>The grammar lives here, reading a field and checking it side by side, so that every rule of the
 * format is enforced at the one place its bytes are read; {@link FramedInput} reads the framed bytes.
 */
public final class ArchiveReader implements ArchiveSource {
    static final int MAGIC = 0x8199E26D;
    static final int TERMINATOR = -1;

    private enum Where { BETWEEN_BLOCKS, IN_SEGMENT, DONE }

    private final ArchiveLimits limits;
    private final String source;
    private final FramedInput input;

    private final ArchiveHeader header;
    private final NamespaceTable table;
    private Where where = Where.BETWEEN_BLOCKS;
    private NamespaceTable.State open;
    private String failure;
    private BlockListener blockListener = (offset, db, collection, eof) -> { };

    /** Observes every namespace header read; lets tests check the block layout of real archives. */
    interface BlockListener {
        void block(long offset, String db, String collection, boolean eof);
    }

    public ArchiveReader(InputStream in, ArchiveLimits limits) throws IOException {
        this(in, limits, "mongodump archive");
    }

    /**
     * @param source names the payload in error messages (e.g. "snapshot acme/2026-01-01 payload");
     *               never put secrets in it
     */
    public ArchiveReader(InputStream in, ArchiveLimits limits, String source) throws IOException {
        Objects.requireNonNull(in, "in");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.source = Objects.requireNonNull(source, "source");
        this.input = new FramedInput(in, limits, source, this::corrupt);
        try {
            readMagic();
            this.header = readHeader();
            this.table = readPrelude();
        } catch (PayloadCorruptException e) {
            failure = e.getMessage();
            throw e;
        }
    }

    void blockListener(BlockListener listener) {
        this.blockListener = Objects.requireNonNull(listener, "listener");
    }

    public ArchiveHeader header() {
        return header;
    }

    @Override
    public java.util.Optional<List<String>> onlyCollections() {
        return header.onlyCollections();
    }

    @Override
    public List<CollectionMetadata> prelude() {
        return table.prelude();
    }

    /** Bytes consumed so far; at the clean end, the archive's length. */
    public long bytesRead() {
        return input.bytesRead();
    }

    @Override
    public ArchiveEntry next() throws IOException {
        if (failure != null) {
            throw new PayloadCorruptException(failure + " (reported earlier; the reader stays failed)");
        }
        try {
            return step();
        } catch (PayloadCorruptException e) {
            failure = e.getMessage();
            throw e;
        } catch (IOException | RuntimeException e) {
            failure = source + ": reading failed at byte offset " + bytesRead() + ": " + e;
            throw e;
        }
    }

    /** Does not close the underlying stream: the caller owns it. */
    @Override
    public void close() {
        where = Where.DONE;
    }

    private ArchiveEntry step() throws IOException {
        while (true) {
            switch (where) {
                case DONE:
                    return null;
                case IN_SEGMENT: {
                    long at = bytesRead();
                    int n = input.readLength(at, open.ns, "a document or the segment's terminator");
                    if (n == TERMINATOR) {
                        where = Where.BETWEEN_BLOCKS;
                        open = null;
                        continue;
                    }
                    byte[] doc = input.readDocument(n, at, open.ns, "document");
                    open.crc.update(doc, 0, doc.length);
                    open.documents++;
                    open.bytes += doc.length;
                    return new ArchiveEntry.Document(open.key.db(), open.key.collection(), doc);
                }
                case BETWEEN_BLOCKS: {
                    long at = bytesRead();
                    if (input.atEnd()) {
                        if (!table.allEnded()) {
                            List<String> unfinished = table.unfinished();
                            throw corrupt(at, null, "the archive ends (truncated?) before every namespace was finished: "
                                    + String.join(", ", unfinished.subList(0, Math.min(10, unfinished.size())))
                                    + (unfinished.size() > 10 ? " and " + (unfinished.size() - 10) + " more" : ""));
                        }
                        where = Where.DONE;
                        return null;
                    }
                    int n = input.readLength(at, null, "a namespace header");
                    if (n == TERMINATOR) {
                        throw corrupt(at, null, table.allEnded()
                                ? "a terminator follows the end of the archive (two terminators in a row; nothing may follow the last block)"
                                : "two terminators in a row (a block without namespace header)");
                    }
                    if (table.allEnded()) {
                        throw corrupt(at, null, "data follows the end of the archive: every namespace has already ended");
                    }
                    byte[] doc = input.readDocument(n, at, null, "namespace header");
                    ArchiveEntry end = block(doc, at);
                    if (end != null) {
                        return end;
                    }
                    continue;
                }
                default:
                    throw new IllegalStateException(String.valueOf(where));
            }
        }
    }

    /** Handles a namespace header; returns the NamespaceEnd for an EOF block, null for a data segment. */
    private ArchiveEntry block(byte[] doc, long at) throws IOException {
        String db = null;
        String collection = null;
        boolean eof = false;
        long crc = 0;
        Set<String> seen = new HashSet<>(8);
        try {
            for (BsonLite.Element e : BsonLite.elements(doc)) {
                if (!seen.add(e.name())) {
                    throw new BsonLite.Malformed("field '" + e.name() + "' appears twice");
                }
                switch (e.name()) {
                    case "db":
                        db = BsonLite.stringValue(doc, expect(e, BsonLite.STRING));
                        break;
                    case "collection":
                        collection = BsonLite.stringValue(doc, expect(e, BsonLite.STRING));
                        break;
                    case "EOF":
                        eof = doc[expect(e, BsonLite.BOOLEAN).valueOffset()] == 1;
                        break;
                    case "CRC":
                        crc = BsonLite.readInt64(doc, expect(e, BsonLite.INT64).valueOffset());
                        break;
                    default:
                        throw new BsonLite.Malformed("unknown field '" + e.name() + "' (only db, collection, EOF, CRC are allowed)");
                }
            }
            if (db == null) {
                throw new BsonLite.Malformed("field 'db' is missing");
            }
            if (collection == null || collection.isEmpty()) {
                throw new BsonLite.Malformed("field 'collection' is missing or empty");
            }
        } catch (BsonLite.Malformed m) {
            throw corrupt(at, db == null || collection == null ? null : db + "." + collection, "invalid namespace header: " + m.getMessage());
        }
        String ns = db + "." + collection;
        NamespaceTable.State s = table.lookup(db, collection);
        if (s == null) {
            throw corrupt(at, ns, "the body has a block for this namespace but " + table.whyUnknown(db, collection));
        }
        if (s.ended) {
            throw corrupt(at, ns, "a block follows this namespace's EOF block");
        }
        blockListener.block(at, db, collection, eof);
        if (!eof) {
            if (crc != 0) {
                // mongodump always writes 0 here and mongorestore ignores it: anything else is damage.
                throw corrupt(at, ns, String.format("a data segment header carries CRC 0x%016x; only EOF headers carry a CRC", crc));
            }
            s.hadDataSegment = true;
            open = s;
            where = Where.IN_SEGMENT;
            return null;
        }
        long after = bytesRead();
        int n = input.readLength(after, ns, "the EOF block's terminator");
        if (n != TERMINATOR) {
            throw corrupt(after, ns, "a document follows the EOF header; an EOF block carries no documents");
        }
        long actual = s.crc.getValue();
        if (actual != crc) {
            throw corrupt(at, ns, String.format("CRC mismatch: the EOF block stores 0x%016x but the namespace's %d documents "
                    + "(%d bytes) have CRC-64 0x%016x; the documents were altered or reordered", crc, s.documents, s.bytes, actual));
        }
        table.markEnded(s);
        return new ArchiveEntry.NamespaceEnd(db, collection, s.documents, s.bytes, crc);
    }

    private void readMagic() throws IOException {
        byte[] m = new byte[4];
        int got = input.readUpTo(m, 0, 4);
        if (got < 4) {
            throw corrupt(0, null, "too short to be a mongodump archive (" + got + " bytes)");
        }
        int magic = BsonLite.readInt32(m, 0);
        if (magic != MAGIC) {
            String hint = (m[0] & 0xFF) == 0x1F && (m[1] & 0xFF) == 0x8B ? "; it starts like gzip data: decompress it first" : "";
            throw corrupt(0, null, String.format("not a mongodump archive: it starts with %02X %02X %02X %02X, not the magic 6D E2 99 81%s",
                    m[0], m[1], m[2], m[3], hint));
        }
    }

    private ArchiveHeader readHeader() throws IOException {
        long at = bytesRead();
        int n = input.readLength(at, null, "the header document");
        if (n == TERMINATOR) {
            throw corrupt(at, null, "a terminator where the header document must be");
        }
        byte[] doc = input.readDocument(n, at, null, "header document");
        int concurrent = 0;
        String version = "";
        String serverVersion = "";
        String toolVersion = "";
        java.util.Optional<List<String>> only = java.util.Optional.empty();
        Set<String> seen = new HashSet<>(8);
        try {
            for (BsonLite.Element e : BsonLite.elements(doc)) {
                switch (e.name()) {
                    case "concurrent_collections":
                        concurrent = int32Value(doc, e);
                        break;
                    case "version":
                        version = BsonLite.stringValue(doc, expect(e, BsonLite.STRING));
                        break;
                    case "server_version":
                        serverVersion = BsonLite.stringValue(doc, expect(e, BsonLite.STRING));
                        break;
                    case "tool_version":
                        toolVersion = BsonLite.stringValue(doc, expect(e, BsonLite.STRING));
                        break;
                    case ArchiveHeader.ONLY_COLLECTIONS:
                        only = java.util.Optional.of(OnlyCollections.fromJson(BsonLite.stringValue(doc, expect(e, BsonLite.STRING))));
                        break;
                    default:
                        continue; // mongorestore ignores unknown header fields
                }
                if (!seen.add(e.name())) {
                    throw new BsonLite.Malformed("field '" + e.name() + "' appears twice");
                }
            }
        } catch (BsonLite.Malformed m) {
            throw corrupt(at, null, "invalid header document: " + m.getMessage());
        }
        return new ArchiveHeader(concurrent, version, serverVersion, toolVersion, only);
    }

    private NamespaceTable readPrelude() throws IOException {
        List<CollectionMetadata> entries = new ArrayList<>();
        long metadataBytes = 0;
        while (true) {
            long at = bytesRead();
            int n = input.readLength(at, null, "a collection-metadata document or the prelude's terminator");
            if (n == TERMINATOR) {
                break;
            }
            if (entries.size() >= limits.maxPreludeEntries()) {
                throw corrupt(at, null, "the prelude declares more than " + limits.maxPreludeEntries() + " namespaces (limit)");
            }
            metadataBytes += n;
            if (metadataBytes > limits.maxMetadataBytes()) {
                throw corrupt(at, null, "the prelude holds more than " + limits.maxMetadataBytes() + " bytes of metadata (limit;"
                        + " it follows the heap: MongoDatabaseSource.builder().maxMetadataBytes, or a larger -Xmx, raises it)");
            }
            byte[] doc = input.readDocument(n, at, null, "collection-metadata document");
            CollectionMetadata m = preludeEntry(doc, at);
            entries.add(m);
        }
        try {
            return new NamespaceTable(entries);
        } catch (IllegalArgumentException e) {
            throw corrupt(bytesRead(), null, "invalid prelude: " + e.getMessage());
        }
    }

    private CollectionMetadata preludeEntry(byte[] doc, long at) {
        String db = null;
        String collection = null;
        String metadata = "";
        String type = "";
        Set<String> seen = new HashSet<>(8);
        try {
            for (BsonLite.Element e : BsonLite.elements(doc)) {
                switch (e.name()) {
                    case "db":
                        db = BsonLite.stringValue(doc, expect(e, BsonLite.STRING));
                        break;
                    case "collection":
                        collection = BsonLite.stringValue(doc, expect(e, BsonLite.STRING));
                        break;
                    case "metadata":
                        metadata = BsonLite.stringValue(doc, expect(e, BsonLite.STRING));
                        break;
                    case "size":
                        if (e.type() != BsonLite.INT32 && e.type() != BsonLite.INT64) {
                            throw new BsonLite.Malformed("field 'size' is " + BsonLite.typeName(e.type()) + ", not int32 or int64");
                        }
                        break;
                    case "type":
                        type = BsonLite.stringValue(doc, expect(e, BsonLite.STRING));
                        break;
                    default:
                        continue;
                }
                if (!seen.add(e.name())) {
                    throw new BsonLite.Malformed("field '" + e.name() + "' appears twice");
                }
            }
            if (db == null) {
                throw new BsonLite.Malformed("field 'db' is missing");
            }
            if (collection == null || collection.isEmpty()) {
                throw new BsonLite.Malformed("field 'collection' is missing or empty");
            }
            MetadataJson.parse(metadata);
        } catch (BsonLite.Malformed m) {
            throw corrupt(at, db == null || collection == null ? null : db + "." + collection,
                    "invalid collection-metadata document in the prelude: " + m.getMessage());
        }
        return new CollectionMetadata(db, collection, metadata, type);
    }

    private static int int32Value(byte[] doc, BsonLite.Element e) throws BsonLite.Malformed {
        if (e.type() == BsonLite.INT32) {
            return BsonLite.readInt32(doc, e.valueOffset());
        }
        if (e.type() == BsonLite.INT64) {
            long v = BsonLite.readInt64(doc, e.valueOffset());
            if (v == (int) v) {
                return (int) v;
            }
            throw new BsonLite.Malformed("field '" + e.name() + "' = " + v + " does not fit in int32");
        }
        throw new BsonLite.Malformed("field '" + e.name() + "' is " + BsonLite.typeName(e.type()) + ", mongodump writes int32");
    }

    private static BsonLite.Element expect(BsonLite.Element e, byte type) throws BsonLite.Malformed {
        if (e.type() != type) {
            throw new BsonLite.Malformed("field '" + e.name() + "' is " + BsonLite.typeName(e.type()) + ", not " + BsonLite.typeName(type));
        }
        return e;
    }

    private PayloadCorruptException corrupt(long offset, String ns, String what) {
        return new PayloadCorruptException(source + " is corrupt at byte offset " + offset
                + (ns == null ? "" : " (namespace " + ns + ")") + ": " + what
                + ". Nothing from it should be restored; use another snapshot or take a new backup.");
    }
}
