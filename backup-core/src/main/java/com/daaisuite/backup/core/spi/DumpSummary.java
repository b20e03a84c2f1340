package com.daaisuite.backup.core.spi;

import java.util.List;

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
 */
public record DumpSummary(String database, List<CollectionSummary> collections, long documents, long payloadBytes,
        boolean pointInTime, String serverVersion, List<String> warnings) {
    public DumpSummary {
        collections = List.copyOf(collections);
        warnings = List.copyOf(warnings);
    }
}
