package com.daaisuite.backup.core.spi;

import java.util.List;
import java.util.Optional;

/**
 * What a dump wrote.
 *
 * @param database the database dumped
 * @param collections each collection, in payload order
 * @param documents total documents
 * @param payloadBytes total bytes of the payload written
 * @param pointInTime true if every collection was read at one point in time (a snapshot read);
 *     false for a plain read, where concurrent writes may be partly included
 * @param serverVersion the server's version
 * @param warnings things the host should know, such as why the dump is not point-in-time
 * @param onlyCollections present when the dump was limited to these collections
 *     ({@link DatabaseSource#dumpCollections}), sorted; such a payload is not the whole database and
 *     must never be restored as one. Empty for a dump of the whole database. A payload read back by
 *     {@link DatabaseSource#inspectPayload} reports what the payload itself says, so the mark is as
 *     trustworthy as the archive that carries it (authenticated under DBK1)
 */
public record DumpSummary(String database, List<CollectionSummary> collections, long documents, long payloadBytes,
        boolean pointInTime, String serverVersion, List<String> warnings, Optional<List<String>> onlyCollections) {
    /** Copies the lists; an {@code onlyCollections} is sorted and must name at least one collection. */
    public DumpSummary {
        collections = List.copyOf(collections);
        warnings = List.copyOf(warnings);
        onlyCollections = onlyCollections.map(l -> {
            if (l.isEmpty()) {
                throw new IllegalArgumentException("a dump limited to collections names at least one");
            }
            return l.stream().sorted().distinct().toList();
        });
    }

    /** A dump of the whole database: the components of {@link DumpSummary} but the last. */
    public DumpSummary(String database, List<CollectionSummary> collections, long documents, long payloadBytes,
            boolean pointInTime, String serverVersion, List<String> warnings) {
        this(database, collections, documents, payloadBytes, pointInTime, serverVersion, warnings, Optional.empty());
    }

    /** @return true when the payload holds only some collections of its database ({@link #onlyCollections}) */
    public boolean partial() {
        return onlyCollections.isPresent();
    }
}
