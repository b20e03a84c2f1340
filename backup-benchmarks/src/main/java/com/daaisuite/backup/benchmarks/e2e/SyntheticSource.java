package com.daaisuite.backup.benchmarks.e2e;

import com.daaisuite.backup.core.spi.CollectionSummary;
import com.daaisuite.backup.core.spi.ContentsReader;
import com.daaisuite.backup.core.spi.DatabaseSource;
import com.daaisuite.backup.core.spi.DumpSummary;
import com.daaisuite.backup.core.spi.ProgressListener;
import com.daaisuite.backup.core.spi.RestoreSummary;
import com.daaisuite.backup.core.spi.RestoreTarget;
import com.daaisuite.backup.mongo.MongoContentsReader;
import com.daaisuite.backup.mongo.internal.archive.ArchiveHeader;
import com.daaisuite.backup.mongo.internal.archive.ArchiveWriter;
import com.daaisuite.backup.mongo.internal.archive.CollectionMetadata;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;

/**
 * A database of any size without a server: {@link #dump} streams a synthetic tenant (the e2e
 * harness's generator) as a mongodump archive, so a backup of 2 GB needs no 17 GB test server. A
 * {@link #variant(int)} above 0 leaves out every 997th document and changes every 499th (same
 * {@code _id}, one field added), as edits between two backups would. Only what the contents
 * benchmark needs: it cannot restore.
 */
final class SyntheticSource implements DatabaseSource {
    private final long seed;
    private final long bytes;
    private volatile int variant;
    private volatile boolean readable = true;

    SyntheticSource(long seed, long bytes) {
        this.seed = seed;
        this.bytes = bytes;
    }

    /**
     * @param r false to offer no contents reader, as a source without one: backups then record no
     *     digests (the A/B of what recording them costs)
     */
    void readable(boolean r) {
        readable = r;
    }

    /** @param v 0 for the original tenant, 1 for the edited one */
    void variant(int v) {
        variant = v;
    }

    @Override
    public String payloadFormat() {
        return "mongodump-archive";
    }

    @Override
    public boolean recognizes(byte[] prefix, int length) {
        return length >= 4 && prefix[0] == 0x6D && prefix[1] == (byte) 0xE2 && prefix[2] == (byte) 0x99 && prefix[3] == (byte) 0x81;
    }

    @Override
    public DumpSummary dump(String database, OutputStream out, ProgressListener progress) throws IOException {
        List<CollectionMetadata> prelude = new ArrayList<>();
        for (SyntheticTenant.Kind k : SyntheticTenant.Kind.values()) {
            prelude.add(new CollectionMetadata(database, k.collection(),
                    "{\"indexes\":[{\"v\":{\"$numberInt\":\"2\"},\"key\":{\"_id\":{\"$numberInt\":\"1\"}},\"name\":\"_id_\"}]}",
                    "collection"));
        }
        int v = variant;
        long[] counts = new long[SyntheticTenant.Kind.values().length];
        long[] sizes = new long[counts.length];
        ArchiveWriter w = new ArchiveWriter(out, ArchiveHeader.of("5.0.0", "daai-backup benchmarks"), prelude);
        long[] n = {0};
        SyntheticTenant.Kind[] last = {null};
        SyntheticTenant.generate(seed, bytes, (k, d) -> {
            try {
                if (last[0] != null && last[0] != k) {
                    w.endNamespace(database, last[0].collection());
                }
                last[0] = k;
                long i = n[0]++;
                if (v > 0 && i % 997 == 5) {
                    return;
                }
                byte[] doc = d;
                if (v > 0 && i % 499 == 7) {
                    BsonDocument b = new RawBsonDocument(d).decode(new BsonDocumentCodec());
                    b.put("edited", BsonBoolean.TRUE);
                    org.bson.io.BasicOutputBuffer buf = new org.bson.io.BasicOutputBuffer();
                    try (org.bson.BsonBinaryWriter bw = new org.bson.BsonBinaryWriter(buf)) {
                        new BsonDocumentCodec().encode(bw, b, org.bson.codecs.EncoderContext.builder().build());
                    }
                    doc = buf.toByteArray();
                }
                w.writeDocument(database, k.collection(), doc, 0, doc.length);
                counts[k.ordinal()]++;
                sizes[k.ordinal()] += doc.length;
                if ((i & 4095) == 0) {
                    progress.progress(w.bytesWritten(), i);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        for (SyntheticTenant.Kind k : SyntheticTenant.Kind.values()) {
            // The generator writes the kinds in order: the last one and any never reached are still open.
            if (last[0] == null || k.ordinal() >= last[0].ordinal()) {
                w.endNamespace(database, k.collection());
            }
        }
        w.finish();
        List<CollectionSummary> cols = new ArrayList<>();
        long docs = 0;
        for (SyntheticTenant.Kind k : SyntheticTenant.Kind.values()) {
            cols.add(new CollectionSummary(k.collection(), "collection", counts[k.ordinal()], sizes[k.ordinal()], 1));
            docs += counts[k.ordinal()];
        }
        return new DumpSummary(database, cols, docs, w.bytesWritten(), true, "5.0.0", List.of());
    }

    @Override
    public RestoreSummary restore(InputStream payload, RestoreTarget target, ProgressListener progress) {
        throw new UnsupportedOperationException("the synthetic source cannot restore");
    }

    @Override
    public java.util.Optional<ContentsReader> contentsReader() {
        return readable ? java.util.Optional.of(new MongoContentsReader()) : java.util.Optional.empty();
    }

    @Override
    public String describe() {
        return "synthetic:" + (bytes / 1_000_000) + "MB";
    }
}
