package com.daaisuite.backup.mongo.internal.archive;

import com.daaisuite.backup.core.spi.SpoolLimit;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Bounds on what a reader will hold in memory or write to disk, so that no length read from the
 * input drives an allocation, or a spool, beyond them.
 *
 * @param maxDocumentBytes  largest accepted BSON document (data, header, prelude and namespace
 *                          headers alike); 5 to 16 MiB, the format's own limit
 * @param maxPreludeEntries most namespaces an archive or dump folder may declare
 * @param maxMetadataBytes  total bytes of metadata kept in memory: the sum of all prelude
 *                          documents (archive) or of all {@code .metadata.json} files (dump folder)
 * @param maxSpoolBytes     total bytes a dump-folder reader may spool to disk, or
 *                          {@link #SPOOL_FROM_FREE_DISK} for {@link SpoolLimit#fromFreeSpace} of its folder
 */
public record ArchiveLimits(int maxDocumentBytes, int maxPreludeEntries, int maxMetadataBytes, long maxSpoolBytes) {
    /** The format's maximum document size, 16 MiB inclusive. */
    public static final int MAX_BSON_BYTES = 16 * 1024 * 1024;
    /** The smallest BSON document: length prefix and trailing 0x00. */
    public static final int MIN_BSON_BYTES = 5;
    /** {@link #maxSpoolBytes()}: decided by the spool folder's free disk when the spool starts. */
    public static final long SPOOL_FROM_FREE_DISK = -1;
    /** The metadata limit is never above this, whatever the heap. */
    public static final int MAX_METADATA_BYTES = 256 * 1024 * 1024;
    private static final int MIN_METADATA_BYTES = 1024 * 1024;

    public ArchiveLimits {
        if (maxDocumentBytes < MIN_BSON_BYTES || maxDocumentBytes > MAX_BSON_BYTES) {
            throw new IllegalArgumentException("maxDocumentBytes must be 5.." + MAX_BSON_BYTES + ", was " + maxDocumentBytes);
        }
        if (maxPreludeEntries < 1) {
            throw new IllegalArgumentException("maxPreludeEntries must be at least 1, was " + maxPreludeEntries);
        }
        if (maxMetadataBytes < 0) {
            throw new IllegalArgumentException("maxMetadataBytes must not be negative, was " + maxMetadataBytes);
        }
        if (maxSpoolBytes < 0 && maxSpoolBytes != SPOOL_FROM_FREE_DISK) {
            throw new IllegalArgumentException("maxSpoolBytes must not be negative, was " + maxSpoolBytes);
        }
    }

    /** Limits whose spool is bounded by the free disk. */
    public ArchiveLimits(int maxDocumentBytes, int maxPreludeEntries, int maxMetadataBytes) {
        this(maxDocumentBytes, maxPreludeEntries, maxMetadataBytes, SPOOL_FROM_FREE_DISK);
    }

    /**
     * 16 MiB documents, 100,000 namespaces, metadata bounded by this JVM's heap
     * ({@link #metadataFromHeap}), spools bounded by the free disk.
     */
    public static ArchiveLimits defaults() {
        return new ArchiveLimits(MAX_BSON_BYTES, 100_000, metadataFromHeap(Runtime.getRuntime().maxMemory()));
    }

    /**
     * The metadata a reader may hold with a heap of {@code maxHeap} bytes: a sixteenth of it, from 1
     * MiB to 256 MiB. Parsing a metadata document costs a few times its size while it lasts (the
     * bytes, the string, the parsed JSON), so a sixteenth leaves the rest of the heap room: 160 MiB
     * (the CLI launcher's heap) allows about 10 MiB, far above real metadata (kilobytes per collection).
     *
     * @param maxHeap {@link Runtime#maxMemory()}
     * @return bytes of metadata
     */
    public static int metadataFromHeap(long maxHeap) {
        return (int) Math.max(MIN_METADATA_BYTES, Math.min(MAX_METADATA_BYTES, maxHeap / 16));
    }

    /** The same limits with another metadata bound. */
    public ArchiveLimits withMaxMetadataBytes(int bytes) {
        return new ArchiveLimits(maxDocumentBytes, maxPreludeEntries, bytes, maxSpoolBytes);
    }

    /** The same limits with another spool bound ({@link #SPOOL_FROM_FREE_DISK} for the free disk). */
    public ArchiveLimits withMaxSpoolBytes(long bytes) {
        return new ArchiveLimits(maxDocumentBytes, maxPreludeEntries, maxMetadataBytes, bytes);
    }

    /**
     * @param folder where the spool goes
     * @return the bytes that may be spooled there
     * @throws IOException if the disk cannot be asked
     */
    public long spoolLimit(Path folder) throws IOException {
        return maxSpoolBytes == SPOOL_FROM_FREE_DISK ? SpoolLimit.fromFreeSpace(folder) : maxSpoolBytes;
    }
}
