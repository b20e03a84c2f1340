package com.daaisuite.backup.core.spi;

import java.util.List;

/**
 * Receives what a payload holds, as a {@link ContentsReader} streams it: every collection first
 * (from the payload's own table of contents), then every document, in payload order. The library's
 * contents engine implements it to compute per-document digests, compare snapshots and find
 * documents, so a source never needs to know what the documents are used for.
 *
 * <p>Calls come from one thread. A visitor may throw to stop reading early; the exception reaches the
 * caller of {@link ContentsReader#read} unchanged.
 */
public interface DocumentVisitor {

    /**
     * One collection, view or time series the payload declares, before any document of it.
     *
     * @param name the collection's name as the user sees it (for a time series, not its buckets)
     * @param type {@code collection}, {@code view} or {@code timeseries}
     * @param indexNames the names of its indexes, in the payload's order (empty for a view)
     */
    void collection(String name, String type, List<String> indexNames);

    /**
     * One document.
     *
     * @param collection the collection it belongs to, one {@link #collection} named before
     * @param id its identity, byte-exact: for MongoDB the BSON type byte of {@code _id} followed by
     *     the value's bytes; empty when the document has none. Owned by the visitor.
     * @param document the document's exact bytes as stored (for MongoDB its raw BSON). Owned by the visitor.
     */
    void document(String collection, byte[] id, byte[] document);
}
