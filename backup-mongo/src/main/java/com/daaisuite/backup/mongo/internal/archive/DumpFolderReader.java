package com.daaisuite.backup.mongo.internal.archive;

import com.daaisuite.backup.core.PayloadCorruptException;
import com.daaisuite.backup.core.SourceException;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.bson.BsonDocument;

/**
 * Reads a {@code mongodump --out} folder packed as a tar (gzipped or not): every
 * {@code <db>/<collection>.bson} (concatenated BSON documents) and
 * {@code <db>/<collection>.metadata.json}, also their {@code .gz} forms ({@code --gzip}).
 * A leading folder ({@code dump/...}) is allowed: the database is the file's parent folder.
 * Collection names are unescaped from the file name as mongodump escapes them ({@code %XX}).
 *
 * <p>The whole tar is read in the constructor, because the prelude must be complete before any
 * document and tar order is arbitrary (usually {@code x.bson} before {@code x.metadata.json}).
 * Metadata is held in memory, bounded by {@link ArchiveLimits#maxMetadataBytes()}; every
 * {@code .bson} is spooled to a private temporary folder (or one the caller gives), so disk use
 * equals the uncompressed data size, bounded by {@link ArchiveLimits#spoolLimit} and checked while
 * writing, with each document's framing checked before its bytes are written ({@link BsonSpool});
 * {@link #close()} deletes it, and so does a failure.
 *
 * <p>Ignored: {@code prelude.json}, top-level files, an {@code oplog.bson} in a folder without any
 * {@code .metadata.json} (the {@code --oplog} stream at the dump's root, e.g. {@code dump/oplog.bson}),
 * and files of other kinds.
 * A {@code .bson} without metadata is a collection without indexes or options (as mongorestore
 * does); a metadata file without {@code .bson} is an empty collection or a view. The namespaces
 * come in (db, collection) order. {@link ArchiveEntry.NamespaceEnd#crc()} is computed, not checked.
 *
 * <p>This file is long (about 420 lines) because it turns a whole {@code mongodump --out} tree (a tar,
 * gzipped or not, of plain or {@code --gzip} files) into one archive stream, checking each file as it goes.
 */
public final class DumpFolderReader implements ArchiveSource {
    private static final String BSON = ".bson";
    private static final String META = ".metadata.json";

    private final ArchiveLimits limits;
    private final String source;
    private final Path spoolDir;
    private final boolean ownSpoolDir;
    private final List<CollectionMetadata> prelude;
    private final List<Namespace> order;
    private final List<Path> spoolFiles = new ArrayList<>();
    private int index;
    private Namespace current;
    private InputStream currentIn;
    private long currentOffset;
    private String failure;
    private boolean closed;

    private static final class Namespace {
        final CollectionMetadata metadata;
        final String bodyCollection;
        final Path spool; // null: no .bson
        final String entryName;
        final Crc64 crc = new Crc64();
        long documents;
        long bytes;

        Namespace(CollectionMetadata metadata, String bodyCollection, Path spool, String entryName) {
            this.metadata = metadata;
            this.bodyCollection = bodyCollection;
            this.spool = spool;
            this.entryName = entryName;
        }
    }

    private record Found(String db, String collection, String entryName, String dir) {
    }

    public DumpFolderReader(InputStream tarStream, ArchiveLimits limits) throws IOException {
        this(tarStream, limits, null, "mongodump folder tar");
    }

    /**
     * @param spoolDir where the {@code .bson} files are spooled; null for a new private temporary
     *                 folder (deleted on close). Files created in a given folder are deleted too.
     * @param source   names the payload in error messages
     */
    public DumpFolderReader(InputStream tarStream, ArchiveLimits limits, Path spoolDir, String source) throws IOException {
        Objects.requireNonNull(tarStream, "tarStream");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.source = Objects.requireNonNull(source, "source");
        this.ownSpoolDir = spoolDir == null;
        this.spoolDir = spoolDir == null ? Files.createTempDirectory("daai-dumpfolder-") : spoolDir;
        Map<String, String> metadataByNs = new TreeMap<>();
        Map<String, Found> metaFound = new HashMap<>();
        Map<String, Path> bsonByNs = new HashMap<>();
        Map<String, Found> bsonFound = new HashMap<>();
        try {
            scan(tarStream, metadataByNs, metaFound, bsonByNs, bsonFound);
            List<Namespace> list = assemble(metadataByNs, metaFound, bsonByNs, bsonFound);
            this.order = list;
            List<CollectionMetadata> p = new ArrayList<>(list.size());
            for (Namespace n : list) {
                p.add(n.metadata);
            }
            this.prelude = List.copyOf(p);
        } catch (IOException | RuntimeException e) {
            deleteSpool();
            throw e;
        }
    }

