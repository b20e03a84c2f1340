package com.daaisuite.backup.core.spi;

import java.util.List;

/**
 * What a restore loaded.
 *
 * @param database the database replaced
 * @param collections each collection restored
 * @param documents total documents restored
 * @param payloadBytes total payload bytes read
 * @param droppedCollections live collections the snapshot did not have, dropped by the swap
 */
public record RestoreSummary(String database, List<CollectionSummary> collections, long documents, long payloadBytes,
        List<String> droppedCollections) {
    public RestoreSummary {
        collections = List.copyOf(collections);
        droppedCollections = List.copyOf(droppedCollections);
    }
}
