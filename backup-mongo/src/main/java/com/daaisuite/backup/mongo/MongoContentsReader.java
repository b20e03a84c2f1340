package com.daaisuite.backup.mongo;

import com.daaisuite.backup.core.PayloadCorruptException;
import com.daaisuite.backup.core.spi.ContentsReader;
import com.daaisuite.backup.core.spi.DocumentVisitor;
import com.daaisuite.backup.mongo.internal.DocumentIds;
import com.daaisuite.backup.mongo.internal.PayloadReader;
import com.daaisuite.backup.mongo.internal.archive.ArchiveEntry;
import com.daaisuite.backup.mongo.internal.archive.ArchiveLimits;
import com.daaisuite.backup.mongo.internal.archive.ArchiveSource;
import com.daaisuite.backup.mongo.internal.archive.CollectionMetadata;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * Reads mongodump payloads (an archive, gzipped or not, or a tar of a dump folder) document by
 * document for the library's inspect, compare and find, validating them exactly as a restore does.
 * Needs no connection: {@link MongoDatabaseSource#contentsReader()} returns one, and a tool that reads
 * stored snapshots without a database (the CLI's {@code inspect}, {@code compare}, {@code find}) can
 * create its own. Identities are {@code _id}s, byte-exact; a time series' documents are its buckets,
 * reported under the time series' own name. Stateless and thread-safe.
 */
public final class MongoContentsReader implements ContentsReader {
    private final ArchiveLimits limits;

    /** A reader with the default limits a restore applies. */
    public MongoContentsReader() {
        this(ArchiveLimits.defaults());
    }

    private MongoContentsReader(ArchiveLimits limits) {
        this.limits = limits;
    }

    @Override
    public void read(InputStream payload, DocumentVisitor visitor) throws IOException {
        try (ArchiveSource source = PayloadReader.open(payload, limits)) {
            Map<String, String> names = new HashMap<>();
            for (CollectionMetadata m : source.prelude()) {
                String type = m.type().isEmpty() ? "collection" : m.type();
                visitor.collection(m.collection(), type, indexNames(m));
                names.put(m.collection(), m.collection());
                if (type.equals("timeseries")) {
                    names.put("system.buckets." + m.collection(), m.collection());
                }
            }
            for (ArchiveEntry e = source.next(); e != null; e = source.next()) {
                if (e instanceof ArchiveEntry.Document d) {
                    byte[] id;
                    try {
                        id = DocumentIds.of(d.bson());
                    } catch (RuntimeException malformed) {
                        throw new PayloadCorruptException("A document of " + d.namespace() + " is not valid BSON ("
                                + malformed.getMessage() + "); the payload is corrupt.", malformed);
                    }
                    visitor.document(names.getOrDefault(d.collection(), d.collection()), id, d.bson());
                }
            }
        }
    }

    private static List<String> indexNames(CollectionMetadata m) {
        List<String> out = new ArrayList<>();
        if (m.metadataJson().isEmpty()) {
            return out;
        }
        BsonDocument meta;
        try {
            meta = BsonDocument.parse(m.metadataJson());
        } catch (RuntimeException e) {
            throw new PayloadCorruptException("The metadata of " + m.namespace() + " is not extended JSON; the payload is corrupt.", e);
        }
        if (meta.isArray("indexes")) {
            for (BsonValue ix : (BsonArray) meta.get("indexes")) {
                if (ix.isDocument() && ix.asDocument().isString("name")) {
                    out.add(ix.asDocument().getString("name").getValue());
                }
            }
        }
        return out;
    }

    @Override
    public String idToText(byte[] id) {
        return DocumentIds.toText(id);
    }

    @Override
    public byte[] idFromText(String text) {
        return DocumentIds.fromText(text);
    }
}
