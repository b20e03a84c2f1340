package com.daaisuite.backup.mongo.internal.archive;

/** What a reader's {@code next()} yields, in archive order. */
public sealed interface ArchiveEntry permits ArchiveEntry.Document, ArchiveEntry.NamespaceEnd {
    String db();

    String collection();

    default String namespace() {
        return db() + "." + collection();
    }

    /**
     * One data document. {@code bson()} is the exact bytes, length prefix and trailing 0 included,
     * owned by the receiver (the reader keeps no reference). The namespace is the body's: for a
     * timeseries collection X on servers before 8.3 that is {@code system.buckets.X}.
     */
    record Document(String db, String collection, byte[] bson) implements ArchiveEntry {
        public int length() {
            return bson.length;
        }
    }

    /**
     * The namespace's EOF block was read and its stored CRC equals the CRC-64/XZ of its
     * {@code documents} documents ({@code bytes} bytes in total). A dump-folder reader computes
     * the CRC instead, there is nothing to check it against.
     */
    record NamespaceEnd(String db, String collection, long documents, long bytes, long crc) implements ArchiveEntry {
    }
}
