package com.daaisuite.backup.mongo.internal.archive;

import java.util.Objects;

/**
 * The archive's header document. mongodump writes {@code concurrent_collections} as int32 and the
 * three others as strings; a reader fills absent fields with 0 and "" as mongorestore does.
 */
public record ArchiveHeader(int concurrentCollections, String version, String serverVersion, String toolVersion) {
    /** The archive format version mongodump writes; mongorestore never checks it. */
    public static final String FORMAT_VERSION = "0.1";

    public ArchiveHeader {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(serverVersion, "serverVersion");
        Objects.requireNonNull(toolVersion, "toolVersion");
    }

    /** A header as mongodump would write it: 4 parallel collections, format "0.1". */
    public static ArchiveHeader of(String serverVersion, String toolVersion) {
        return new ArchiveHeader(4, FORMAT_VERSION, serverVersion, toolVersion);
    }
}