    private void scan(InputStream raw, Map<String, String> metadataByNs, Map<String, Found> metaFound,
            Map<String, Path> bsonByNs, Map<String, Found> bsonFound) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(new NonClosing(raw), 64 * 1024);
        buffered.mark(2);
        int b0 = buffered.read();
        int b1 = buffered.read();
        buffered.reset();
        InputStream plain = b0 == 0x1F && b1 == 0x8B ? new GZIPInputStream(buffered, 64 * 1024) : buffered;
        long metadataBytes = 0;
        BsonSpool bson = new BsonSpool(limits.spoolLimit(spoolDir), limits.maxDocumentBytes());
        TarArchiveInputStream tar = new TarArchiveInputStream(plain);
        while (true) {
            TarArchiveEntry e;
            try {
                e = tar.getNextEntry();
            } catch (IOException | RuntimeException x) {
                throw corrupt(null, -1, null, "it is not a readable tar archive (" + x.getMessage() + ")", x);
            }
            if (e == null) {
                break;
            }
            if (!e.isFile()) {
                continue;
            }
            String name = e.getName();
            String[] parts = name.replace('\\', '/').split("/");
            List<String> path = new ArrayList<>();
            for (String part : parts) {
                if (!part.isEmpty() && !part.equals(".")) {
                    path.add(part);
                }
            }
            if (path.size() < 2) {
                continue; // top-level files: prelude.json, oplog.bson, anything else
            }
            String file = path.get(path.size() - 1);
            String db = path.get(path.size() - 2);
            String dir = String.join("/", path.subList(0, path.size() - 1));
            boolean gz = file.endsWith(".gz");
            String base = gz ? file.substring(0, file.length() - 3) : file;
            if (base.endsWith(META)) {
                String coll = unescape(base.substring(0, base.length() - META.length()));
                String ns = db + "." + coll;
                long budget = limits.maxMetadataBytes() - metadataBytes;
                byte[] json = readBounded(tar, gz, budget, name);
                metadataBytes += json.length;
                if (metaFound.size() >= limits.maxPreludeEntries()) {
                    throw corrupt(name, -1, null, "the folder holds more than " + limits.maxPreludeEntries() + " collections (limit)", null);
                }
                Found prev = metaFound.put(ns, new Found(db, coll, name, dir));
                if (prev != null) {
                    throw corrupt(name, -1, ns, "metadata for this namespace also comes from " + prev.entryName, null);
                }
                try {
                    metadataByNs.put(ns, BsonLite.utf8(json, 0, json.length, "metadata"));
                } catch (BsonLite.Malformed m) {
                    throw corrupt(name, -1, ns, m.getMessage(), null);
                }
            } else if (base.endsWith(BSON)) {
                String coll = unescape(base.substring(0, base.length() - BSON.length()));
                String ns = db + "." + coll;
                if (bsonFound.size() >= limits.maxPreludeEntries()) {
                    throw corrupt(name, -1, null, "the folder holds more than " + limits.maxPreludeEntries() + " collections (limit)", null);
                }
                Found prev = bsonFound.put(ns, new Found(db, coll, name, dir));
                if (prev != null) {
                    throw corrupt(name, -1, ns, "data for this namespace also comes from " + prev.entryName, null);
                }
                Path spool = Files.createTempFile(spoolDir, "ns-", ".bson");
                spoolFiles.add(spool);
                bsonByNs.put(ns, spool);
                try {
                    InputStream content = gz ? new GZIPInputStream(new NonClosing(tar), 64 * 1024) : tar;
                    bson.copy(content, spool);
                } catch (BsonSpool.Refused r) {
                    if (r.overBudget) {
                        throw new SourceException(source + " entry " + name + " cannot be read: " + r.getMessage()
                                + " (the spool folder's free disk less a reserve, or the configured maxSpoolBytes). Nothing"
                                + " was restored and the spooled files were deleted; free disk space in " + spoolDir
                                + " or raise the limit.");
                    }
                    throw corrupt(name, r.offset, ns, r.getMessage(), null);
                } catch (IOException x) {
                    throw corrupt(name, -1, ns, "its content cannot be read (" + x.getMessage() + ")", x);
                }
            }
        }
    }

    private List<Namespace> assemble(Map<String, String> metadataByNs, Map<String, Found> metaFound,
            Map<String, Path> bsonByNs, Map<String, Found> bsonFound) throws IOException {
        List<Namespace> list = new ArrayList<>();
        Map<String, Found> remainingBson = new HashMap<>(bsonFound);
        for (Map.Entry<String, String> m : metadataByNs.entrySet()) {
            String ns = m.getKey();
            Found f = metaFound.get(ns);
            String type;
            try {
                type = MetadataJson.typeOf(MetadataJson.parse(m.getValue()));
            } catch (BsonLite.Malformed x) {
                throw corrupt(f.entryName, -1, ns, x.getMessage(), null);
            }
            String bodyCollection = f.collection;
            Found data = remainingBson.remove(ns);
            if (data == null && "timeseries".equals(type)) {
                String buckets = f.db + "." + NamespaceTable.BUCKETS_PREFIX + f.collection;
                data = remainingBson.remove(buckets);
                if (data != null) {
                    bodyCollection = NamespaceTable.BUCKETS_PREFIX + f.collection;
                }
            }
            if (data != null && !data.dir.equals(f.dir)) {
                throw corrupt(data.entryName, -1, ns, "its metadata is in another folder: " + f.entryName, null);
            }
            list.add(new Namespace(new CollectionMetadata(f.db, f.collection, m.getValue(), type), bodyCollection,
                    data == null ? null : bsonByNs.get(data.db + "." + data.collection), data == null ? f.entryName : data.entryName));
        }
        for (Found data : remainingBson.values()) {
            String ns = data.db + "." + data.collection;
            Path spool = bsonByNs.get(ns);
            if (data.collection.equals("oplog") && !looksLikeDatabaseFolder(data.dir, metaFound)) {
                Files.deleteIfExists(spool); // the --oplog stream of a whole-instance dump, not a collection
                continue;
            }
            list.add(new Namespace(new CollectionMetadata(data.db, data.collection, "", "collection"), data.collection, spool, data.entryName));
        }
        list.sort(Comparator.comparing((Namespace n) -> n.metadata.db()).thenComparing(n -> n.metadata.collection()));
        if (list.size() > limits.maxPreludeEntries()) {
            throw corrupt(null, -1, null, "the folder holds more than " + limits.maxPreludeEntries() + " collections (limit)", null);
        }
        return list;
    }

    /** A folder is a database folder when some collection metadata lives in it. */
    private static boolean looksLikeDatabaseFolder(String dir, Map<String, Found> metaFound) {
        for (Found f : metaFound.values()) {
            if (f.dir.equals(dir)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public List<CollectionMetadata> prelude() {
        return prelude;
    }

    @Override
    public ArchiveEntry next() throws IOException {
        if (failure != null) {
            throw new PayloadCorruptException(failure + " (reported earlier; the reader stays failed)");
        }
        if (closed) {
            return null;
        }
        try {
            return step();
        } catch (PayloadCorruptException e) {
            failure = e.getMessage();
            throw e;
        }
    }

    private ArchiveEntry step() throws IOException {
        while (true) {
            if (current == null) {
                if (index >= order.size()) {
                    return null;
                }
                current = order.get(index++);
                currentOffset = 0;
                currentIn = current.spool == null ? InputStream.nullInputStream()
                        : new BufferedInputStream(Files.newInputStream(current.spool), 64 * 1024);
            }
            Namespace n = current;
            String ns = n.metadata.db() + "." + n.bodyCollection;
            byte[] len = new byte[4];
            int got = currentIn.readNBytes(len, 0, 4);
            if (got == 0) {
                currentIn.close();
                if (n.spool != null) {
                    Files.deleteIfExists(n.spool);
                }
                current = null;
                return new ArchiveEntry.NamespaceEnd(n.metadata.db(), n.bodyCollection, n.documents, n.bytes, n.crc.getValue());
            }
            if (got < 4) {
                throw corrupt(n.entryName, currentOffset, ns, "the file ends with " + got + " stray bytes (truncated?)", null);
            }
            int size = BsonLite.readInt32(len, 0);
            if (size < ArchiveLimits.MIN_BSON_BYTES || size > limits.maxDocumentBytes()) {
                throw corrupt(n.entryName, currentOffset, ns, size + " is not a BSON length from 5 to " + limits.maxDocumentBytes(), null);
            }
            byte[] doc = new byte[size];
            System.arraycopy(len, 0, doc, 0, 4);
            int rest = currentIn.readNBytes(doc, 4, size - 4);
            if (rest < size - 4) {
                throw corrupt(n.entryName, currentOffset, ns, "the file is truncated inside a document of " + size + " bytes", null);
            }
            if (doc[size - 1] != 0) {
                throw corrupt(n.entryName, currentOffset, ns, "the document of " + size + " bytes does not end with 0x00", null);
            }
            currentOffset += size;
            n.crc.update(doc, 0, size);
            n.documents++;
            n.bytes += size;
            return new ArchiveEntry.Document(n.metadata.db(), n.bodyCollection, doc);
        }
    }

    /** Closes and deletes the spooled data. The tar stream given to the constructor is not closed. */
    @Override
    public void close() throws IOException {
        closed = true;
        if (currentIn != null) {
            currentIn.close();
            currentIn = null;
        }
        deleteSpool();
    }

    private void deleteSpool() throws IOException {
        for (Path p : spoolFiles) {
            Files.deleteIfExists(p);
        }
        if (ownSpoolDir) {
            try (var files = Files.list(spoolDir)) {
                files.forEach(f -> {
                    try {
                        Files.deleteIfExists(f);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            Files.deleteIfExists(spoolDir);
        }
    }

    private byte[] readBounded(InputStream tar, boolean gz, long budget, String name) throws IOException {
        InputStream content = gz ? new GZIPInputStream(new NonClosing(tar), 8192) : tar;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        long total = 0;
        try {
            int r;
            while ((r = content.read(chunk)) > 0) {
                total += r;
                if (total > budget) {
                    throw corrupt(name, -1, null, "metadata exceeds the limit of " + limits.maxMetadataBytes() + " bytes in total", null);
                }
                out.write(chunk, 0, r);
            }
        } catch (PayloadCorruptException e) {
            throw e;
        } catch (IOException e) {
            throw corrupt(name, -1, null, "its content cannot be read (" + e.getMessage() + ")", e);
        }
        return out.toByteArray();
    }

    /** mongodump escapes '%' and '/' (and a few others) in file names as %XX; invalid escapes stay as they are. */
    static String unescape(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '%' && i + 2 < b.length && hex(b[i + 1]) >= 0 && hex(b[i + 2]) >= 0) {
                out.write(hex(b[i + 1]) << 4 | hex(b[i + 2]));
                i += 2;
            } else {
                out.write(b[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private PayloadCorruptException corrupt(String entry, long offset, String ns, String what, Throwable cause) {
        String msg = source + (entry == null ? "" : " entry " + entry) + " is corrupt"
                + (offset >= 0 ? " at byte offset " + offset : "") + (ns == null ? "" : " (namespace " + ns + ")")
                + ": " + what + ". Nothing from it should be restored; use another snapshot or re-create the dump.";
        return cause == null ? new PayloadCorruptException(msg) : new PayloadCorruptException(msg, cause);
    }

    private static final class NonClosing extends FilterInputStream {
        NonClosing(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
            // The tar stream (or the caller's stream) outlives each entry.
        }
    }
}
