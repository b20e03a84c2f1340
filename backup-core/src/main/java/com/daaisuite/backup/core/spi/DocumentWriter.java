package com.daaisuite.backup.core.spi;

import java.util.List;
import java.util.function.Predicate;

/**
 * Writes chosen snapshot documents back into a live collection, for the document restore
 * (docs/restore.md, "Restoring part of a snapshot"). Offered by {@link DatabaseSource#documentWriter()};
 * must be thread-safe. Documents and identities are in the forms a {@link ContentsReader} of the same
 * source produces ({@link DocumentVisitor#document}).
 *
 * <p>Every write is idempotent by identity: writing the same documents again changes nothing more, so
 * the library finishes an interrupted document restore simply by running it again. A writer never
 * deletes a document and never changes a document whose identity it was not given.
 */
public interface DocumentWriter {

    /**
     * Compiles a filter typed by a person into a test on this source's documents, evaluated exactly
     * as the database would evaluate it. A source accepts only what it can evaluate exactly and refuses
     * the rest.
     *
     * @param filter the filter's text (for MongoDB, a query document as JSON)
     * @return a test on a document's exact bytes
     * @throws IllegalArgumentException if the filter is malformed or uses what this source cannot evaluate
     *     exactly; the message says which part and what is supported
     */
    Predicate<byte[]> filter(String filter);

    /**
     * The identity of a document, as {@link DocumentVisitor#document} receives it.
     *
     * @param document a document's exact bytes
     * @return its identity (for MongoDB, the {@code _id}'s type byte and value bytes)
     */
    byte[] idOf(byte[] document);

    /**
     * Reads the live versions of documents by identity. Changes nothing.
     *
     * @param database the database
     * @param collection the collection
     * @param ids the identities
     * @return the live documents' exact bytes, in the order of {@code ids}; null where there is none
     * @throws com.daaisuite.backup.core.SourceException if the database cannot be read
     */
    List<byte[]> find(String database, String collection, List<byte[]> ids);

    /**
     * Writes documents into a live collection by identity: each is inserted when no document has its
     * identity, replaced when the live one differs (byte-exact) and {@code missingOnly} is false, and
     * otherwise left as it is. Creates the collection if it does not exist. Deletes nothing.
     *
     * @param database the database
     * @param collection the collection
     * @param documents the documents to write, each with an identity, no two with the same one
     * @param missingOnly true to insert missing documents only
     * @return how many were inserted, replaced and left as they were
     * @throws com.daaisuite.backup.core.SourceException if a write fails (the writes before it stay; writing
     *     the same documents again finishes the job)
     */
    Outcome write(String database, String collection, List<byte[]> documents, boolean missingOnly);

    /**
     * What {@link #write} did.
     *
     * @param inserted documents inserted
     * @param replaced documents replaced
     * @param unchanged documents left as they were
     */
    record Outcome(long inserted, long replaced, long unchanged) {}
}
