package com.daaisuite.backup.mongo.internal;

import com.daaisuite.backup.core.spi.CollectionSummary;
import com.daaisuite.backup.core.spi.DumpSummary;
import com.daaisuite.backup.mongo.internal.archive.ArchiveEntry;
import com.daaisuite.backup.mongo.internal.archive.ArchiveLimits;
import com.daaisuite.backup.mongo.internal.archive.ArchiveSource;
import com.daaisuite.backup.mongo.internal.archive.CollectionMetadata;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.BsonArray;
import org.bson.BsonDocument;

/**
 * Reads a payload exactly as a restore would (every length, CRC and namespace checked by the reader)
 * without touching any database: what {@code verify} uses to prove a snapshot restorable.
 */
public final class PayloadInspector {
    private PayloadInspector() {}

    /**
     * @param payload the decompressed payload; read to its end, not closed
     * @param limits reader limits
     * @return the database, and per namespace the documents, bytes and indexes found
     * @throws IOException if reading fails
     * @throws com.daaisuite.backup.core.PayloadCorruptException if the payload is malformed
     */
    public static DumpSummary inspect(InputStream payload, ArchiveLimits limits) throws IOException {
        try (ArchiveSource source = PayloadReader.open(payload, limits)) {
            // The metadata a restore would refuse (an option the server's create does not take) fails here too.
            RestorePlan.check(source.prelude());
            Map<String, CollectionMetadata> prelude = new LinkedHashMap<>();
            for (CollectionMetadata m : source.prelude()) {
                prelude.put(m.namespace(), m);
            }
            Map<String, long[]> seen = new LinkedHashMap<>();
            long documents = 0;
            long bytes = 0;
            for (ArchiveEntry e = source.next(); e != null; e = source.next()) {
                if (e instanceof ArchiveEntry.NamespaceEnd end) {
                    seen.put(end.db() + "." + end.collection(), new long[] {end.documents(), end.bytes()});
                    documents += end.documents();
                    bytes += end.bytes();
                }
            }
            // Drain anything after the clean end (there is nothing, or the reader has already failed).
            payload.transferTo(java.io.OutputStream.nullOutputStream());
            List<CollectionSummary> collections = new ArrayList<>();
            String database = "";
            for (CollectionMetadata m : prelude.values()) {
                database = m.db();
                long[] counts = seen.getOrDefault(m.namespace(), new long[2]);
                collections.add(new CollectionSummary(m.collection(), m.type() == null || m.type().isEmpty()
                        ? "collection" : m.type(), counts[0], counts[1], indexCount(m.metadataJson())));
            }
            // A partial dump says so in its header; the mark travels with the payload (authenticated under DBK1).
            return new DumpSummary(database, collections, documents, bytes, false, "", List.of(), source.onlyCollections());
        }
    }

    private static int indexCount(String metadataJson) {
        if (metadataJson == null || metadataJson.isEmpty()) {
            return 0;
        }
        BsonDocument meta = BsonDocument.parse(metadataJson);
        return meta.isArray("indexes") ? ((BsonArray) meta.get("indexes")).size() : 0;
    }
}
