package com.daaisuite.backup.mongo.internal.archive;

/**
 * Bounds on what a reader will hold in memory, so that no length read from the input drives an
 * allocation beyond them.
 *
 * @param maxDocumentBytes  largest accepted BSON document (data, header, prelude and namespace
 *                          headers alike); 5 to 16 MiB, the format's own limit
 * @param maxPreludeEntries most namespaces an archive or dump folder may declare
 * @param maxMetadataBytes  total bytes of metadata kept in memory: the sum of all prelude
 *                          documents (archive) or of all {@code .metadata.json} files (dump folder)
 */
public record ArchiveLimits(int maxDocumentBytes, int maxPreludeEntries, int maxMetadataBytes) {
    /** The format's maximum document size, 16 MiB inclusive. */
    public static final int MAX_BSON_BYTES = 16 * 1024 * 1024;
    /** The smallest BSON document: length prefix and trailing 0x00. */
    public static final int MIN_BSON_BYTES = 5;

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
    }

    /** 16 MiB documents, 100,000 namespaces, 256 MiB of metadata in total. */
    public static ArchiveLimits defaults() {
        return new ArchiveLimits(MAX_BSON_BYTES, 100_000, 256 * 1024 * 1024);
    }
}
