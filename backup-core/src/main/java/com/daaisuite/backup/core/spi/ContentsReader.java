package com.daaisuite.backup.core.spi;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a source's payload document by document: what inspect, compare and find (and later
 * selective restore and the restore drill) are built on. It needs no database connection, so the
 * library can read stored snapshots with it, and the live database through a dump piped into it.
 * Offered by {@link DatabaseSource#contentsReader()}; must be thread-safe (it keeps no state).
 */
public interface ContentsReader {

    /**
     * Streams a whole payload to {@code visitor}, validating it exactly as a restore would (lengths,
     * checksums, trailer). Reads to the end unless the visitor throws; does not close {@code payload}.
     *
     * @param payload the uncompressed, decrypted payload
     * @param visitor receives the collections, then the documents
     * @throws IOException if reading fails
     * @throws com.daaisuite.backup.core.PayloadCorruptException if the payload is malformed
     */
    void read(InputStream payload, DocumentVisitor visitor) throws IOException;

    /**
     * A document identity as people read it: for MongoDB the {@code _id} in canonical extended JSON
     * ({@code {"$oid": "..."}}, {@code "INV-001"}, {@code {"$numberInt": "42"}}).
     *
     * @param id an identity as {@link DocumentVisitor#document} receives it
     * @return its text
     */
    String idToText(byte[] id);

    /**
     * Parses an identity typed by a person: canonical (or relaxed) extended JSON, or a plain string
     * or number ({@code INV-001}, {@code 42}).
     *
     * @param text the identity
     * @return it as {@link DocumentVisitor#document} would receive it
     * @throws IllegalArgumentException if the text is not an identity this source can hold
     */
    byte[] idFromText(String text);
}
