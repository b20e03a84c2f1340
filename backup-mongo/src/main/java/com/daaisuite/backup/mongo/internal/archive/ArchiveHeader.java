package com.daaisuite.backup.mongo.internal.archive;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The archive's header document. mongodump writes {@code concurrent_collections} as int32 and the
 * three others as strings; a reader fills absent fields with 0 and "" as mongorestore does.
 *
 * <p>{@code onlyCollections} is this library's own field ({@value #ONLY_COLLECTIONS}, a string
 * holding a JSON array of names): present when the dump was limited to those collections, so the
 * payload itself says it is not the whole database. mongorestore ignores unknown header fields.
 */
public record ArchiveHeader(int concurrentCollections, String version, String serverVersion, String toolVersion,
        Optional<List<String>> onlyCollections) {
    /** The archive format version mongodump writes; mongorestore never checks it. */
    public static final String FORMAT_VERSION = "0.1";
    /** The header field that marks a dump of chosen collections. */
    public static final String ONLY_COLLECTIONS = "daai_only_collections";

    public ArchiveHeader {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(serverVersion, "serverVersion");
        Objects.requireNonNull(toolVersion, "toolVersion");
        onlyCollections = onlyCollections.map(List::copyOf);
    }

    /** A header of a whole-database dump. */
    public ArchiveHeader(int concurrentCollections, String version, String serverVersion, String toolVersion) {
        this(concurrentCollections, version, serverVersion, toolVersion, Optional.empty());
    }

    /** A header as mongodump would write it: 4 parallel collections, format "0.1". */
    public static ArchiveHeader of(String serverVersion, String toolVersion) {
        return new ArchiveHeader(4, FORMAT_VERSION, serverVersion, toolVersion);
    }
}
