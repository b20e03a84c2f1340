package com.daaisuite.backup.mongo.internal.archive;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * The pull interface both readers share: the namespaces up front, then documents and
 * namespace ends in order. Every format violation is a
 * {@link com.daaisuite.backup.core.PayloadCorruptException}; after one, every later call fails too.
 */
public interface ArchiveSource extends Closeable {
    /** Every namespace the source declares, known before any document. */
    List<CollectionMetadata> prelude();

    /**
     * The collections a partial dump was limited to, as its header says (see {@link ArchiveHeader#onlyCollections()});
     * empty for a whole-database dump and for formats without a header.
     */
    default java.util.Optional<List<String>> onlyCollections() {
        return java.util.Optional.empty();
    }

    /** The next entry, or {@code null} at the clean end, after every prelude namespace has ended. */
    ArchiveEntry next() throws IOException;
}
